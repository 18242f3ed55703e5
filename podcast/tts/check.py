"""Clip checks: a clip that is not audio, is noise, is cut short or is silent is an error, never a gap.

An engine is a plugin and may write anything: the file must be a PCM WAV (any
rate, width and channel count; one that is not mono 16-bit is rewritten as such,
the assembler resamples the rate), its sound must be loud enough, shaped like
speech rather than noise, and about as long as its words take to say.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from ..errors import ClipError
from ..models import Segment

SILENCE_DBFS = -55.0
"""RMS level below which a clip counts as silent (espeak speech sits near -20 dBFS)."""
MIN_SECONDS_PER_WORD = 0.08
MAX_SECONDS_PER_WORD = 2.5
NOISE_FLATNESS = 0.2
"""Median spectral flatness of the loud frames above which a clip is noise, not speech (espeak and
Piper measured 0.0003, white noise 0.56)."""
_WIDTHS = {1: np.uint8, 2: np.int16, 4: np.int32}


def _label(segment: Segment) -> str:
    return f"segment {segment.kind} {segment.title!r}"


def read_pcm(path: Path, segment: Segment, engine: str = "") -> tuple[np.ndarray, int, bool]:
    """The clip's samples as mono floats in [-1, 1], its rate, and whether the file is already mono 16-bit."""
    label, who = _label(segment), f"engine {engine}" if engine else "the engine"
    try:
        with wave.open(str(path), "rb") as wav:
            channels, width, rate, count = wav.getnchannels(), wav.getsampwidth(), wav.getframerate(), wav.getnframes()
            data = wav.readframes(count)
    except FileNotFoundError:
        raise ClipError(f"{label}: {who} wrote no audio; try again, or another voice with --voice") from None
    except (wave.Error, EOFError, ValueError, OSError) as exc:
        raise ClipError(f"{label}: {who} did not write a PCM WAV file ({exc}); check the engine or choose another") from None
    if width == 3:
        raw = np.frombuffer(data[: len(data) // 3 * 3], np.uint8).reshape(-1, 3)
        ints = (raw[:, 0].astype(np.int32) << 8 | raw[:, 1].astype(np.int32) << 16 | raw[:, 2].astype(np.int32) << 24)
        samples = ints / 2.0**31
    elif width in _WIDTHS:
        ints = np.frombuffer(data[: len(data) // width * width], _WIDTHS[width])
        samples = (ints.astype(np.float64) - 128) / 128 if width == 1 else ints / float(2 ** (8 * width - 1))
    else:
        raise ClipError(f"{label}: {who} wrote {8 * width}-bit samples, which no WAV reader takes; check the engine")
    if not count or rate <= 0 or channels < 1 or len(samples) < channels:
        raise ClipError(f"{label}: {who} wrote no audio; try again, or another voice with --voice")
    mono = samples[: len(samples) // channels * channels].reshape(-1, channels).mean(axis=1)
    return mono, rate, channels == 1 and width == 2


def _flatness(mono: np.ndarray, rate: int) -> float:
    """Median spectral flatness (geometric over arithmetic mean of the power spectrum) of the loud 32 ms frames."""
    size = max(256, int(rate * 0.032))
    frames = mono[: len(mono) // size * size].reshape(-1, size)
    if not len(frames):
        return 0.0
    energy = (frames**2).mean(axis=1)
    loud = frames[energy >= energy.max() * 0.1]
    power = np.abs(np.fft.rfft(loud * np.hanning(size), axis=1)[:, 1:]) ** 2 + 1e-12
    return float(np.median(np.exp(np.log(power).mean(axis=1)) / power.mean(axis=1)))


def _rewrite_mono16(path: Path, mono: np.ndarray, rate: int) -> None:
    temporary = path.with_name(path.name + ".mono")
    with wave.open(str(temporary), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes((np.clip(mono, -1, 1) * 32767).astype("<i2").tobytes())
    temporary.replace(path)


def clip_seconds(path: Path, segment: Segment, engine: str = "") -> float:
    """Check the WAV at `path` for `segment` (rewriting it as mono 16-bit if it is not) and return its duration;
    messages name `engine` when given."""
    label, who = _label(segment), f"engine {engine}" if engine else "the engine"
    mono, rate, standard = read_pcm(path, segment, engine)
    seconds = len(mono) / rate
    rms = float(np.sqrt(np.mean(mono**2)))
    dbfs = 20 * np.log10(rms) if rms > 0 else -120.0
    if dbfs < SILENCE_DBFS:
        raise ClipError(f"{label}: the clip is silent ({dbfs:.0f} dBFS); check the voice with 'roundup-podcast voices'")
    flatness = _flatness(mono, rate)
    if flatness > NOISE_FLATNESS:
        raise ClipError(f"{label}: {who} wrote noise, not speech (spectral flatness {flatness:.2f}); check the engine")
    words = max(segment.words, 1)
    if not MIN_SECONDS_PER_WORD * words <= seconds <= MAX_SECONDS_PER_WORD * words + 2:
        raise ClipError(
            f"{label}: {seconds:.1f} s of audio for {words} words is implausible; {who} cut it short or hung"
        )
    if not standard:
        _rewrite_mono16(path, mono, rate)
    return seconds
