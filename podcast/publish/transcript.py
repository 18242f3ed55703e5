"""The transcript as the site's pages show it: one section per chapter, speaker turns as paragraphs.

The episode page and the embeddable player both read it from here, so both split
it the same way. Its source is what `make` wrote beside the audio: the WebVTT
cues (who speaks which words, when) and the chapters (where each story starts).
A cue belongs to the chapter it starts in; within a chapter, a paragraph is one
speaker's consecutive cues, cut after a few sentences so that every paragraph a
listener clicks starts playback close to the words they chose.
"""

from __future__ import annotations

import bisect
import html
from dataclasses import dataclass
from pathlib import Path

import webvtt

from ..models import Chapter

SENTENCES_PER_PARAGRAPH = 3
"""A speaker's turn longer than this many sentences is shown as several paragraphs."""
EARLY_SECONDS = 0.05
"""A cue starting this close before a chapter counts as that chapter's (times are rounded to the millisecond)."""


@dataclass(frozen=True)
class Paragraph:
    """Words of one speaker, where they start in the episode (seconds), and whether a new turn starts here."""

    start: float
    speaker: str
    text: str
    turn: bool = True
    """True when the speaker changed (or the section starts): the page names the speaker here."""


@dataclass(frozen=True)
class TranscriptSection:
    """One chapter's words under its title."""

    title: str
    start: float
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class _Cue:
    start: float
    speaker: str
    text: str


def seconds(timestamp: str) -> float:
    """A WebVTT timestamp in seconds (webvtt-py's `start_in_seconds` drops the milliseconds).

    >>> seconds("00:01:02.500"), seconds("01:02.5")
    (62.5, 62.5)
    """
    return sum(float(part) * 60**power for power, part in enumerate(reversed(timestamp.split(":"))))


def read_cues(path: Path) -> list[_Cue]:
    """A WebVTT file's cues as plain text (webvtt-py parses; `<v>` spans give the speaker)."""
    return [
        _Cue(seconds(cue.start), cue.voice or "", html.unescape(" ".join(cue.text.split())))
        for cue in webvtt.read(str(path))
    ]


def _ends_sentence(text: str) -> bool:
    return text.rstrip("\"'”’)").endswith((".", "?", "!"))


def _paragraphs(cues: list[_Cue]) -> tuple[Paragraph, ...]:
    """Consecutive cues of one speaker joined, a paragraph closed after SENTENCES_PER_PARAGRAPH sentences.

    >>> cues = [_Cue(0.0, "A", "One."), _Cue(1.0, "A", "Two."), _Cue(2.0, "B", "Three, and"), _Cue(3.0, "B", "four.")]
    >>> [(p.start, p.speaker, p.text, p.turn) for p in _paragraphs(cues)]
    [(0.0, 'A', 'One. Two.', True), (2.0, 'B', 'Three, and four.', True)]
    """
    paragraphs: list[Paragraph] = []
    sentences = 0
    for cue in cues:
        last = paragraphs[-1] if paragraphs else None
        if last and last.speaker == cue.speaker and sentences < SENTENCES_PER_PARAGRAPH:
            paragraphs[-1] = Paragraph(last.start, last.speaker, f"{last.text} {cue.text}", last.turn)
        else:
            paragraphs.append(Paragraph(cue.start, cue.speaker, cue.text, last is None or last.speaker != cue.speaker))
            sentences = 0
        sentences += _ends_sentence(cue.text)
    return tuple(paragraphs)


def transcript_sections(chapters: tuple[Chapter, ...], vtt: Path | None) -> tuple[TranscriptSection, ...]:
    """The transcript of `vtt` split at `chapters`; cues before the first chapter join the first one.

    No transcript gives no sections; no chapters gives one untitled section.
    """
    if vtt is None:
        return ()
    cues = read_cues(vtt)
    if not chapters:
        return (TranscriptSection("", cues[0].start if cues else 0.0, _paragraphs(cues)),) if cues else ()
    starts = [chapter.start - EARLY_SECONDS for chapter in chapters]
    grouped: list[list[_Cue]] = [[] for _ in chapters]
    for cue in cues:
        grouped[max(bisect.bisect_right(starts, cue.start) - 1, 0)].append(cue)
    return tuple(
        TranscriptSection(chapter.title, chapter.start, _paragraphs(group))
        for chapter, group in zip(chapters, grouped)
        if group
    )
