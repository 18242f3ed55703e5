"""Speaking a whole script: one checked clip per segment, in order."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..models import Clip, Script, Segment
from .check import clip_seconds
from .engine import Engine

Progress = Callable[[int, int, Segment], None]


def speak(script: Script, engine: Engine, voice: str, rate: int, workdir: Path, progress: Progress | None = None) -> list[Clip]:
    """Synthesize every segment into `workdir` and check each clip as it is made."""
    clips = []
    total = len(script.segments)
    for n, segment in enumerate(script.segments, start=1):
        path = workdir / f"{n:03d}-{segment.kind}.wav"
        engine.synthesize(segment.text, voice, rate, path)
        clips.append(Clip(segment, path, clip_seconds(path, segment)))
        if progress:
            progress(n, total, segment)
    return clips
