"""Making many episodes in one run: several digests, or every digest in a folder.

A newsroom makes many shows a day; one bad digest must not stop the others, so
each digest's failure is recorded and the run goes on. Two digests that would
write the same episode file (same show, same date) are caught before the second
one overwrites the first.
"""

from __future__ import annotations

import datetime as dt
import time
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from . import pipeline
from .config import Config
from .digest.formats import digest_suffixes
from .errors import DigestError, OutputError, PodcastError
from .models import Episode
from .progress import Reporter
from .runner import Runner, open_runner

T = TypeVar("T")



@dataclass(frozen=True)
class BatchItem:
    """What became of one digest of a batch: its episode, or the error that stopped it."""

    digest: Path
    episode: Episode | None
    error: str
    seconds: float
    """Wall-clock time spent on this digest."""


def find_digests(paths: list[Path]) -> list[Path]:
    """The digest files named: files as given, folders expanded to their digest files in name order."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        suffixes = digest_suffixes()
        inside = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in suffixes)
        if not inside:
            kinds = ", ".join(sorted(suffixes))
            raise DigestError(f"folder {path} holds no digest files ({kinds}); check the path")
        found.extend(inside)
    return found


def make_batch(
    digests: list[Path],
    config: Config,
    date: dt.date | None,
    publish: bool = False,
    progress: Callable[[Path], Reporter | None] | None = None,
    finished: Callable[[BatchItem], None] | None = None,
) -> list[BatchItem]:
    """Make the episode of every digest; a failure is recorded, never raised. Items come in digest order.

    `progress(digest)` may give a progress reporter for that digest;
    `finished(item)` hears of each digest as soon as it is done. Digests are planned
    in order here; on this machine each is then made before the next is planned, on a
    cluster several are made at once.
    """
    items: dict[Path, BatchItem] = {}
    claimed: dict[Path, Path] = {}  # episode file → the digest that made it

    def record(item: BatchItem) -> None:
        items[item.digest] = item
        if finished:
            finished(item)

    with open_runner(config) as runner, ThreadPoolExecutor(runner.episodes_at_once) as pool:
        making: list[Future] = []
        for digest in digests:
            started = time.monotonic()
            plan, error = _attempt(lambda: _claimed_plan(digest, config, date, publish, claimed))
            if plan is None:
                record(BatchItem(digest, None, error, time.monotonic() - started))
                continue
            arguments = (digest, plan, config, publish, runner, progress, time.monotonic() - started)
            if runner.episodes_at_once == 1:
                record(_make_planned(*arguments))  # here, so Ctrl-C stops it at once
            else:
                making.append(pool.submit(_make_planned, *arguments))
        for made in as_completed(making):
            record(made.result())
    return [items[digest] for digest in digests]


def _attempt(step: Callable[[], T]) -> tuple[T | None, str]:
    """The step's value and no error, or None and the error that stopped it."""
    try:
        return step(), ""
    except PodcastError as exc:
        return None, str(exc)
    except Exception as exc:  # a bug met on one digest must not cost the newsroom the others
        return None, f"unexpected {type(exc).__name__}: {exc}; please report it with this digest"


def _claimed_plan(digest: Path, config: Config, date: dt.date | None, publish: bool, claimed: dict[Path, Path]) -> pipeline.EpisodePlan:
    """The digest's plan, its episode file claimed for it unless an earlier digest of the batch has it."""
    plan = pipeline.plan_episode(digest, config, date, publish=publish)
    if plan.path in claimed:
        raise OutputError(
            f"makes the same episode file {plan.path.name} as {claimed[plan.path]}; "
            "give each digest its own date (--date) or show"
        )
    claimed[plan.path] = digest
    return plan


def _make_planned(
    digest: Path, plan: pipeline.EpisodePlan, config: Config, publish: bool, runner: Runner,
    progress: Callable[[Path], Reporter | None] | None, planning_seconds: float,
) -> BatchItem:
    """Render (and publish) one planned episode; its time counts its planning too."""
    started = time.monotonic()

    def make() -> Episode:
        episode = pipeline.render_episode(plan, config, progress(digest) if progress else None, runner=runner)
        if publish:
            pipeline.publish_made_episode(plan, episode, config)
        return episode

    episode, error = _attempt(make)
    return BatchItem(digest, episode, error, planning_seconds + time.monotonic() - started)
