"""What `make` shows while it works and prints when it is done, drawn from the library's MakeProgress.

On a terminal: one live bar over the whole run (speaking, then encoding) with the
segments done, the seconds of audio made and an ETA; in a log (no terminal): one
plain line per step. Afterwards a summary in programme order. `--quiet` shows
nothing but the episode's path, `--json` one JSON object per episode instead.
"""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator

from ..progress import ENCODING, SPEAKING, MakeProgress, Reporter
from .console import clock, err

if TYPE_CHECKING:
    from rich.progress import Progress

    from ..models import Episode, Script

BAR_STEPS = 1000


def _counts(state: MakeProgress) -> str:
    text = f"{state.segments_done}/{state.segments_total} segments, {state.audio_seconds:.1f} s of audio"
    if state.pieces_total:
        text += f", {state.pieces_done}/{state.pieces_total} pieces encoded"
    return text


@dataclass
class Keeper:
    """A reporter that remembers the latest snapshot (the final one has both stages' times) and shows each."""

    show: Callable[[MakeProgress], None] | None = None
    last: MakeProgress | None = None

    def __call__(self, state: MakeProgress) -> None:
        self.last = state
        if self.show:
            self.show(state)


def _plain_lines() -> Callable[[MakeProgress], None]:
    """One line per spoken segment and per encoded piece, for logs."""
    shown: set[tuple[str, int]] = set()

    def show(state: MakeProgress) -> None:
        if state.stage == SPEAKING and state.segments_done and (SPEAKING, state.segments_done) not in shown:
            shown.add((SPEAKING, state.segments_done))
            err.print(
                f"[{state.segments_done}/{state.segments_total}] spoke {state.last} ({state.audio_seconds:.1f} s of audio)",
                markup=False,
            )
        elif state.stage == ENCODING and state.pieces_done and (ENCODING, state.pieces_done) not in shown:
            shown.add((ENCODING, state.pieces_done))
            err.print(
                f"[{state.pieces_done}/{state.pieces_total}] encoded pieces: {state.encoded_seconds:.1f} of {state.expected_seconds:.1f} s of speech",
                markup=False,
            )

    return show


def _bar() -> Progress:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = (
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[counts]}"),
        TextColumn("ETA"), TimeRemainingColumn(), TimeElapsedColumn(),
    )
    return Progress(*columns, console=err, transient=True)


@contextlib.contextmanager
def make_progress(quiet: bool = False) -> Iterator[Keeper]:
    """A reporter for one make: a live bar on a terminal, plain lines in a log, nothing when quiet."""
    if quiet or not err.is_terminal:
        yield Keeper(None if quiet else _plain_lines())
        return
    with _bar() as bar:
        task = bar.add_task("Speaking", total=BAR_STEPS, counts="")

        def draw(state: MakeProgress) -> None:
            bar.update(task, completed=round(state.fraction * BAR_STEPS), description=state.stage.capitalize(), counts=_counts(state))

        yield Keeper(draw)


@contextlib.contextmanager
def batch_progress(count: int, quiet: bool = False) -> Iterator[BatchBar]:
    """One bar over a whole batch on a terminal (digests done, the current one's share, ETA)."""
    if quiet or not err.is_terminal:
        yield BatchBar(count, None)
        return
    with _bar() as bar:
        yield BatchBar(count, bar)


@dataclass
class BatchBar:
    """Hands each digest of a batch a reporter that moves the batch's one bar.

    On a cluster several digests are made at once, so the bar counts the finished
    ones plus the share done of each still in the works, and never goes back.
    """

    count: int
    bar: Progress | None
    done: int = 0
    finals: dict[str, MakeProgress] = field(default_factory=dict)
    """Each digest's last snapshot, by its path."""
    working: dict[str, float] = field(default_factory=dict)
    """The share done of each digest being made, by its path."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    """Reporters are called from the threads that make the digests."""

    def __post_init__(self) -> None:
        if self.bar is not None:
            self.task = self.bar.add_task("Batch", total=self.count * BAR_STEPS, counts="")

    def reporter(self, name: str) -> Reporter:
        def report(state: MakeProgress) -> None:
            with self._lock:
                self.finals[name] = state
                self.working[name] = state.fraction
                self._show(description=f"Batch {self.done + 1}/{self.count}", counts=f"{name}: {state.stage}, {_counts(state)}")

        return report

    def finished(self, name: str) -> None:
        with self._lock:
            self.working.pop(name, None)
            self.done += 1
            self._show()

    def _show(self, **fields: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, completed=round((self.done + sum(self.working.values())) * BAR_STEPS), **fields)


def _cut(text: str, width: int) -> str:
    """
    >>> _cut("Chip maker opens a new plant", 12)
    'Chip maker …'
    """
    return text if len(text) <= width else text[: width - 1] + "…"


def programme_summary(script: Script, episode: Episode, final: MakeProgress | None) -> str:
    """The episode's segments in programme order: start, kind, title, length; then where the time went."""
    rows = [
        f"  {clock(chapter.start):>6}  {segment.kind:<10} {_cut(chapter.title, 48):<48} {clock(chapter.end - chapter.start):>6}"
        for segment, chapter in zip(script.segments, episode.chapters)
    ]
    if final is not None:
        rows.append(f"Spoke {final.segments_total} segments in {final.speaking_seconds:.1f} s, encoded in {final.encoding_seconds:.1f} s")
    return "\n".join(["Programme:", *rows])


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def episode_json(episode: Episode, final: MakeProgress | None, path: str) -> str:
    """One episode for automation, on one line: path (its URL for an output at one), duration, loudness, chapters, timings."""
    data = {
        "path": path,
        "duration": round(episode.seconds, 3),
        "size": episode.size,
        "loudness": {"integrated_lufs": _round(episode.loudness_lufs, 2), "true_peak_dbtp": _round(episode.true_peak_db, 2)},
        "chapters": [{"title": c.title, "start": round(c.start, 3), "end": round(c.end, 3)} for c in episode.chapters],
        "timings": {
            "speaking": _round(final.speaking_seconds if final else None, 3),
            "encoding": _round(final.encoding_seconds if final else None, 3),
            "total": _round(final.elapsed if final else None, 3),
        },
    }
    return json.dumps(data, ensure_ascii=False)
