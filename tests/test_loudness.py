"""The in-process loudness meter that sets each segment's first gain agrees with ffmpeg's ebur128."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest
from audio_checks import loudness

from podcast.audio.loudness import load_measured, sound_loudness
from podcast.audio.music import bed, intro_sting
from podcast.audio.pcm import Sound

AGREES_LU = 0.15
"""ffmpeg prints integrated loudness to 0.1 LU; the two meters must agree within its rounding and a little more."""


def _wav(path: Path, samples: np.ndarray, rate: int, channels: int = 1) -> Path:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


@pytest.mark.parametrize("rate", [16000, 22050, 44100, 48000])
@pytest.mark.parametrize("hz", [30, 100, 1000, 6000])
def test_tones_measure_as_ffmpeg_measures_them(tmp_path: Path, rate: int, hz: int) -> None:
    """The K filter's low cut, its flat middle and its high shelf, at every rate speech comes in."""
    if hz >= rate / 2:
        pytest.skip("above the Nyquist frequency")
    t = np.arange(3 * rate) / rate
    path = _wav(tmp_path / "tone.wav", 0.3 * np.sin(2 * np.pi * hz * t) * (1 + 0.5 * np.sin(2 * np.pi * 0.7 * t)) / 1.5, rate)
    sound, measured = load_measured(path)
    assert sound.rate == rate
    assert abs(measured - loudness(path)[0]) <= AGREES_LU


def test_speech_measures_as_ffmpeg_measures_it(engine, tmp_path: Path) -> None:
    path = tmp_path / "speech.wav"
    engine.synthesize("Battery makers raised forty billion yuan in a quarter, the ministry said on Tuesday.",
                      engine.default_voice("anchor"), 175, path)
    for rate in (None, 44100):  # read as it is, and resampled by ffmpeg on the way in
        sound, measured = load_measured(path, rate)
        assert sound.rate == (rate or wave.open(str(path)).getframerate())
        assert abs(measured - loudness(path)[0]) <= AGREES_LU


def test_music_and_silence(tmp_path: Path) -> None:
    for samples in (intro_sting(44100), bed(12, 44100)):
        path = _wav(tmp_path / "music.wav", samples, 44100)
        assert abs(sound_loudness(Sound(samples, 44100)) - loudness(path)[0]) <= AGREES_LU
    assert sound_loudness(Sound(np.zeros(44100 * 2, dtype=np.float32), 44100)) == -70.0
    assert sound_loudness(Sound(np.zeros(100, dtype=np.float32), 44100)) == -70.0


def test_a_stereo_file_goes_through_ffmpeg(tmp_path: Path) -> None:
    rate = 22050
    t = np.arange(2 * rate) / rate
    tone = 0.25 * np.sin(2 * np.pi * 440 * t)
    path = _wav(tmp_path / "stereo.wav", np.repeat(tone, 2), rate, channels=2)
    sound, measured = load_measured(path)
    assert sound.rate == rate and len(sound.samples) == len(tone)
    assert abs(measured - loudness(path)[0]) <= AGREES_LU  # ffmpeg's mono mix of two like channels keeps their loudness
