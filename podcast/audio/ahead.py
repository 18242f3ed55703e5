"""Encoding the episode's pieces while the rest of it is still being spoken.

A piece needs only its own clips (programme.py), so once the last of them is
spoken it can be levelled, encoded and measured while the engine speaks the
next segments, and assembly then finds it made. Piper keeps both cores busy
through most of a make, not all of it: a core waits while the other finishes a
sentence, and between sentences. Early pieces are made one at a time on a
thread of low priority, which the ffmpeg it starts inherits, so they take that
idle time rather than the engine's. Only what this make speaks starts a piece
early: a piece of clips all taken from the cache is left to assembly, which
reads it from the piece cache, or skips it with the whole episode.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Sequence

from ..cache import CacheStore
from ..config import AudioConfig, MusicConfig
from ..lifetime import scratch_dir
from ..models import Clip, Segment
from .pieces import EncodedPiece, make_piece
from .programme import PiecePlan, piece_groups, plan_piece

NICENESS = 10
"""How far the early pieces' thread (and its ffmpeg) is lowered: far enough that speech runs first,
not so far that the piece still being encoded when speech ends starves behind assembly's own."""


def _lower_priority() -> None:
    """Lower this thread's scheduling priority (Linux sets it per thread; elsewhere the whole process would
    be lowered, so there it is left alone)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)


class PiecesAhead:
    """Starts each piece as soon as its clips are ready and one of them was spoken by this make.

    Tell it of every clip as it is ready (`ready`), and of the spoken ones once more (`spoke`);
    assembly then `take`s the pieces started for exactly its plans. A context manager: leaving
    it waits for the piece in progress and drops the rest, and removes the scratch files of
    pieces made without a cache, so keep it open until the episode is joined.
    """

    def __init__(
        self, segments: Sequence[Segment], audio: AudioConfig, music: MusicConfig, cache: CacheStore | None
    ) -> None:
        self._segments, self._audio, self._music, self._cache = tuple(segments), audio, music, cache
        self._groups = piece_groups(self._segments, audio, music)
        self._group_of = {n: g for g, members in enumerate(self._groups) for n in members}
        self._clips: dict[int, Clip] = {}
        self._started: dict[PiecePlan, Future[EncodedPiece]] = {}
        self._scratch = scratch_dir("ahead")
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="pieces-ahead", initializer=_lower_priority)

    def __enter__(self) -> "PiecesAhead":
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._scratch.cleanup()

    def ready(self, n: int, clip: Clip) -> None:
        """Segment `n`'s clip is ready (spoken or from the cache)."""
        self._clips[n] = clip

    def spoke(self, n: int, clip: Clip) -> None:
        """Segment `n`'s clip was spoken by this make: its piece starts once all its clips are ready."""
        self._clips[n] = clip
        group = self._group_of[n]
        members = self._groups[group]
        if all(m in self._clips for m in members):
            plan = plan_piece(members, self._clips, self._segments, self._audio)
            scratch = Path(self._scratch.name) / f"piece-{group:03d}.frames"
            self._started[plan] = self._pool.submit(make_piece, plan, self._audio, self._music, self._cache, scratch)

    def take(self, plan: PiecePlan) -> Future[EncodedPiece] | None:
        """The piece started for `plan`, if one was and it has begun (one not begun yet is withdrawn:
        assembly makes it at full priority)."""
        future = self._started.pop(plan, None)
        if future is None or future.cancel():
            return None
        return future
