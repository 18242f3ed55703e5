"""Loudness to the show's target, measured to ITU-R BS.1770-4 by ffmpeg's `ebur128`.

espeak speaks at about −20 LUFS with peaks at 0 dBFS, so reaching −16 LUFS by
gain alone would clip. Each segment's speech is raised by the gain it lacks
(measured when it is decoded, plus what the limiter will take back) and its
peaks are limited well below the true-peak ceiling, in the same ffmpeg pass
that encodes its piece; so every segment, anchor and reporter alike, sits at
the target on its own, and an edited story changes only its own piece.

Each encoded piece is measured, because limiting and encoding move loudness
and peaks, and encoded again with a corrected gain when it misses. The
measurement keeps the momentary loudness of every 400 ms block (100 ms apart),
which is what BS.1770 gates and averages: the blocks of all the pieces together
give the integrated loudness of the joined episode, the figure ffmpeg reports
for the whole file, without decoding it again.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import AudioError
from .ffmpeg import run_ffmpeg
from .pcm import Sound, as_ffmpeg_input, db_to_gain

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
    """Integrated loudness (LUFS) of samples in memory, without the true peak (which a gain does not need)."""
    with as_ffmpeg_input(sound) as source:
        result = run_ffmpeg(["-nostats", *source, "-af", "ebur128", "-f", "null", "-"])
    return _summary_value(result.stderr.decode("utf-8", "replace"), r"\bI")


def load_measured(path: Path, rate: int | None = None) -> tuple[Sound, float]:
    """Decode `path` to mono float32 (at `rate` Hz, else its own rate) and measure its loudness, in one pass.

    Speech is worked on at its own rate (espeak's 22,050 Hz is half the data of
    44.1 kHz) and resampled once, in the pass that encodes it.
    """
    resample = ["-ar", str(rate)] if rate else []
    result = run_ffmpeg(["-nostats", "-i", str(path), "-af", "ebur128", "-f", "f32le", "-ac", "1", *resample, "pipe:1"])
    log = result.stderr.decode("utf-8", "replace")
    if rate is None:
        found = re.search(r"Stream #0:\d.*?Audio: .*?(\d+) Hz", log)
        if not found:
            raise AudioError(f"ffmpeg did not say the sample rate of {path.name}; check the engine's output")
        rate = int(found.group(1))
    samples = np.frombuffer(result.stdout, dtype="<f4")  # read-only: nothing writes into a clip's samples
    return Sound(samples, rate), _summary_value(log, r"\bI")


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
