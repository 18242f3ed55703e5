"""The segment cache with the tone test engine: what re-makes a clip, what reuses it, what a bad entry does."""

from __future__ import annotations

import datetime as dt
import json
import os
import wave
from pathlib import Path

import pytest
from conftest import TONE

from podcast.cli import app
from podcast.models import Script, Segment
from podcast.tts.casting import RoleVoice
from podcast.tts.cache import ClipCache, clip_key
from podcast.tts.speak import speak

VOICE, RATE = "low", 175
SCRIPT = Script(
    "Cache Test",
    "Two segments",
    dt.date(2026, 11, 25),
    (
        Segment("intro", "Intro", "Welcome to the cache test, a short show about reuse."),
        Segment("story", "Plant", "A battery maker opened a plant in Ohio on Tuesday and will hire two thousand people.", "story"),
    ),
)


class Reversioned:
    """The engine under another version string, as after an engine upgrade."""

    def __init__(self, engine, version: str) -> None:
        self._engine, self.version = engine, version

    def __getattr__(self, name: str):
        return getattr(self._engine, name)


def cast_all(engine, voice: str = VOICE, rate: int = RATE) -> dict[str, RoleVoice]:
    return {role: RoleVoice(role, engine, voice, rate) for role in ("anchor", "story")}


def make(tmp_path: Path, cache: ClipCache, engine, script: Script = SCRIPT, **voice) -> list[Path]:
    clips = speak(script, cast_all(engine, **voice), tmp_path, cache=cache)
    return [clip.path for clip in clips]


def identity(path: Path) -> tuple[int, int]:
    """Inode and size: a reused entry keeps its inode, a re-made one is a new file renamed in."""
    stat = path.stat()
    return stat.st_ino, stat.st_size


@pytest.fixture
def engine():
    from podcast.tts import get_engine

    return get_engine("tone")


@pytest.fixture
def cache(tmp_path: Path) -> ClipCache:
    return ClipCache(tmp_path / "clips", 1 << 30)


@pytest.mark.parametrize("field", ["text", "engine", "engine_version", "voice", "rate"])
def test_key_changes_with_each_input(field: str) -> None:
    inputs = {"text": "Hello.", "engine": "pyttsx3", "engine_version": "1", "voice": VOICE, "rate": RATE}
    changed = dict(inputs, **{field: 176 if field == "rate" else inputs[field] + "x"})
    assert clip_key(**inputs) == clip_key(**dict(inputs))
    assert clip_key(**inputs) != clip_key(**changed)


def test_unchanged_script_reuses_every_clip(tmp_path: Path, cache: ClipCache, engine) -> None:
    first = make(tmp_path, cache, engine)
    before = [identity(p) for p in first]
    second = make(tmp_path, cache, engine)
    assert second == first
    assert [identity(p) for p in second] == before
    assert cache.info().entries == 2


def test_edited_story_remakes_only_its_clip(tmp_path: Path, cache: ClipCache, engine) -> None:
    first = make(tmp_path, cache, engine)
    intro_before = identity(first[0])
    story = SCRIPT.segments[1]
    edited = Script(SCRIPT.show, SCRIPT.title, SCRIPT.date, (SCRIPT.segments[0], Segment(story.kind, story.title, story.text + " Shares rose.", "story")))
    second = make(tmp_path, cache, engine, edited)
    assert second[0] == first[0] and identity(second[0]) == intro_before
    assert second[1] != first[1] and second[1].exists()


@pytest.mark.parametrize(
    "change",
    [
        {"voice": "high"},
        {"rate": 220},
    ],
    ids=["voice", "rate"],
)
def test_voice_or_rate_change_remakes_every_clip(tmp_path: Path, cache: ClipCache, engine, change: dict) -> None:
    first = make(tmp_path, cache, engine)
    second = make(tmp_path, cache, engine, **change)
    assert not set(first) & set(second)
    assert cache.info().entries == 4


def test_engine_upgrade_remakes_every_clip(tmp_path: Path, cache: ClipCache, engine) -> None:
    first = make(tmp_path, cache, engine)
    second = make(tmp_path, cache, Reversioned(engine, "2"))
    assert not set(first) & set(second)


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _silence_with_matching_checksum(path: Path) -> None:
    """A well-formed WAV of silence whose sidecar was rewritten to match: only the sound check can catch it."""
    with wave.open(str(path)) as original:
        params, frames = original.getparams(), original.getnframes()
    with wave.open(str(path), "wb") as silent:
        silent.setparams(params)
        silent.writeframes(b"\x00\x00" * frames)
    from podcast.filecache import read_sha256

    sidecar = path.with_suffix(".json")
    sidecar.write_text(json.dumps({"size": path.stat().st_size, "sha256": read_sha256(path)}))


def _garble_sidecar(path: Path) -> None:
    path.with_suffix(".json").write_text("{not json")


@pytest.mark.parametrize("damage", [_truncate, _flip_a_byte, _silence_with_matching_checksum, _garble_sidecar, Path.unlink])
def test_damaged_entry_is_detected_and_remade(tmp_path: Path, cache: ClipCache, engine, damage) -> None:
    first = make(tmp_path, cache, engine)
    good = first[1].read_bytes()
    damage(first[1])
    assert cache.lookup(first[1].stem, SCRIPT.segments[1]) is None  # never handed out
    second = make(tmp_path, cache, engine)
    assert second[1] == first[1]
    assert second[1].read_bytes() == good


def test_size_bound_drops_least_recently_used_first(tmp_path: Path, engine) -> None:
    cache = ClipCache(tmp_path / "clips", 1 << 30)
    first = make(tmp_path, cache, engine)
    make(tmp_path, cache, engine, rate=220)
    os.utime(first[0], (1, 1))  # the oldest use
    cache.max_bytes = cache.info().size - 1
    assert cache.prune(keep=frozenset({first[0].stem})) == 1  # the oldest is kept on request; the next oldest goes
    remaining = {p.stem for p in (tmp_path / "clips").glob("??/*.wav")}
    assert first[0].stem in remaining and len(remaining) == 3
    cache.max_bytes = 0
    cache.prune()
    assert cache.info().entries == 0


def test_make_fills_reports_and_clears_the_cache(runner, short_digest: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["make", str(short_digest), "--date", "2026-11-25", "-o", str(out), *TONE]
    assert runner.invoke(app, args).exit_code == 0
    info = runner.invoke(app, ["cache", "info", "-o", str(out)])
    assert info.exit_code == 0
    clips_line, pieces_line = info.stdout.splitlines()
    assert clips_line.startswith("Clips:   5 ") and clips_line.endswith(str(out / ".cache" / "clips"))  # intro, headlines, two stories, outro
    assert pieces_line.startswith("Pieces:  5 ") and pieces_line.endswith(str(out / ".cache" / "pieces"))  # one a segment
    cleared = runner.invoke(app, ["cache", "clear", "-o", str(out)])
    assert cleared.stdout == "Removed 5 cached clips and 5 encoded pieces\n"
    after = runner.invoke(app, ["cache", "info", "-o", str(out)]).stdout
    assert "Clips:   0 " in after and "Pieces:  0 " in after


def test_no_cache_neither_reads_nor_writes(runner, short_digest: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["make", str(short_digest), "--date", "2026-11-25", "-o", str(out), *TONE, "--no-cache"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert not (out / ".cache").exists()
