"""Speaking a whole script: one checked clip per segment, in order, each in its role's voice."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping

from ..models import Clip, Script, Segment
from .casting import RoleVoice
from .check import clip_seconds

Progress = Callable[[int, int, Segment], None]


def speak(script: Script, voices: Mapping[str, RoleVoice], workdir: Path, progress: Progress | None = None) -> list[Clip]:
    """Synthesize every segment into `workdir` with its role's voice and check each clip as it is made."""
    clips = []
    total = len(script.segments)
    for n, segment in enumerate(script.segments, start=1):
        path = workdir / f"{n:03d}-{segment.kind}.wav"
        speaker = voices[segment.role]
        speaker.engine.synthesize(segment.text, speaker.voice, speaker.rate, path)
        clips.append(Clip(segment, path, clip_seconds(path, segment)))
        if progress:
            progress(n, total, segment)
    return clips
