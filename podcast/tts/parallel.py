"""Speaking clips in worker processes, across CPU cores.

Threads cannot help: espeak-ng is one process-wide C library used under a lock.
It also keeps state from one synthesis to the next (its pitch-flutter index and
wave-generator phase are C statics), so the same text spoken second in a process
comes out a few samples different from the same text spoken first.
An engine that says so (`stateful = True`) therefore gets a fresh process for
every clip, forked from a server that has the package loaded, so each clip
costs only the engine's own start-up:
each clip then depends on its own inputs only, whatever the number of jobs or
the order, and a cached clip is exactly the clip a fresh run would make.
"""

from __future__ import annotations

import functools
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import EngineError
from ..models import Segment
from .check import clip_seconds
from .engine import Engine, get_engine


@dataclass(frozen=True)
class ClipJob:
    """One clip to make: what to say, how, and where the WAV goes (picklable, sent to a worker)."""

    segment: Segment
    text: str
    """Exactly what the engine is handed (the cache key is made from it)."""
    engine: str
    voice: str
    rate: int
    path: Path
    key: str
    """The clip's cache key (identical segments share one job)."""


@functools.cache
def _worker_engine(name: str) -> Engine:
    """The engine of this worker process, loaded once per process."""
    return get_engine(name)


def make_clip(job: ClipJob, engine: Engine | None = None) -> float:
    """Speak `job` into its path and return the checked clip's duration (runs in a worker)."""
    (engine or _worker_engine(job.engine)).synthesize(job.text, job.voice, job.rate, job.path)
    return clip_seconds(job.path, job.segment)


def _pool(workers: int, fresh: bool) -> ProcessPoolExecutor:
    """Workers forked from a server that has already imported the package and its CLI.

    multiprocessing re-runs the main module in every new worker; with the CLI
    already imported that is free, where importing it afresh would cost every
    clip the command's whole start-up.
    """
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload([__name__, "podcast.cli"])
    # Python 3.10 cannot retire a worker after one task: there, clips of a stateful
    # engine still come out right, only not byte-identical from run to run.
    options = {"max_tasks_per_child": 1} if fresh and sys.version_info >= (3, 11) else {}
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, **options)


def make_clips(jobs: list[ClipJob], workers: int, engine: Engine) -> Iterator[tuple[ClipJob, float]]:
    """Make every clip, yielding each (job, seconds) as it is done, in no fixed order.

    An engine that spreads one synthesis over threads itself (`in_process`,
    Piper: worker processes would each hold its model) speaks here with
    `workers` threads. A stateless engine with one worker speaks in this process,
    and so does any engine with a single clip to make while it is still fresh
    here (a story edited: no worker server to boot); otherwise the longest clips
    are started first so the cores finish together.
    """
    if not jobs:
        return
    fresh = getattr(engine, "stateful", False)
    fresh_here = not fresh or getattr(engine, "fresh", False)
    if getattr(engine, "in_process", False):
        engine.threads = workers
    if getattr(engine, "in_process", False) or (workers <= 1 and not fresh) or (len(jobs) == 1 and fresh_here):
        for job in jobs:
            yield job, make_clip(job, engine)
        return
    pool = _pool(min(workers, len(jobs)), fresh)
    try:
        futures = {pool.submit(make_clip, job): job for job in sorted(jobs, key=lambda j: -len(j.text))}
        for future in as_completed(futures):
            yield futures[future], future.result()
    except BrokenProcessPool:
        raise EngineError("a speech worker process died; try again with --jobs 1 to see the engine's own error") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
