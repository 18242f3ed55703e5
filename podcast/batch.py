"""Making many episodes in one run: several digests, or every digest in a folder.

A newsroom makes many shows a day; one bad digest must not stop the others, so
each digest's failure is recorded and the run goes on. Two digests that would
write the same episode file (same show, same date) are caught before the second
one overwrites the first.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import pipeline
from .config import Config
from .digest.formats import digest_suffixes
from .errors import DigestError, OutputError, PodcastError
from .models import Episode
from .progress import Reporter



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
    """Make the episode of every digest in turn; a failure is recorded, never raised.

    `progress(digest)` may give a progress reporter for that digest;
    `finished(item)` hears of each digest as soon as it is done.
    """
    items = []
    claimed: dict[Path, Path] = {}  # episode file → the digest that made it
    for digest in digests:
        started = time.monotonic()
        episode, error = None, ""
        try:
            plan = pipeline.plan_episode(digest, config, date, publish=publish)
            if plan.path in claimed:
                raise OutputError(
                    f"makes the same episode file {plan.path.name} as {claimed[plan.path]}; "
                    "give each digest its own date (--date) or show"
                )
            claimed[plan.path] = digest
            episode = pipeline.render_episode(plan, config, progress(digest) if progress else None)
            if publish:
                pipeline.publish_made_episode(plan, episode, config)
        except PodcastError as exc:
            error = str(exc)
        except Exception as exc:  # a bug met on one digest must not cost the newsroom the others
            error = f"unexpected {type(exc).__name__}: {exc}; please report it with this digest"
        item = BatchItem(digest, episode, error, time.monotonic() - started)
        items.append(item)
        if finished:
            finished(item)
    return items
