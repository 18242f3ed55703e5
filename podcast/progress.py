"""How far a make has got: one typed value, reported as the run goes, that any display can show.

A make speaks its segments, then encodes its pieces. The library reports both as
`MakeProgress` snapshots to a callback; the command line only draws them. Work is
counted in seconds of audio: a segment's share of speaking is its (estimated, then
measured) length, and so is its share of encoding, so a long story weighs more than
the intro and the fraction done moves at a steady pace through both stages.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

from .models import Clip

SPEAKING, ENCODING, DONE = "speaking", "encoding", "done"


@dataclass(frozen=True)
class MakeProgress:
    """A snapshot of one make."""

    stage: str
    """`speaking`, `encoding` or `done`."""
    segments_done: int
    segments_total: int
    audio_seconds: float
    """Seconds of speech made (or taken from the cache) so far."""
    expected_seconds: float
    """The speech's length: estimated for the segments not spoken yet, measured for the others."""
    pieces_done: int = 0
    pieces_total: int = 0
    """Encoded pieces of the episode; 0 until encoding starts."""
    encoded_seconds: float = 0.0
    """Seconds of speech encoded so far."""
    last: str = ""
    """Title of the segment spoken last (completion order: segments are spoken in parallel)."""
    speaking_seconds: float = 0.0
    """Wall-clock time spent speaking so far."""
    encoding_seconds: float = 0.0
    """Wall-clock time spent encoding so far."""

    @property
    def fraction(self) -> float:
        """The share of the whole run done, 0 to 1: speaking and encoding each count for half.

        >>> MakeProgress(SPEAKING, 1, 2, 10.0, 20.0).fraction
        0.25
        >>> MakeProgress(DONE, 2, 2, 20.0, 20.0, 1, 1, 20.0).fraction
        1.0
        """
        if self.stage == DONE:
            return 1.0
        total = 2 * self.expected_seconds
        return min((self.audio_seconds + self.encoded_seconds) / total, 1.0) if total else 0.0

    @property
    def elapsed(self) -> float:
        return self.speaking_seconds + self.encoding_seconds


Reporter = Callable[[MakeProgress], None]
"""What a caller of `render_episode` gives to hear of progress."""


class EncodingProgress(Protocol):
    """What the assemble stage reports while it encodes."""

    def encoding(self, pieces: int) -> None: ...

    def encoded(self, seconds: float) -> None: ...


@dataclass
class ProgressTracker:
    """Turns the stages' own callbacks (a clip spoken, a piece encoded) into MakeProgress snapshots."""

    estimates: Sequence[float]
    """Each segment's estimated spoken length, in script order."""
    report: Reporter | None = None
    clock: Callable[[], float] = time.monotonic
    _spoken: dict[int, float] = field(default_factory=dict)
    _started: float = 0.0
    _encoding_started: float = 0.0
    _state: MakeProgress | None = None

    def __post_init__(self) -> None:
        self._started = self.clock()
        self._state = MakeProgress(SPEAKING, 0, len(self.estimates), 0.0, float(sum(self.estimates)))
        self._send()

    @property
    def state(self) -> MakeProgress:
        assert self._state is not None
        return self._state

    def _send(self, **changes: object) -> None:
        now = self.clock()
        if self.state.stage == SPEAKING:
            changes.setdefault("speaking_seconds", now - self._started)
        elif self.state.stage == ENCODING:
            changes.setdefault("encoding_seconds", now - self._encoding_started)
        self._state = MakeProgress(**{**self.state.__dict__, **changes})
        if self.report:
            self.report(self.state)

    def spoke(self, index: int, clip: Clip) -> None:
        """Segment `index` of the script is ready as `clip` (spoken or from the cache)."""
        self._spoken[index] = clip.seconds
        expected = sum(self._spoken.get(n, estimate) for n, estimate in enumerate(self.estimates))
        self._send(
            segments_done=len(self._spoken), audio_seconds=sum(self._spoken.values()),
            expected_seconds=expected, last=f"{clip.segment.kind}: {clip.segment.title}",
        )

    def encoding(self, pieces: int) -> None:
        """Speaking is over; `pieces` pieces are to be encoded."""
        self._encoding_started = self.clock()
        self._send(
            stage=ENCODING, pieces_total=pieces, expected_seconds=self.state.audio_seconds,
            speaking_seconds=self._encoding_started - self._started,
        )

    def encoded(self, seconds: float) -> None:
        """One more piece is encoded, holding `seconds` of speech."""
        self._send(pieces_done=self.state.pieces_done + 1, encoded_seconds=self.state.encoded_seconds + seconds)

    def finished(self) -> MakeProgress:
        """The episode is written: the last snapshot, with both stages' times."""
        if self.state.stage == SPEAKING:  # the whole episode was reused: nothing to encode
            self.encoding(0)
        encoding = self.clock() - self._encoding_started
        self._send(stage=DONE, encoded_seconds=self.state.audio_seconds, encoding_seconds=encoding)
        return self.state
