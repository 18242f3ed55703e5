"""`check` on a real short episode: real espeak speech, real MP3, Whisper tiny.en offline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from podcast.cli import app
from podcast.qa.findings import HeardWord
from podcast.qa.compare import compare
from podcast.script.script_file import read_script_file


@pytest.fixture(scope="module")
def episode(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The short digest made once with espeak, for every check test."""
    from typer.testing import CliRunner

    from conftest import SHORT_DIGEST

    folder = tmp_path_factory.mktemp("episode")
    digest = folder / "brief.txt"
    digest.write_text(SHORT_DIGEST, encoding="utf-8")
    args = ["make", str(digest), "--date", "2026-11-25", "-o", str(folder), "--engine", "pyttsx3", "--voice", "gmw/en-us"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


def test_make_writes_the_script_beside_the_episode(episode: Path) -> None:
    script, placed = read_script_file(episode.with_suffix(".script.json"))
    assert script.title == "Chips and Trains"
    assert [p.segment.kind for p in placed] == ["intro", "headlines", "story", "story", "outro"]
    assert all(a.end <= b.start for a, b in zip(placed, placed[1:]))
    assert placed[2].voice == "pyttsx3 gmw/en-us 175"


def test_check_hears_a_clean_episode_mostly_right(runner, episode: Path) -> None:
    result = runner.invoke(app, ["check", str(episode), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["words"] > 60
    assert report["wer"] < 0.35
    assert report["recognizer"].startswith("Whisper tiny.en")


def test_check_lists_words_the_audio_does_not_say(runner, episode: Path, tmp_path: Path) -> None:
    """A script that says something else in one story: exactly those words are flagged."""
    data = json.loads(episode.with_suffix(".script.json").read_text())
    data["segments"][3]["text"] = "Zebras painted the Kremlin purple yesterday."
    script = tmp_path / "other.script.json"
    script.write_text(json.dumps(data))
    result = runner.invoke(app, ["check", str(episode), "--script", str(script)])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("Whisper tiny.en (faster-whisper) heard ") and "WER " in first
    assert "Spoken by anchor: pyttsx3 gmw/en-us 175; story: pyttsx3 gmw/en-us 175" in result.stdout
    # The heard story has its own "the", which may align with the written one.
    assert "Zebras painted" in result.stdout and "Kremlin purple yesterday" in result.stdout
    assert "[Rail link opens between two cities]" in result.stdout


def test_check_without_a_script_file_says_how_to_get_one(runner, episode: Path, tmp_path: Path) -> None:
    lone = tmp_path / "lone.mp3"
    lone.write_bytes(episode.read_bytes())
    result = runner.invoke(app, ["check", str(lone)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 'lone.script.json'} not found; it is written beside each episode")


def test_check_of_a_missing_episode(runner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nope.mp3")])
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: episode {tmp_path / 'nope.mp3'} not found; give the path of an episode made by 'roundup-podcast make'\n",
    )


def _heard(text: str) -> list[HeardWord]:
    return [HeardWord(w, float(n), n + 0.5) for n, w in enumerate(text.split())]


def test_compare_ignores_how_the_recogniser_writes_numbers() -> None:
    written = "It will hire two thousand people by twenty twenty-six, up 5 percent.".split()
    words, errors, _ = compare(written, _heard("It will hire 2,000 people by 2026, up 5%."))
    assert (words, errors) == (13, 0)


def test_compare_counts_substitutions_deletions_and_insertions() -> None:
    words, errors, differences = compare("the battery maker opened a plant".split(), _heard("the mattering maker opened plant today"))
    assert (words, errors) == (6, 3)
    assert [d.kind for d in differences] == ["substitute", "substitute"]


def test_compare_with_nothing_heard() -> None:
    words, errors, differences = compare("nothing was heard".split(), [])
    assert (words, errors) == (3, 3)
    assert differences[0].written == [0, 1, 2] and differences[0].near is None


def test_compare_does_not_count_words_only_written_together_or_apart() -> None:
    written = "the news making startup ByteDance said".split()
    words, errors, differences = compare(written, _heard("the newsmaking start up Byte Dance said"))
    assert (words, errors, differences) == (6, 0, [])
    words, errors, differences = compare(written, _heard("the newsmaker startup ByteDance said"))
    assert (words, errors) == (6, 2)
    assert [(d.kind, d.written) for d in differences] == [("substitute", [1]), ("delete", [2])]  # other letters: counted


def test_no_suggestion_repeats_what_the_engine_is_given_or_respells_a_sentence_opener() -> None:
    from podcast.qa.report import _suggestion
    from podcast.script.lexicon import builtin_lexicon

    builtin = builtin_lexicon()
    assert _suggestion("EV", builtin, set()) == "" and _suggestion("CATL's", builtin, set()) == ""  # the built-in rule's
    assert _suggestion("GAC's EV", builtin, set()) == ""
    assert _suggestion("WeLion", builtin, {"WeLion"}) == '"WeLion" = "We Lion"'  # a name wherever it stands
    assert _suggestion("Startups", builtin, {"Startups"}) == ""  # capitalised by the sentence, not a name
    assert _suggestion("Amperex", builtin, set()) == '"Amperex" = "am-pe-rex"'
