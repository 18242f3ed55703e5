"""Golden files: each input under tests/data/<stage>/ beside its expected JSON.

A new case is two files: `name.txt` (the digest) and `name.json` (what is expected).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from conftest import DATA, check_golden
from podcast.config import Config
from podcast.digest import read_digest
from podcast.pipeline import make_script
from podcast.script.lexicon import engine_text, load_lexicon
from podcast.script.speech import to_speech
from podcast.sentences import split_sentences

GOLDEN_DATE = dt.date(2026, 11, 25)


def _inputs(stage: str) -> list[Path]:
    """Every input of a stage: any file but the expected JSON (a JSON input is named `name.in.json`)."""
    return sorted(p for p in (DATA / stage).iterdir() if p.suffix != ".json" or p.name.endswith(".in.json"))


def expected(source: Path) -> Path:
    """`name.txt` and `name.in.json` are checked against `name.json`."""
    return source.with_name(source.name.removesuffix(".in.json").rsplit(".", 1)[0] + ".json")


@pytest.mark.parametrize("source", _inputs("read"), ids=lambda p: p.name)
def test_reader_golden(source: Path) -> None:
    digest = read_digest(source)
    actual = dataclasses.asdict(dataclasses.replace(digest, source=""))
    check_golden(actual, expected(source))


@pytest.mark.parametrize("source", _inputs("script"), ids=lambda p: p.name)
def test_script_golden(source: Path) -> None:
    script = make_script(source, Config(), GOLDEN_DATE)
    actual = {
        "show": script.show,
        "title": script.title,
        "date": script.date.isoformat(),
        "segments": [dataclasses.asdict(s) for s in script.segments],
    }
    check_golden(actual, expected(source))


@pytest.mark.parametrize("source", _inputs("speech"), ids=lambda p: p.name)
def test_speech_golden(source: Path) -> None:
    """One written line per case: what the script says, and what the engine is given."""
    lexicon = load_lexicon()
    cases = []
    for line in source.read_text(encoding="utf-8").splitlines():
        spoken = to_speech(line)
        cases.append({"written": line, "spoken": spoken, "engine": engine_text(spoken, lexicon)})
    check_golden(cases, expected(source))


@pytest.mark.parametrize("source", _inputs("sentences"), ids=lambda p: p.name)
def test_sentence_golden(source: Path) -> None:
    """One paragraph per line, split by the one sentence rule the reader, writer and audio timing share."""
    cases = [{"text": line, "sentences": split_sentences(line)} for line in source.read_text(encoding="utf-8").splitlines()]
    check_golden(cases, expected(source))
