"""Transcripts beside the audio: WebVTT with voice spans, and SRT.

The words are the script's written words (Segment.text, never a lexicon
respelling); the times are the measured sentence positions of the programme.
A sentence too long for two caption lines is split into several cues at word
boundaries, its time shared out by characters.
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

import numpy as np

from .sentences import Sentence

LINE_LIMIT = 65
"""Longest caption line in characters, voice tag included (Apple's recommendation)."""
LINES_PER_CUE = 2
SNAP_SECONDS = 1.0
"""A caption break this close to a pause inside the sentence moves into it."""
SPEAKERS = {"anchor": "Anchor", "story": "Reporter"}
"""The speaker named in each `<v …>` span, by voice role."""


@dataclass(frozen=True)
class Line:
    """One timed sentence of the finished episode and the voice role that speaks it."""

    role: str
    sentence: Sentence


@dataclass(frozen=True)
class Cue:
    """One caption: who speaks, which words (already wrapped into lines), and when."""

    speaker: str
    lines: tuple[str, ...]
    start: float
    end: float


def _wrap(words: list[str], first_indent: str) -> list[str]:
    return textwrap.wrap(
        " ".join(words), LINE_LIMIT, initial_indent=first_indent, break_on_hyphens=False, break_long_words=True
    )


def _fits(words: list[str], tag: str) -> bool:
    return len(_wrap(words, tag)) <= LINES_PER_CUE


def _greedy_chunks(words: list[str], tag: str) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    for word in words:
        if chunks[-1] and not _fits(chunks[-1] + [word], tag):
            chunks.append([])
        chunks[-1].append(word)
    return chunks


def _chunks(words: list[str], tag: str) -> list[list[str]]:
    """Word runs that each fit a cue, as even as possible, cut after a comma when one is near.

    >>> [" ".join(c) for c in _chunks(("word " * 30 + "end, " + "word " * 8).split(), "<v A>")]
    ['word word word word word word word word word word word word word word word word word word word', 'word word word word word word word word word word word end, word word word word word word word word']
    """
    greedy = _greedy_chunks(words, tag)
    count = len(greedy)
    if count == 1:
        return greedy
    ends = np.cumsum([len(w) + 1 for w in words])
    reach = max(15.0, 0.3 * ends[-1] / count)
    cuts = [0]
    for k in range(1, count):
        ideal = ends[-1] * k / count
        near = [i for i in range(cuts[-1] + 1, len(words)) if abs(ends[i - 1] - ideal) <= reach]
        commas = [i for i in near if words[i - 1].endswith((",", ";", ":"))]
        pick = min(commas or near or [cuts[-1] + 1], key=lambda i: abs(ends[i - 1] - ideal))
        cuts.append(pick)
    chunks = [words[a:b] for a, b in zip(cuts, cuts[1:] + [len(words)])]
    return chunks if all(c and _fits(c, tag) for c in chunks) else greedy


def make_cues(lines: tuple[Line, ...]) -> list[Cue]:
    """Caption cues for timed sentences; text is HTML-escaped for WebVTT.

    >>> cue, = make_cues((Line("anchor", Sentence("Fish & chips.", 1.0, 2.0)),))
    >>> cue.speaker, cue.lines, cue.start, cue.end
    ('Anchor', ('Fish &amp; chips.',), 1.0, 2.0)
    """
    cues = []
    for line in lines:
        speaker = SPEAKERS.get(line.role, line.role.title())
        tag = f"<v {speaker}>"
        words = [html.escape(w, quote=False) for w in line.sentence.text.split()]
        chunks = _chunks(words, tag)
        for chunk, (start, end) in zip(chunks, _chunk_times(chunks, line.sentence)):
            wrapped = _wrap(chunk, tag)
            wrapped[0] = wrapped[0].removeprefix(tag)
            cues.append(Cue(speaker, tuple(wrapped), round(start, 3), round(end, 3)))
    return cues


def _chunk_times(chunks: list[list[str]], line: Sentence) -> list[tuple[float, float]]:
    """Each chunk's share of the sentence's time by characters, each break moved
    into the nearest measured pause inside the sentence when one is close.

    >>> _chunk_times([["One,"], ["two", "three."]], Sentence("One, two three.", 0.0, 3.0, ((1.5, 1.7),)))
    [(0.0, 1.5), (1.7, 3.0)]
    """
    lengths = np.array([len(" ".join(c)) + 1 for c in chunks], dtype=float)
    breaks = line.start + (line.end - line.start) * np.cumsum(lengths)[:-1] / lengths.sum()
    times, start = [], line.start
    for estimate in breaks:
        near = [p for p in line.pauses if p[0] > start and abs((p[0] + p[1]) / 2 - estimate) <= SNAP_SECONDS]
        pause = min(near, key=lambda p: abs((p[0] + p[1]) / 2 - estimate), default=(estimate, estimate))
        times.append((start, pause[0]))
        start = pause[1]
    return times + [(start, line.end)]


def _clock(seconds: float, separator: str) -> str:
    """
    >>> _clock(3725.5, ",")
    '01:02:05,500'
    """
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def to_vtt(cues: list[Cue]) -> str:
    """WebVTT: each cue's first line opens a `<v Speaker>` span."""
    blocks = ["WEBVTT"]
    for cue in cues:
        text = "\n".join((f"<v {cue.speaker}>{cue.lines[0]}", *cue.lines[1:]))
        blocks.append(f"{_clock(cue.start, '.')} --> {_clock(cue.end, '.')}\n{text}")
    return "\n\n".join(blocks) + "\n"


def to_srt(cues: list[Cue]) -> str:
    """SRT: numbered cues, plain text (SRT has no speaker markup)."""
    blocks = []
    for number, cue in enumerate(cues, start=1):
        text = html.unescape("\n".join(cue.lines))
        blocks.append(f"{number}\n{_clock(cue.start, ',')} --> {_clock(cue.end, ',')}\n{text}")
    return "\n\n".join(blocks) + "\n"
