"""Where the work of making episodes runs: this machine's worker processes, or a Ray cluster.

Both shapes run the same pipeline; a runner only decides where its two heavy steps
happen: speaking the clips of a script, and assembling (levelling, encoding,
tagging) an episode from its clips. `[cluster] address` (or `make --cluster`)
chooses Ray; without it everything runs here, exactly as before.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Protocol

from .config import Config

if TYPE_CHECKING:
    from .cache import CacheStore
    from .models import Clip, Episode, Script
    from .progress import EncodingProgress
    from .tts.engine import Engine
    from .tts.parallel import ClipJob


class Runner(Protocol):
    episodes_at_once: int
    """How many episodes of a batch are in the works at the same time."""

    def make_clips(self, jobs: list[ClipJob], workers: int, engine: Engine) -> Iterator[tuple[ClipJob, float]]:
        """Speak every job into its path, yielding (job, checked seconds) as each is done."""

    def assemble(
        self, clips: list[Clip], path: Path, script: Script, config: Config, cache: CacheStore | None,
        progress: EncodingProgress | None = None,
    ) -> Episode:
        """The episode of `clips` at `path` with its side files, written atomically; `progress` hears of the encoding."""


class LocalRunner:
    """This machine: clips in worker processes (tts/parallel.py), pieces on threads, one episode at a time."""

    episodes_at_once = 1

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs

    def make_clips(self, jobs: list[ClipJob], workers: int, engine: Engine) -> Iterator[tuple[ClipJob, float]]:
        from .tts.parallel import make_clips

        return make_clips(jobs, workers, engine)

    def assemble(
        self, clips: list[Clip], path: Path, script: Script, config: Config, cache: CacheStore | None,
        progress: EncodingProgress | None = None,
    ) -> Episode:
        from .audio.assembly import AssemblySettings, assemble  # deferred: a reused episode needs no assembly

        settings = AssemblySettings(script.title, script.date, script.show, config.show, config.audio, config.music)
        return assemble(clips, path, settings, cache=cache, jobs=self.jobs, progress=progress)


@contextlib.contextmanager
def open_runner(config: Config) -> Iterator[Runner]:
    """The runner `config` asks for, ready to use, and released (a started Ray stopped) afterwards."""
    from .pipeline import worker_count

    if not config.cluster.address:
        yield LocalRunner(worker_count(config))
        return
    from .ray_runner import RayRunner

    with RayRunner.connect(config.cluster.address) as runner:
        yield runner
