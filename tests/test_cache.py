"""The segment cache with the tone test engine: what re-makes a clip, what reuses it, what a bad entry does."""

from __future__ import annotations

import datetime as dt
import os
import wave
from pathlib import Path

import pytest
from conftest import TONE

from podcast.cache import FileCache, hash_memo_path, open_caches
from podcast.cli import app
from podcast.models import Script, Segment
from podcast.tts.cache import cached_clip_seconds, clip_key
from podcast.tts.casting import RoleVoice
from podcast.tts import speak

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


class Counting:
    """The tone engine, remembering every text it was asked to speak (what a make re-made)."""

    def __init__(self, version: str = "1") -> None:
        from podcast.tts import get_engine

        self._engine, self.version, self.spoken = get_engine("tone"), version, []

    def synthesize(self, text: str, voice: str, rate: int, path: Path) -> None:
        self.spoken.append(text)
        self._engine.synthesize(text, voice, rate, path)

    def __getattr__(self, name: str):
        return getattr(self._engine, name)


def cast_all(engine, voice: str = VOICE, rate: int = RATE) -> dict[str, RoleVoice]:
    return {role: RoleVoice(role, engine, voice, rate) for role in ("anchor", "story")}


def make(tmp_path: Path, cache: FileCache, engine, script: Script = SCRIPT, **voice) -> list[Path]:
    clips = speak(script, cast_all(engine, **voice), tmp_path, cache=cache)
    return [clip.path for clip in clips]


def key_of(segment: Segment) -> str:
    return clip_key(segment.text, "tone", "1", VOICE, RATE)


@pytest.fixture
def cache(tmp_path: Path) -> FileCache:
    return open_caches(tmp_path, 1024).clips


@pytest.mark.parametrize("field", ["text", "engine", "engine_version", "voice", "rate"])
def test_key_changes_with_each_input(field: str) -> None:
    inputs = {"text": "Hello.", "engine": "pyttsx3", "engine_version": "1", "voice": VOICE, "rate": RATE}
    changed = dict(inputs, **{field: 176 if field == "rate" else inputs[field] + "x"})
    assert clip_key(**inputs) == clip_key(**dict(inputs))
    assert clip_key(**inputs) != clip_key(**changed)


def test_unchanged_script_reuses_every_clip(tmp_path: Path, cache: FileCache) -> None:
    engine = Counting()
    first = make(tmp_path, cache, engine)
    second = make(tmp_path, cache, engine)
    assert second == first
    assert engine.spoken == [s.text for s in SCRIPT.segments]  # the second make spoke nothing
    assert cache.info().entries == 2


def test_edited_story_remakes_only_its_clip(tmp_path: Path, cache: FileCache) -> None:
    engine = Counting()
    first = make(tmp_path, cache, engine)
    story = SCRIPT.segments[1]
    edited = Segment(story.kind, story.title, story.text + " Shares rose.", "story")
    second = make(tmp_path, cache, engine, Script(SCRIPT.show, SCRIPT.title, SCRIPT.date, (SCRIPT.segments[0], edited)))
    assert second[0] == first[0] and second[1] != first[1]
    assert engine.spoken[2:] == [edited.text]


@pytest.mark.parametrize("change", [{"voice": "high"}, {"rate": 220}], ids=["voice", "rate"])
def test_voice_or_rate_change_remakes_every_clip(tmp_path: Path, cache: FileCache, change: dict) -> None:
    engine = Counting()
    first = make(tmp_path, cache, engine)
    second = make(tmp_path, cache, engine, **change)
    assert not set(first) & set(second)
    assert len(engine.spoken) == 4 and cache.info().entries == 4


def test_engine_upgrade_remakes_every_clip(tmp_path: Path, cache: FileCache) -> None:
    make(tmp_path, cache, Counting())
    upgraded = Counting(version="2")
    make(tmp_path, cache, upgraded)
    assert len(upgraded.spoken) == 2


def _truncate(cache: FileCache, path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_a_byte(cache: FileCache, path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _stored_silence(cache: FileCache, path: Path) -> None:
    """A well-formed WAV of silence stored through the cache itself: only the sound check can catch it."""
    silent = path.with_name("silent.wav")
    with wave.open(str(path)) as original:
        params, frames = original.getparams(), original.getnframes()
    with wave.open(str(silent), "wb") as out:
        out.setparams(params)
        out.writeframes(b"\x00\x00" * frames)
    cache.store(key_of(SCRIPT.segments[1]), silent)


def _removed(cache: FileCache, path: Path) -> None:
    path.unlink()


@pytest.mark.parametrize("damage", [_truncate, _flip_a_byte, _stored_silence, _removed])
def test_damaged_entry_is_detected_and_remade(tmp_path: Path, cache: FileCache, damage) -> None:
    engine = Counting()
    first = make(tmp_path, cache, engine)
    good = first[1].read_bytes()
    damage(cache, first[1])
    assert cached_clip_seconds(cache, key_of(SCRIPT.segments[1]), SCRIPT.segments[1]) is None  # never handed out
    second = make(tmp_path, cache, engine)
    assert engine.spoken[2:] == [SCRIPT.segments[1].text]
    assert second[1].read_bytes() == good


def test_size_bound_drops_least_recently_used_first(tmp_path: Path, cache: FileCache) -> None:
    first = make(tmp_path, cache, Counting())
    make(tmp_path, cache, Counting(), rate=220)
    os.utime(first[0], (1, 1))  # the oldest use
    cache.max_bytes = cache.info().size - 1
    assert cache.prune(keep=frozenset({key_of(SCRIPT.segments[0])})) == 1  # the oldest is kept on request; the next oldest goes
    assert key_of(SCRIPT.segments[0]) in cache.keys() and len(cache.keys()) == 3
    cache.max_bytes = 0
    cache.prune()
    assert cache.info().entries == 0


def test_make_fills_reports_and_clears_every_cache(runner, short_digest: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["make", str(short_digest), "--date", "2026-11-25", "-o", str(out), *TONE]
    assert runner.invoke(app, args).exit_code == 0
    info = runner.invoke(app, ["cache", "info", "-o", str(out)])
    assert info.exit_code == 0
    lines = [line.split()[:2] + line.split()[-1:] for line in info.stdout.splitlines()]
    assert lines == [  # intro, headlines, two stories, outro: a clip and a piece each; one episode
        ["Clips:", "5", str(out / ".cache" / "clips")],
        ["Pieces:", "5", str(out / ".cache" / "pieces")],
        ["Episodes:", "1", str(out / ".cache" / "episodes")],
    ]
    hash_memo_path(out).write_text("{}", encoding="utf-8")  # as a publish leaves it
    cleared = runner.invoke(app, ["cache", "clear", "-o", str(out)])
    assert cleared.stdout == "Removed 5 spoken clips, 5 encoded pieces and 1 episode record\n"
    after = runner.invoke(app, ["cache", "info", "-o", str(out)]).stdout
    assert [line.split()[1] for line in after.splitlines()] == ["0", "0", "0"]
    assert not hash_memo_path(out).exists()
    # Made afresh, as `cache clear --help` says: the episode is not reused, so its pieces are encoded again.
    assert runner.invoke(app, args).exit_code == 0
    again = runner.invoke(app, ["cache", "info", "-o", str(out)]).stdout
    assert [line.split()[1] for line in again.splitlines()] == ["5", "5", "1"]


def test_no_cache_neither_reads_nor_writes(runner, short_digest: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["make", str(short_digest), "--date", "2026-11-25", "-o", str(out), *TONE, "--no-cache"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert not (out / ".cache").exists()
