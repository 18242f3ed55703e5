"""Clip checks: a clip that is missing, cut short or silent is an error, never a gap."""

from __future__ import annotations

from pathlib import Path

from pydub import AudioSegment

from ..errors import ClipError
from ..models import Segment

SILENCE_DBFS = -55.0
"""RMS level below which a clip counts as silent (espeak speech sits near -20 dBFS)."""
MIN_SECONDS_PER_WORD = 0.08
MAX_SECONDS_PER_WORD = 2.5


def clip_seconds(path: Path, segment: Segment) -> float:
    """Check the WAV at `path` for `segment` and return its duration in seconds."""
    label = f"segment {segment.kind} {segment.title!r}"
    if not path.exists() or path.stat().st_size <= 44:
        raise ClipError(f"{label}: the engine wrote no audio; try again, or another voice with --voice")
    try:
        audio = AudioSegment.from_wav(str(path))
    except Exception as exc:  # pydub raises bare exceptions of several kinds for a bad WAV
        raise ClipError(f"{label}: the engine wrote a broken WAV ({exc}); try again") from None
    seconds = audio.duration_seconds
    if audio.dBFS < SILENCE_DBFS:
        raise ClipError(f"{label}: the clip is silent ({audio.dBFS:.0f} dBFS); check the voice with 'roundup-podcast voices'")
    words = max(segment.words, 1)
    if not MIN_SECONDS_PER_WORD * words <= seconds <= MAX_SECONDS_PER_WORD * words + 2:
        raise ClipError(
            f"{label}: {seconds:.1f} s of audio for {words} words is implausible; the engine cut it short or hung"
        )
    return seconds
