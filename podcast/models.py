"""The typed values that cross stage boundaries: Digest → Script → [Clip] → Episode.

Each stage takes one of these and returns the next; nothing else crosses a boundary,
so a stage can be run, tested or replaced on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Story:
    """One story of a digest: its heading and body as written (markers removed)."""

    title: str
    body: str


@dataclass(frozen=True)
class Digest:
    """A parsed digest: only the content, page furniture already dropped."""

    title: str
    stories: tuple[Story, ...]
    standfirst: str = ""
    hub: tuple[str, ...] = ()
    closing: str = ""
    glossary: tuple[tuple[str, str], ...] = ()
    source: str = ""
    date: dt.date | None = None
    """The date the digest gives itself (front matter, feed, byline), if any."""


@dataclass(frozen=True)
class Segment:
    """One spoken unit of the script: a clip is made for each.

    `text` is exactly what the voice will say; `role` picks the voice
    (anchor or story) so a show can give each role its own.
    """

    kind: str
    title: str
    text: str
    role: str = "anchor"
    sentences: tuple[tuple[str, str], ...] = ()
    """Each sentence as written and as said ("It rose 2.5%.", "It rose two point five percent."),
    in order: `text` is the said ones joined. Transcripts show the written ones."""

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True)
class Script:
    """The whole spoken script of one episode, in order."""

    show: str
    title: str
    date: dt.date
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Clip:
    """A synthesized, checked WAV file for one segment."""

    segment: Segment
    path: Path
    seconds: float


@dataclass(frozen=True)
class Chapter:
    """Where a segment lies in the finished episode, in seconds."""

    title: str
    start: float
    end: float


@dataclass(frozen=True)
class Episode:
    """The finished audio file and what was measured of it."""

    path: Path
    title: str
    date: dt.date
    seconds: float
    size: int
    chapters: tuple[Chapter, ...] = field(default=())
    mime: str = "audio/mpeg"
    """MIME type of the audio file (audio/mpeg for MP3, audio/x-m4a for M4A), for the feed's enclosure."""
    loudness_lufs: float | None = None
    """Integrated loudness measured on the encoded file."""
    true_peak_db: float | None = None
    """True peak measured on the encoded file, in dBTP."""
    chapters_path: Path | None = None
    """Podcasting 2.0 JSON chapters beside the audio."""
    transcript_vtt: Path | None = None
    """WebVTT transcript beside the audio."""
    transcript_srt: Path | None = None
    """SRT transcript beside the audio."""
    cover_path: Path | None = None
    """The cover embedded in the audio: the show's configured image, or the generated one beside the audio."""


@dataclass(frozen=True)
class ShowNotes:
    """What the feed and site say about an episode, taken from its digest."""

    standfirst: str = ""
    bullets: tuple[str, ...] = ()
    """The digest's summary bullets (its hub)."""
    headings: tuple[str, ...] = ()
    """The story headings, in order."""
    left_out: tuple[str, ...] = ()
    """Headings of the digest's stories left out of the audio to fit its length."""
