"""Loudness to the show's target, measured to ITU-R BS.1770-4 by ffmpeg's `ebur128`.

espeak speaks at about −20 LUFS with peaks at 0 dBFS, so reaching −16 LUFS by
gain alone would clip. Each segment's speech is therefore raised by the missing
gain and peak-limited (alimiter) well below the true-peak ceiling, measured in
the same ffmpeg pass, and finished with a small linear gain, so every segment
(anchor and reporter alike) sits at the target on its own. An edited story then
changes only its own piece of the episode.

Each encoded piece is measured again, because MP3 and AAC encoding move loudness
and peaks. The measurement keeps the momentary loudness of every 400 ms block
(100 ms apart), which is what BS.1770 gates and averages; the blocks of all the
pieces together give the integrated loudness of the joined episode, the same
figure ffmpeg reports for the whole file, without decoding it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import AudioError
from .ffmpeg import run_ffmpeg
from .pcm import Sound, as_ffmpeg_input, db_to_gain

ENCODER_HEADROOM_DB = 0.5
"""Everything is limited this far below the true-peak ceiling before encoding; encoding raises peaks."""
SPEECH_PEAK_ROOM_DB = 1.0
"""Speech peaks are limited this far below the encoder headroom, room for the final linear gains."""
LEVEL_TOLERANCE_LU = 0.5
"""Limited speech this close to the target is finished by a linear gain alone."""
LIMITER_GAIN_FACTOR = 1.75
ATTEMPTS = 3
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


def integrated(source: list[str], filters: str = "anull") -> float:
    """Integrated loudness (LUFS) of the ffmpeg input `source` after `filters`, without the true peak.

    True-peak metering oversamples 4x and takes most of a measurement's time
    (measured: 1.2 s against 0.3 s on a 4.5-minute episode), so passes that only
    set a gain skip it.
    """
    result = run_ffmpeg(["-nostats", *source, "-af", f"{filters},ebur128", "-f", "null", "-"])
    return _summary_value(result.stderr.decode("utf-8", "replace"), r"\bI")


def sound_loudness(sound: Sound) -> float:
    """Integrated loudness (LUFS) of samples in memory."""
    with as_ffmpeg_input(sound) as source:
        return integrated(source)


def load_measured(path: Path, rate: int) -> tuple[Sound, float]:
    """Decode `path` to mono float32 at `rate` Hz and measure its loudness, in one ffmpeg pass."""
    result = run_ffmpeg(["-nostats", "-i", str(path), "-af", "ebur128", "-f", "f32le", "-ac", "1", "-ar", str(rate), "pipe:1"])
    loudness = _summary_value(result.stderr.decode("utf-8", "replace"), r"\bI")
    return Sound(np.frombuffer(result.stdout, dtype="<f4"), rate), loudness  # read-only: nothing writes into clips


def limiter(gain_db: float, ceiling_db: float) -> str:
    """ffmpeg filters: raise by `gain_db`, then hold sample peaks below `ceiling_db` (auto-level off)."""
    return f"volume={gain_db:.2f}dB,alimiter=latency=1:limit={db_to_gain(ceiling_db):.4f}:attack=5:release=60:level=disabled"


def level_speech(speech: Sound, raw_lufs: float, target: float, true_peak_db: float) -> np.ndarray:
    """`speech` (measured at `raw_lufs`) at `target` LUFS, its peaks limited with room to spare.

    Limiting lowers loudness (by about a third of the gain added, measured), so
    the gain is corrected until the limited speech is within half a LU, and a
    linear gain finishes the job.
    """
    if raw_lufs < SILENT_LUFS:
        raise AudioError("a segment's speech is silent; nothing to normalise")
    limit = true_peak_db - ENCODER_HEADROOM_DB - SPEECH_PEAK_ROOM_DB
    wanted = target - raw_lufs
    gain = wanted * LIMITER_GAIN_FACTOR
    with as_ffmpeg_input(speech) as source:
        for _ in range(ATTEMPTS):
            result = run_ffmpeg(["-nostats", *source, "-af", f"{limiter(gain, limit)},ebur128", "-f", "f32le", "pipe:1"])
            levelled = _summary_value(result.stderr.decode("utf-8", "replace"), r"\bI")
            if abs(target - levelled) <= LEVEL_TOLERANCE_LU:
                break
            gain *= wanted / max(levelled - raw_lufs, 0.1)  # the limiter keeps taking about the same share
    return np.frombuffer(result.stdout, dtype="<f4") * np.float32(db_to_gain(target - levelled))


@dataclass(frozen=True)
class BlockLoudness:
    """What BS.1770 needs of a stretch of audio to combine it with others: the momentary
    loudness (LUFS) of each 400 ms block, 100 ms apart, and the true peak (dBTP)."""

    blocks: tuple[float, ...]
    true_peak: float


def measure_blocks(path: Path) -> BlockLoudness:
    """Momentary loudness blocks and true peak of an encoded file, in one decoding pass."""
    result = run_ffmpeg(
        ["-nostats", "-i", str(path), "-af", "ebur128=peak=true:metadata=1,ametadata=mode=print:key=lavfi.r128.M:file=-",
         "-f", "null", "-"]
    )
    blocks = re.findall(r"lavfi\.r128\.M=(-?[\d.]+|-inf)", result.stdout.decode("ascii", "replace"))
    return BlockLoudness(tuple(float(b) for b in blocks), _summary_value(result.stderr.decode("utf-8", "replace"), r"\bPeak"))


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
