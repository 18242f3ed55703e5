"""Loudness to the show's target, measured to ITU-R BS.1770-4.

espeak speaks at about −20 LUFS with peaks at 0 dBFS, so reaching −16 LUFS by
gain alone would clip. Each segment's speech is raised by the gain it lacks
(measured when it is decoded, plus what the limiter will take back) and its
peaks are limited well below the true-peak ceiling, in the same ffmpeg pass
that encodes its piece; so every segment, anchor and reporter alike, sits at
the target on its own, and an edited story changes only its own piece.

Each encoded piece is measured by ffmpeg's `ebur128`, because limiting and
encoding move loudness and peaks, and encoded again with a corrected gain when
it misses. The measurement keeps the momentary loudness of every 400 ms block
(100 ms apart), which is what BS.1770 gates and averages: the blocks of all the
pieces together give the integrated loudness of the joined episode, the figure
ffmpeg reports for the whole file, without decoding it again.

Speech and music before encoding are measured here instead, from the spectrum
of each 100 ms block weighted by the K filter's response: that figure only sets
the first gain, which the encoded piece's measurement then checks, and it spares
an ffmpeg process per clip. It agrees with ebur128 within 0.1 LU on speech.
"""

from __future__ import annotations

import re
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import AudioError
from .ffmpeg import run_ffmpeg
from .pcm import Sound, db_to_gain

SPEECH_LIMIT_DB = 1.0
"""Speech peaks are limited this far below the true-peak ceiling: room for encoding, which raises
peaks, and for a corrected gain."""
FINAL_LIMIT_DB = 1.0
"""The last limiter, after the music is mixed in, holds sample peaks this far below the ceiling:
MP3 encoding raised a sting's peaks by 0.7 dB (measured)."""
RELEASE_BLOCKS, ATTACK_BLOCKS = 7, 2
"""How many 2.5 ms blocks behind and ahead the limiter holds a peak's gain in speech_gain's estimate:
the 5 ms attack, and for the 60 ms release, which recovers exponentially, the 17.5 ms that put the
example's encoded pieces within −0.1 and +0.14 LU of the target at the first encode (measured;
a 60 ms window made them 1 LU too loud, 10 ms 0.16 LU too quiet)."""
SILENT_LUFS = -70.0
"""BS.1770's absolute gate: blocks quieter than this are silence."""
SHELF_HZ, SHELF_DB, SHELF_Q, SHELF_BAND_EXPONENT = 1681.974450955533, 3.999843853973347, 0.7071752369554196, 0.4996667741545416
HIGH_PASS_HZ, HIGH_PASS_Q = 38.13547087602444, 0.5003270373238773
"""The K filter's analogue parameters, from which its two biquads are designed at any sample rate
(the standard gives their coefficients at 48 kHz only)."""


@dataclass(frozen=True)
class Loudness:
    """Integrated loudness (LUFS) and true peak (dBTP) of an encoded file or episode."""

    integrated: float
    true_peak: float


def _summary_value(log: str, pattern: str) -> float:
    found = re.search(pattern + r":\s+(-?[\d.]+|-inf)", log.rpartition("Summary:")[2])
    if not found:
        raise AudioError("cannot read ffmpeg's ebur128 summary; check that your ffmpeg has the ebur128 filter")
    return float(found.group(1))


def sound_loudness(sound: Sound) -> float:
    """Integrated loudness (LUFS) of samples in memory (BS.1770 gating; no true peak, which a gain does not need)."""
    return gated_loudness(momentary_blocks(sound))


def momentary_blocks(sound: Sound) -> np.ndarray:
    """The momentary loudness (LUFS) of every 400 ms block, 100 ms apart, of `sound`.

    Each 100 ms block's K-weighted energy is read off its spectrum (Parseval's
    theorem with the filter's power response), which for speech and music is the
    filtered signal's energy within a few hundredths of a dB.
    """
    size = max(2, round(sound.rate / 10))
    count = len(sound.samples) // size
    if count < 4:
        return np.empty(0)
    spectra = np.fft.rfft(sound.samples[: count * size].reshape(count, size), axis=1)
    weights = 2 * _k_weighting(sound.rate, size)  # each bin but 0 and Nyquist stands for two of the full spectrum
    weights[0] /= 2
    if size % 2 == 0:
        weights[-1] /= 2
    mean_square = (spectra.real**2 + spectra.imag**2) @ weights / (size * size)
    momentary = np.convolve(mean_square, np.full(4, 0.25), mode="valid")
    return -0.691 + 10 * np.log10(np.maximum(momentary, 1e-20))


def _k_weighting(rate: int, size: int) -> np.ndarray:
    """The power response of BS.1770's K filter (its high shelf, then its high pass), designed for
    `rate` from the standard's analogue parameters, at the bins of a `size`-point real FFT."""
    z = np.exp(-2j * np.pi * np.arange(size // 2 + 1) / size)

    def power(b: list[float], a: list[float]) -> np.ndarray:
        return np.abs((b[0] + b[1] * z + b[2] * z * z) / (a[0] + a[1] * z + a[2] * z * z)) ** 2

    k, q = np.tan(np.pi * SHELF_HZ / rate), SHELF_Q
    high, band, norm = 10 ** (SHELF_DB / 20), 10 ** (SHELF_DB / 20 * SHELF_BAND_EXPONENT), 1 + k / q + k * k
    shelf = power(
        [(high + band * k / q + k * k) / norm, 2 * (k * k - high) / norm, (high - band * k / q + k * k) / norm],
        [1.0, 2 * (k * k - 1) / norm, (1 - k / q + k * k) / norm],
    )
    k, q = np.tan(np.pi * HIGH_PASS_HZ / rate), HIGH_PASS_Q
    norm = 1 + k / q + k * k
    return shelf * power([1.0, -2.0, 1.0], [1.0, 2 * (k * k - 1) / norm, (1 - k / q + k * k) / norm])


def load_measured(path: Path, rate: int | None = None) -> tuple[Sound, float]:
    """Decode `path` to mono float32 (at `rate` Hz, else its own rate) and measure its loudness.

    Speech is worked on at its own rate (espeak's 22,050 Hz is half the data of
    44.1 kHz) and resampled once, in the pass that encodes it. A checked clip
    (mono 16-bit WAV, see tts/check.py) at the wanted rate is read here; anything
    else goes through ffmpeg.
    """
    sound = _read_plain_wav(path, rate) or _decoded(path, rate)
    return sound, sound_loudness(sound)


def _read_plain_wav(path: Path, rate: int | None) -> Sound | None:
    """The samples of a mono 16-bit PCM WAV at `rate` (any rate when None); None for any other file."""
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getnchannels() != 1 or wav.getsampwidth() != 2 or rate not in (None, wav.getframerate()):
                return None
            frames, own_rate = wav.readframes(wav.getnframes()), wav.getframerate()
    except (wave.Error, EOFError):
        return None
    return Sound(np.frombuffer(frames, dtype="<i2").astype(np.float32) / np.float32(32768), own_rate)


def _decoded(path: Path, rate: int | None) -> Sound:
    resample = ["-ar", str(rate)] if rate else []
    result = run_ffmpeg(["-nostats", "-i", str(path), "-f", "f32le", "-ac", "1", *resample, "pipe:1"])
    if rate is None:
        found = re.search(r"Stream #0:\d.*?Audio: .*?(\d+) Hz", result.stderr.decode("utf-8", "replace"))
        if not found:
            raise AudioError(f"ffmpeg did not say the sample rate of {path.name}; check the engine's output")
        rate = int(found.group(1))
    return Sound(np.frombuffer(result.stdout, dtype="<f4"), rate)  # read-only: nothing writes into a clip's samples


def limiter(gain_db: float, ceiling_db: float) -> str:
    """ffmpeg filters: raise by `gain_db`, then hold sample peaks below `ceiling_db` (auto-level off, no delay)."""
    return f"volume={gain_db:.2f}dB,alimiter=latency=1:limit={db_to_gain(ceiling_db):.4f}:attack=5:release=60:level=disabled"


def speech_gain(speech: Sound, raw_lufs: float, wanted_lufs: float, limit_db: float) -> float:
    """The gain (dB) that brings `speech`, measured at `raw_lufs`, to `wanted_lufs` once a limiter at
    `limit_db` has held its peaks.

    What the limiter takes back is estimated in 2.5 ms blocks: each block needs the gain that keeps
    its peak under the limit, the limiter holds the smallest need of the blocks around it (its
    attack ahead, part of its release behind), and the loss is the energy that takes away.
    The gain is then found by bisection; the encoded piece's measurement corrects what is left.
    """
    if raw_lufs < SILENT_LUFS:
        raise AudioError("a segment's speech is silent; nothing to normalise")
    size = max(1, round(speech.rate * 0.0025))
    blocks = speech.samples[: len(speech.samples) // size * size].reshape(-1, size).astype(np.float64)
    peaks, energy = np.abs(blocks).max(axis=1), (blocks * blocks).sum(axis=1)
    total, limit = max(energy.sum(), 1e-12), db_to_gain(limit_db)

    def loudness_at(gain: float) -> float:
        need = np.minimum(1.0, limit / np.maximum(peaks * db_to_gain(gain), 1e-12))
        held = need.copy()
        for shift in range(1, RELEASE_BLOCKS + 1):
            held[shift:] = np.minimum(held[shift:], need[:-shift])
        for shift in range(1, ATTACK_BLOCKS + 1):
            held[:-shift] = np.minimum(held[:-shift], need[shift:])
        return raw_lufs + gain + 10 * np.log10(max((energy * held**2).sum(), 1e-12) / total)

    low, high = wanted_lufs - raw_lufs - 3.0, wanted_lufs - raw_lufs + 24.0
    for _ in range(14):
        middle = (low + high) / 2
        low, high = (middle, high) if loudness_at(middle) < wanted_lufs else (low, middle)
    return (low + high) / 2


@dataclass(frozen=True)
class BlockLoudness:
    """What BS.1770 needs of a stretch of audio to combine it with others: the momentary
    loudness (LUFS) of each 400 ms block, 100 ms apart, and the true peak (dBTP)."""

    blocks: tuple[float, ...]
    true_peak: float


BLOCK_METER = ["-nostats", "-af", "ebur128=peak=true:metadata=1,ametadata=mode=print:key=lavfi.r128.M:file=-", "-f", "null", "-"]
"""ffmpeg options (after its input) that log every momentary block and the true peak."""


def read_blocks(result: subprocess.CompletedProcess) -> BlockLoudness:
    """The momentary blocks (its output) and true peak (its log) of an ffmpeg run with BLOCK_METER."""
    blocks = re.findall(r"lavfi\.r128\.M=(-?[\d.]+|-inf)", result.stdout.decode("ascii", "replace"))
    true_peak = _summary_value(result.stderr.decode("utf-8", "replace"), r"\bPeak")
    return BlockLoudness(tuple(float(b) for b in blocks), true_peak)


def gated_loudness(blocks: list[float] | tuple[float, ...]) -> float:
    """Integrated loudness from momentary blocks, gated as BS.1770-4 says (absolute −70, relative −10 LU).

    >>> round(gated_loudness([-20.0] * 10 + [-120.0] * 5), 1)
    -20.0
    >>> gated_loudness([-120.0])
    -70.0
    """
    momentary = np.asarray(blocks, dtype=np.float64)
    audible = momentary[momentary > SILENT_LUFS]
    if not len(audible):
        return SILENT_LUFS
    energy = 10 ** ((audible + 0.691) / 10)
    relative_gate = -0.691 + 10 * np.log10(energy.mean()) - 10
    return float(-0.691 + 10 * np.log10(energy[audible > relative_gate].mean()))


def combined(parts: list[BlockLoudness]) -> Loudness:
    """The loudness of pieces played one after another: their blocks gated together, their highest peak."""
    return Loudness(gated_loudness([b for part in parts for b in part.blocks]), max(part.true_peak for part in parts))
