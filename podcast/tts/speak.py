"""Speaking a whole script: one checked clip per segment, in order.

Clips already in the cache are reused; the rest are spoken across `jobs`
worker processes and stored in the cache as they are made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..models import Clip, Script, Segment
from .cache import ClipCache, clip_key
from .engine import Engine
from .parallel import ClipJob, make_clips

Progress = Callable[[int, int, Segment], None]


def engine_version(engine: Engine) -> str:
    """The engine's version for the cache key; an engine without one is keyed on its name alone."""
    return getattr(engine, "version", "")


def speak(
    script: Script,
    engine: Engine,
    voice: str,
    rate: int,
    workdir: Path,
    progress: Progress | None = None,
    cache: ClipCache | None = None,
    jobs: int = 1,
) -> list[Clip]:
    """Make (or reuse) a checked clip for every segment; clips come back in script order."""
    total = len(script.segments)
    version = engine_version(engine)
    clips: dict[int, Clip] = {}
    waiting: dict[str, list[int]] = {}  # clip key → the segments that need that clip
    todo: list[ClipJob] = []

    def done(n: int, path: Path, seconds: float) -> None:
        clips[n] = Clip(script.segments[n], path, seconds)
        if progress:
            progress(len(clips), total, script.segments[n])

    for n, segment in enumerate(script.segments):
        text = segment.text
        key = clip_key(text, engine.name, version, voice, rate)
        if key in waiting:
            waiting[key].append(n)
            continue
        seconds = cache.lookup(key, segment) if cache else None
        if seconds is not None:
            done(n, cache.path(key), seconds)
            continue
        waiting[key] = [n]
        path = cache.scratch(key) if cache else workdir / f"{n + 1:03d}-{segment.kind}.wav"
        todo.append(ClipJob(segment, text, engine.name, voice, rate, path, key))
    try:
        for job, seconds in make_clips(todo, jobs, engine):
            path = cache.store(job.key, job.path) if cache else job.path
            for n in waiting[job.key]:
                done(n, path, seconds)
    finally:
        if cache:
            for job in todo:
                job.path.unlink(missing_ok=True)  # scratch files of clips that failed or were cancelled
    return [clips[n] for n in range(total)]
