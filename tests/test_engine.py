"""The real pyttsx3/espeak-ng engine and the clip checks."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from podcast.errors import ClipError, EngineError, VoiceError
from podcast.models import Segment
from podcast.tts import resolve_voice
from podcast.tts.check import clip_seconds

SENTENCE = Segment("story", "Test", "The battery maker opened a new plant in Ohio on Tuesday.")


def test_real_engine_speaks_a_checked_clip(engine, tmp_path: Path) -> None:
    path = tmp_path / "clip.wav"
    engine.synthesize(SENTENCE.text, engine.default_voice("anchor"), 175, path)
    with wave.open(str(path)) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (22050, 1, 2)
    seconds = clip_seconds(path, SENTENCE)
    assert 2.0 < seconds < 6.0  # eleven words at 175 wpm


def test_faster_rate_gives_shorter_clip(engine, tmp_path: Path) -> None:
    slow, fast = tmp_path / "slow.wav", tmp_path / "fast.wav"
    engine.synthesize(SENTENCE.text, engine.default_voice("anchor"), 120, slow)
    engine.synthesize(SENTENCE.text, engine.default_voice("anchor"), 240, fast)
    assert clip_seconds(fast, SENTENCE) < 0.75 * clip_seconds(slow, SENTENCE)


def test_many_clips_in_one_process_are_all_complete(engine, tmp_path: Path) -> None:
    """runAndWait() returns early on its own; every file must still be whole."""
    for n in range(12):
        path = tmp_path / f"{n}.wav"
        engine.synthesize(f"Clip number {n}. " + SENTENCE.text, engine.default_voice("anchor"), 200, path)
        assert clip_seconds(path, SENTENCE) > 2.0


def test_voices_exclude_mbrola_and_include_default(engine) -> None:
    ids = [v.id for v in engine.voices()]
    assert engine.default_voice("anchor") in ids
    assert not [i for i in ids if i.startswith("mb/")]


def test_unknown_voice_is_refused(engine) -> None:
    with pytest.raises(VoiceError, match="unknown voice 'klingon'.*roundup-podcast voices"):
        resolve_voice(engine, "klingon")


def test_empty_text_is_refused(engine, tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="empty"):
        engine.synthesize("   ", engine.default_voice("anchor"), 175, tmp_path / "x.wav")


def _write_wav(path: Path, frames: bytes, rate: int = 22050) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(frames)


def test_silent_clip_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "silent.wav"
    _write_wav(path, b"\x00\x00" * 22050 * 3)
    with pytest.raises(ClipError, match="silent"):
        clip_seconds(path, SENTENCE)


def test_truncated_clip_is_an_error(engine, tmp_path: Path) -> None:
    path = tmp_path / "cut.wav"
    engine.synthesize(SENTENCE.text, engine.default_voice("anchor"), 175, path)
    with wave.open(str(path)) as wav:
        frames = wav.readframes(2205)  # the first tenth of a second
    _write_wav(path, frames)
    with pytest.raises(ClipError, match="implausible"):
        clip_seconds(path, SENTENCE)


def test_missing_clip_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ClipError, match="no audio"):
        clip_seconds(tmp_path / "never-written.wav", SENTENCE)
