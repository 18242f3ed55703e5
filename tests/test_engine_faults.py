"""Engine plugins that misbehave (tests/engines): hang, raise, fail once, write noise or garbage.
Each fault is bounded in time and ends in one `Error:` line naming the segment and the engine."""

from __future__ import annotations

import time
import wave
from pathlib import Path

import pytest

from podcast.cli import app

ENGINES = Path(__file__).parent / "engines"


@pytest.fixture
def faulty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test engines on sys.path (workers started from here see it too), and a show with short time limits."""
    monkeypatch.syspath_prepend(str(ENGINES))
    config = tmp_path / "podcast.toml"
    config.write_text("[voice]\ntimeout_seconds = 1\ntimeout_factor = 0.1\n")
    return config


def _make(runner, config: Path, digest: Path, engine: str, jobs: int) -> tuple[int, list[str], float]:
    started = time.monotonic()
    result = runner.invoke(app, [
        "make", str(digest), "--engine", engine, "--jobs", str(jobs), "--config", str(config),
        "--output", str(config.parent / f"out-{engine}-{jobs}"),
    ])
    return result.exit_code, result.stderr.strip().splitlines(), time.monotonic() - started


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_hung_engine_is_stopped_retried_once_then_named(runner, faulty: Path, short_digest: Path, jobs: int) -> None:
    code, lines, seconds = _make(runner, faulty, short_digest, "hang", jobs)
    assert code == 1
    assert lines[0].startswith("Engine: hang")
    assert len(lines) == 2 and lines[1].startswith("Error: segment "), lines
    assert "engine hang took longer than 1 s, twice; try again, or another engine with --engine" in lines[1]
    assert seconds < 60


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_engine_that_raises_is_retried_once_then_named(runner, faulty: Path, short_digest: Path, jobs: int) -> None:
    code, lines, _ = _make(runner, faulty, short_digest, "crash", jobs)
    assert code == 1 and len(lines) == 2, lines
    assert "engine crash failed (RuntimeError: the voice model is corrupt), twice" in lines[1]
    assert lines[1].startswith("Error: segment ")


def test_an_engine_that_fails_once_is_asked_again(runner, faulty: Path, short_digest: Path) -> None:
    code, lines, _ = _make(runner, faulty, short_digest, "flaky", 2)
    assert code == 0, lines
    assert len(list(faulty.parent.rglob("flaky-*.tried"))) == 5  # every clip failed once first


@pytest.mark.parametrize(
    ("engine", "problem"),
    [("noise", "engine noise wrote noise, not speech (spectral flatness 0.56)"),
     ("garbage", "engine garbage did not write a PCM WAV file (file does not start with RIFF id)")],
)
def test_output_that_is_not_speech_is_named_never_ffmpegs_banner(runner, faulty, short_digest, engine, problem) -> None:
    code, lines, _ = _make(runner, faulty, short_digest, engine, 1)
    assert code == 1 and len(lines) == 2, lines
    assert lines[1].startswith("Error: segment ") and problem in lines[1]


def test_any_pcm_wav_is_taken_as_mono_16_bit(runner, faulty: Path, short_digest: Path) -> None:
    """8-bit stereo speech is converted, not refused; the cache keeps it as mono 16-bit."""
    code, lines, _ = _make(runner, faulty, short_digest, "stereo", 2)
    assert code == 0, lines
    clips = list((faulty.parent / "out-stereo-2" / ".cache" / "clips").rglob("*.wav"))
    assert len(clips) == 5
    for clip in clips:
        with wave.open(str(clip)) as wav:
            assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
