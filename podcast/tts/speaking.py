"""Speaking a whole script: one checked clip per segment, in order, each in its role's voice.

Clips already in the cache are reused; the rest are spoken across `jobs`
worker processes and stored in the cache as they are made.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Callable, Iterator, Mapping

from ..models import Clip, Script
from ..script.lexicon import Lexicon, engine_text
from ..cache import CacheStore
from .cache import cached_clip_seconds, clip_key
from .casting import RoleVoice
from .engine import Engine
from .parallel import ClipDeadline, ClipJob, make_clips

Progress = Callable[[int, Clip], None]
"""Hears of each clip as it is ready (spoken or from the cache): its segment's place in the script, and the clip."""
ClipMaker = Callable[[list[ClipJob], int, Engine], Iterator[tuple[ClipJob, float]]]
"""Speaks clip jobs (here: worker processes; on a cluster: its actors), yielding each as it is done."""


def engine_version(engine: Engine) -> str:
    """The engine's version for the cache key; an engine without one is keyed on its name alone."""
    return getattr(engine, "version", "")


def speak(
    script: Script,
    voices: Mapping[str, RoleVoice],
    workdir: Path,
    progress: Progress | None = None,
    cache: CacheStore | None = None,
    jobs: int = 1,
    lexicon: Lexicon | None = None,
    deadline: ClipDeadline = ClipDeadline(),
    maker: ClipMaker = make_clips,
) -> list[Clip]:
    """Make (or reuse) a checked clip for every segment in its role's voice; clips come back in script order.

    Each engine is given the segment's text with the pronunciation lexicon applied;
    the segment itself (and so preview, notes and transcript) keeps the written words.
    """
    total = len(script.segments)
    clips: dict[int, Clip] = {}
    waiting: dict[str, list[int]] = {}  # clip key → the segments that need that clip
    todo: dict[str, list[ClipJob]] = {}  # engine name → its clips to make
    engines = {v.engine.name: v.engine for v in voices.values()}

    def done(n: int, path: Path, seconds: float) -> None:
        clips[n] = Clip(script.segments[n], path, seconds)
        if progress:
            progress(n, clips[n])

    for n, segment in enumerate(script.segments):
        speaker = voices[segment.role]
        engine = speaker.engine
        text = engine_text(segment.text, lexicon or Lexicon(), getattr(engine, "phoneme_input", "") == "espeak")
        key = clip_key(text, engine.name, engine_version(engine), speaker.voice, speaker.rate)
        if key in waiting:
            waiting[key].append(n)
            continue
        seconds = cached_clip_seconds(cache, key, segment) if cache else None
        if seconds is not None:
            done(n, cache.path(key), seconds)
            continue
        waiting[key] = [n]
        path = cache.scratch(key) if cache else workdir / f"{n + 1:03d}-{segment.kind}.wav"
        todo.setdefault(engine.name, []).append(ClipJob(
            segment, text, engine.name, speaker.voice, speaker.rate, path, key, deadline.seconds(segment.words, speaker.rate)
        ))
    try:
        for name, engine_jobs in todo.items():
            with contextlib.closing(maker(engine_jobs, jobs, engines[name])) as made:  # workers stop before clean-up
                for job, seconds in made:
                    path = cache.store(job.key, job.path) if cache else job.path
                    for n in waiting[job.key]:
                        done(n, path, seconds)
    finally:
        if cache:
            for job in (j for engine_jobs in todo.values() for j in engine_jobs):
                job.path.unlink(missing_ok=True)  # scratch files of clips that failed or were cancelled
    return [clips[n] for n in range(total)]
