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

import contextlib
import errno
import functools
import multiprocessing
import os
import signal
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..atomic import DISK_FAULTS, free_space, write_failure
from ..errors import ClipError, EngineError, PodcastError
from ..lifetime import own_multiprocessing_folder, worker_start
from ..models import Segment
from .check import clip_seconds
from .engine import Engine, get_engine


@dataclass(frozen=True)
class ClipDeadline:
    """How long an engine may take over one clip: in proportion to its length, never less than a floor."""

    floor: float = 60.0
    factor: float = 5.0

    def seconds(self, words: int, rate: int) -> float:
        """The time limit of a clip of `words` spoken at `rate` words per minute.

        >>> ClipDeadline(60, 5).seconds(10, 175), ClipDeadline(60, 5).seconds(700, 175)
        (60, 1200.0)
        """
        return max(self.floor, self.factor * words * 60 / max(rate, 1))


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
    timeout: float = 60.0
    """Seconds the engine may take over it (see ClipDeadline)."""


@functools.cache
def _worker_engine(name: str) -> Engine:
    """The engine of this worker process, loaded once per process."""
    return get_engine(name)


class _TimedOut(Exception):
    pass


def _raise_timeout(signum: int, frame: object) -> None:
    raise _TimedOut()


@contextlib.contextmanager
def _time_limit(seconds: float, hard_exit: bool) -> Iterator[None]:
    """Interrupt the block after `seconds` (SIGALRM, so only in a main thread; elsewhere it runs unbounded).

    An engine stuck in C code never returns to Python to be interrupted: in a
    worker process (`hard_exit`) a watchdog then ends the whole process, and
    the pool reports it as a dead worker.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    watchdog = threading.Timer(seconds * 2 + 10, os._exit, (70,)) if hard_exit else None
    if watchdog:
        watchdog.daemon = True
        watchdog.start()
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if watchdog:
            watchdog.cancel()


def make_clip(job: ClipJob, engine: Engine | None = None) -> float:
    """Speak `job` into its path and return the checked clip's duration (runs in a worker, or here with `engine`).

    An engine that raises or overruns the job's time limit is asked once more;
    failing again, it is an EngineError naming the segment and the engine.
    """
    in_worker = engine is None
    engine = engine or _worker_engine(job.engine)
    for attempt in (1, 2):
        try:
            with _time_limit(job.timeout, hard_exit=in_worker):
                engine.synthesize(job.text, job.voice, job.rate, job.path)
            break
        except PodcastError:
            raise
        except OSError as exc:
            if exc.errno in DISK_FAULTS:  # the disk, not the engine: trying again cannot help
                raise clip_write_failure(exc, job) from None
            problem = f"failed (OSError: {exc})"
        except _TimedOut:
            problem = f"took longer than {job.timeout:.0f} s"
        except Exception as exc:  # a plugin may fail in any way; it must not crash make
            problem = f"failed ({type(exc).__name__}: {' '.join(str(exc).split())[:200]})"
        job.path.unlink(missing_ok=True)
    else:
        raise EngineError(
            f"segment {job.segment.kind} {job.segment.title!r}: engine {job.engine} {problem}, twice; "
            "try again, or another engine with --engine (its time limit is [voice] timeout_seconds)"
        )
    try:
        return clip_seconds(job.path, job.segment, job.engine)
    except ClipError:
        free = free_space(job.path)
        if free is not None and free < clip_bytes(job):  # a clip cut short by a full disk is the disk's fault
            raise clip_write_failure(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), job) from None
        raise


def clip_bytes(job: ClipJob) -> int:
    """About how big the clip's WAV will be: its words' speaking time at 22,050 Hz, 16-bit."""
    return int(job.segment.words * 60 / max(job.rate, 1) * 44_100) + 44


def clip_write_failure(exc: OSError, job: ClipJob) -> PodcastError:
    what = f"the clip of segment {job.segment.kind} {job.segment.title!r} in"
    return write_failure(exc, what, job.path.parent, clip_bytes(job))


def clip_pool(workers: int, fresh: bool) -> ProcessPoolExecutor:
    """Workers forked from a server that has already imported the package and its CLI,
    each of which dies with its parent (so a killed make leaves none behind).

    multiprocessing re-runs the main module in every new worker; with the CLI
    already imported that is free, where importing it afresh would cost every
    clip the command's whole start-up.
    """
    own_multiprocessing_folder()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload([__name__, "podcast.cli"])
    # Python 3.10 cannot retire a worker after one task: there, clips of a stateful
    # engine still come out right, only not byte-identical from run to run.
    options = {"max_tasks_per_child": 1} if fresh and sys.version_info >= (3, 11) else {}
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=worker_start, initargs=(os.getpid(),), **options
    )


def _make_here(jobs: list[ClipJob], engine: Engine) -> Iterator[tuple[ClipJob, float]]:
    """Every clip spoken in this process, in order; an engine that can begin a clip ahead
    (`prepare`) is given the next one before it is asked for the current one."""
    prepare = getattr(engine, "prepare", None)
    try:
        for n, job in enumerate(jobs):
            if prepare:
                begin = jobs[: n + 2] if n == 0 else jobs[n + 1 : n + 2]  # the first two, then each next one once
                for upcoming in begin:
                    prepare(upcoming.text, upcoming.voice, upcoming.rate)
            yield job, make_clip(job, engine)
    finally:
        if prepare:
            engine.discard_prepared()


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
        yield from _make_here(jobs, engine)
        return
    pool = clip_pool(min(workers, len(jobs)), fresh)
    finished = False
    try:
        futures = {pool.submit(make_clip, job): job for job in sorted(jobs, key=lambda j: -len(j.text))}
        for future in as_completed(futures):
            yield futures[future], future.result()
        finished = True
    except BrokenProcessPool:
        raise EngineError(
            f"a speech worker of engine {engine.name} died or hung past its time limit; "
            "try again with --jobs 1, or another engine with --engine"
        ) from None
    finally:
        if not finished:  # clips still being spoken are not waited for (the pool has no public way to stop them)
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
        pool.shutdown(wait=True, cancel_futures=True)
