"""What every command prints on stderr: the shared console and the one-line `Error: …`."""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING, Iterator

import typer
from rich.console import Console

from ..errors import PodcastError

if TYPE_CHECKING:
    from ..config import Config
    from ..publish import Published
    from ..publish.upload import Delivered

err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)  # ":1234:" in a message stays text


class _WarningLines(logging.Handler):
    """The library's warnings (a dropped paragraph, a repaired heading) as lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        err.print(record.getMessage(), markup=False, soft_wrap=True)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn a PodcastError into one `Error: …` line and exit 1; never a traceback.
    The library's warnings are printed while the command runs."""
    library, handler = logging.getLogger("podcast"), _WarningLines(logging.WARNING)
    library.addHandler(handler)
    try:
        yield
    except PodcastError as exc:
        err.print(f"Error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("Error: interrupted; nothing was written", markup=False)
        raise typer.Exit(130) from None
    finally:
        library.removeHandler(handler)


def clock(seconds: float) -> str:
    """A duration as the listener reads it: `4:37`."""
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def report_dropped(dropped: tuple[str, ...], settings: Config) -> None:
    """Name the stories `--max-minutes` left out, so nobody wonders where they went."""
    if dropped:
        titles = "; ".join(dropped)
        err.print(f"Dropped {len(dropped)} stories to fit {settings.script.max_minutes:g} minutes: {titles}", markup=False)


def report_published(published: Published, verb: str = "") -> None:
    """The publish warnings, then where the feed is and how many episodes it lists."""
    for warning in published.warnings:
        err.print(f"Warning: {warning}", markup=False)
    prefix = f"{verb} episode; " if verb else ""
    count = f"{published.episodes} episode{'' if published.episodes == 1 else 's'}"
    err.print(f"{prefix}feed {published.feed} lists {count} ({published.feed_url})", markup=False)


def sent(path: str, size: int) -> None:
    """One line per uploaded file, so a long upload shows it is moving."""
    err.print(f"  sent {path} ({size / 1e6:.2f} MB)", markup=False)


def report_delivered(delivered: Delivered) -> None:
    """What the upload sent, kept and deleted, and which apps were told."""
    up = delivered.uploaded
    err.print(
        f"Uploaded {up.sent} file{'' if up.sent == 1 else 's'} ({up.sent_bytes / 1e6:.2f} MB, {up.sent_bytes} bytes) "
        f"to {up.target}; {up.unchanged} unchanged, {up.deleted} deleted",
        markup=False,
    )
    for name in delivered.notified:
        err.print(f"Notified {name}", markup=False)
    for warning in delivered.warnings:
        err.print(f"Warning: {warning}", markup=False)
