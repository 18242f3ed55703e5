"""Loudness to the show's target, measured to ITU-R BS.1770-4 by ffmpeg.

espeak speaks at about −20 LUFS with peaks at 0 dBFS, so reaching −16 LUFS by
gain alone would clip. The programme is first raised by the missing gain and
peak-limited (alimiter) below the true-peak target; that is measured (first
pass, `ebur128`), then loudnorm applies one fixed gain from those figures
(second pass, linear mode) while the encoder writes the file. The encoded file
is measured again: MP3 and AAC encoding move loudness and peaks, and loudnorm
silently falls back to dynamic mode when linear gain is impossible. A miss is
corrected by re-encoding, then reported as an error rather than shipped.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..config import AudioConfig
from ..errors import AudioError
from .encode import audio_format, encode
from .ffmpeg import run_ffmpeg
from .pcm import Sound, SoundFile, as_ffmpeg_input, db_to_gain

ENCODER_HEADROOM_DB = 0.5
"""The limiter and loudnorm aim this far below the true-peak ceiling; encoding raises peaks."""
SPEECH_PEAK_ROOM_DB = 1.0
"""Speech peaks are limited this far below the encoder headroom, room for the final gain correction."""
LEVEL_TOLERANCE_LU = 0.5
"""Levelled speech this close to the target is left for the final linear gain to finish."""
TOLERANCE_LU = 1.0
CORRECT_ABOVE_LU = 0.2
"""A finished file further than this from the target is re-encoded with corrected gain."""
ATTEMPTS = 3
EXCERPT_SECONDS = 30.0


@dataclass(frozen=True)
class Loudness:
    """What `ebur128=peak=true` reports: integrated loudness (LUFS), true peak (dBTP),
    loudness range (LU) and the gating threshold (LUFS)."""

    integrated: float
    true_peak: float
    lra: float = 0.0
    threshold: float = -70.0


def _summary_value(summary: str, pattern: str) -> float:
    found = re.search(pattern + r":\s+(-?[\d.]+|-inf)", summary)
    if not found:
        raise AudioError("cannot read ffmpeg's ebur128 summary; check that your ffmpeg has the ebur128 filter")
    return float(found.group(1))


def measure(source: list[str], filters: str = "anull") -> Loudness:
    """Measure the ffmpeg input `source` after `filters`."""
    result = run_ffmpeg(["-nostats", *source, "-af", f"{filters},ebur128=peak=true", "-f", "null", "-"])
    summary = result.stderr.decode("utf-8", "replace").rpartition("Summary:")[2]
    return Loudness(
        integrated=_summary_value(summary, r"\bI"),
        true_peak=_summary_value(summary, r"\bPeak"),
        lra=_summary_value(summary, r"\bLRA"),
        threshold=_summary_value(summary, r"Threshold"),
    )


def integrated(source: list[str], filters: str = "anull") -> float:
    """Integrated loudness (LUFS) of `source` after `filters`, without the true peak.

    True-peak metering oversamples 4x and takes most of a measurement's time
    (measured: 1.2 s against 0.3 s on a 4.5-minute episode), so passes that only
    set a gain skip it.
    """
    result = run_ffmpeg(["-nostats", *source, "-af", f"{filters},ebur128", "-f", "null", "-"])
    return _summary_value(result.stderr.decode("utf-8", "replace").rpartition("Summary:")[2], r"\bI")


def measure_file(path: Path) -> Loudness:
    """Loudness and true peak of an encoded file."""
    return measure(["-i", str(path)])


def sound_loudness(sound: Sound | SoundFile) -> float:
    """Integrated loudness (LUFS) of audio held in memory or in a raw file."""
    with as_ffmpeg_input(sound) as source:
        return integrated(source)


def _limiter(gain_db: float, ceiling_db: float) -> str:
    """Raise by `gain_db`, then hold sample peaks below `ceiling_db` (auto-level off)."""
    return f"volume={gain_db:.2f}dB,alimiter=limit={db_to_gain(ceiling_db):.4f}:attack=5:release=60:level=disabled"


def level_speech(sound: SoundFile, audio: AudioConfig, path: Path) -> tuple[SoundFile, float]:
    """The speech at the target loudness, peak-limited with room to spare, written to `path`, and its loudness.

    All the limiting happens here, on speech alone, so the final stage is one
    linear gain for speech and music alike and the music keeps the level it
    is matched to. Limiting lowers loudness, so the gain is corrected until
    the limited speech measures the target.
    """
    limit = audio.true_peak_db - ENCODER_HEADROOM_DB - SPEECH_PEAK_ROOM_DB
    with as_ffmpeg_input(sound) as source:
        raw = integrated(source)
        if raw < -70:
            raise AudioError("the speech is silent; nothing to normalise")
        gain = audio.loudness_lufs - raw
        for _ in range(ATTEMPTS):
            pre = _limiter(gain, limit)
            levelled = integrated(source, pre)
            if abs(audio.loudness_lufs - levelled) <= LEVEL_TOLERANCE_LU:
                break
            gain += 1.5 * (audio.loudness_lufs - levelled)  # the limiter takes back about a third (measured)
        run_ffmpeg([*source, "-af", pre, "-f", "f32le", "-ac", "1", "-ar", str(sound.rate), str(path)])
    return SoundFile(path, sound.rate, path.stat().st_size // 4), levelled


def _loudnorm(target: float, peak: float, first_pass: Loudness) -> str:
    return (
        f"loudnorm=I={target}:TP={peak}:LRA=20:linear=true:print_format=summary"
        f":measured_I={first_pass.integrated}:measured_TP={first_pass.true_peak}"
        f":measured_LRA={first_pass.lra}:measured_thresh={first_pass.threshold}"
    )


def _first_pass(source: list[str], gain: float, aim: float, aim_peak: float, limit: float) -> tuple[str, Loudness, float]:
    """The limiter chain and its measurement, with the limit lowered until loudnorm's
    fixed gain to `aim` keeps the true peak at or below `aim_peak` (else loudnorm
    would switch to dynamic mode). Returns the chain, its figures and the limit used."""
    for _ in range(ATTEMPTS + 1):
        pre = _limiter(gain, limit)
        figures = measure(source, pre)
        excess = figures.true_peak + (aim - figures.integrated) - (aim_peak - 0.1)
        if excess <= 0:
            break
        limit -= excess + 0.1
    return pre, figures, limit


def codec_shift(source: list[str], seconds: float, audio: AudioConfig) -> float:
    """How much the configured encoder changes loudness (LU), from a short excerpt of `source`.

    MP3 at 96 kbps reads about 0.4 LU quieter than its input (measured; AAC
    hardly changes), so the full encode aims that much higher and usually
    lands on target the first time instead of being encoded twice.
    """
    start = max(0.0, seconds / 2 - EXCERPT_SECONDS / 2)
    excerpt = [*source[:-2], "-ss", f"{start:.3f}", "-t", f"{EXCERPT_SECONDS}", *source[-2:]]
    with tempfile.TemporaryDirectory(prefix="roundup-excerpt-") as folder:
        encoded = Path(folder) / f"excerpt{audio_format(audio).suffix}"
        before = integrated(excerpt)
        encode(excerpt, encoded, audio, "anull")
        after = integrated(["-i", str(encoded)])
    if before < -70 or after < -70:
        return 0.0
    return before - after


def normalize_and_encode(sound: Sound | SoundFile, path: Path, audio: AudioConfig, chapters: Path | None = None) -> Loudness:
    """Encode `sound` to `path` at the configured loudness; return what the encoded file measures."""
    target, ceiling = audio.loudness_lufs, audio.true_peak_db
    aim_peak = ceiling - ENCODER_HEADROOM_DB
    with as_ffmpeg_input(sound) as source:
        raw = integrated(source)
        if raw < -70:
            raise AudioError("the programme is silent; nothing to normalise")
        gain, aim = target - raw, target + codec_shift(source, sound.seconds, audio)
        limit = aim_peak - 0.6 - max(0.0, aim - target)  # room for loudnorm's gain from target to aim
        for _ in range(ATTEMPTS):
            pre, first, limit = _first_pass(source, gain, aim, aim_peak, limit)
            log = encode(source, path, audio, f"{pre},{_loudnorm(aim, aim_peak, first)}", chapters)
            measured = measure_file(path)
            miss = target - measured.integrated
            linear = "Normalization Type:   Linear" in log
            if linear and abs(miss) <= CORRECT_ABOVE_LU and measured.true_peak <= ceiling:
                return measured
            aim += miss
            if measured.true_peak > ceiling - 0.1:
                limit -= measured.true_peak - ceiling + 0.3
    if abs(miss) <= TOLERANCE_LU and measured.true_peak <= ceiling:
        return measured
    raise AudioError(
        f"the encoded episode measures {measured.integrated:.1f} LUFS, true peak {measured.true_peak:.1f} dBTP; "
        f"the target is {target} LUFS, peak at most {ceiling} dBTP: try a higher bitrate or a lower loudness_lufs"
    )
