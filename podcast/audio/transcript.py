"""Transcripts beside the audio: WebVTT with voice spans, and SRT, as broadcast captions.

Readers read, so the words are the script's written sentences ("102.5%", "CATL",
"$1.65 billion"), each shown over the time its said form takes; the times are the
measured sentence positions of the programme. Captions follow broadcast practice:
at most two lines of at most 42 characters, lines and cues broken at phrase
boundaries (after punctuation, never after "the" or "of", never leaving one word
alone), each cue about 1 to 7 seconds, and no cue across a sentence boundary.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from dataclasses import dataclass

import numpy as np

from ..models import Segment
from ..sentences import split_sentences
from .sentences import Sentence

LINE_LIMIT = 42
"""Longest caption line in characters (the BBC's and Netflix's limit)."""
LINES_PER_CUE = 2
MIN_CUE_SECONDS = 1.0
MAX_CUE_SECONDS = 7.0
SNAP_SECONDS = 1.0
"""A caption break this close to a pause inside the sentence moves into it."""
SPEAKERS = {"anchor": "Anchor", "story": "Reporter"}
"""The speaker named in each `<v …>` span, by voice role."""
_PHRASE_GOES_ON = frozenset(
    "a an the of to in on at for with from by and or but as than per into onto about over under its their his her "
    "our your my this that these those is are was were be has have had will would can could not no".split()
)
"""Words a line or cue does not end on: the phrase goes on after them."""
_ABBREVIATION = re.compile(r"^(?:(?:[A-Z]\.)+|Co\.|Inc\.|Ltd\.|Corp\.|Mr\.|Ms\.|Dr\.|St\.|No\.|vs\.|[A-Z][a-z]{2,3}\.)$")
"""A full stop that ends an abbreviation ("U.S.", "Co.", "Jan."), not a phrase."""
_PHRASE_STARTS = frozenset("and but or so because which who while when where if after before since that to".split())


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


def written_sentences(segment: Segment, timed: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
    """The timed sentences as written: each written sentence over the time of what is said for it.

    Falls back to the said sentences when they do not line up with the segment's pairs.

    >>> segment = Segment("story", "A", "It rose two point five percent. Sales fell.", "story",
    ...                   (("It rose 2.5%.", "It rose two point five percent."), ("Sales fell.", "Sales fell.")))
    >>> [(s.text, s.start, s.end) for s in written_sentences(segment, (Sentence("It rose two point five percent.", 0.0, 2.0),
    ...                                                                Sentence("Sales fell.", 2.3, 3.0)))]
    [('It rose 2.5%.', 0.0, 2.0), ('Sales fell.', 2.3, 3.0)]
    """
    said = [split_sentences(spoken) or [spoken] for _, spoken in segment.sentences]
    if not segment.sentences or [part for parts in said for part in parts] != [s.text for s in timed]:
        return timed
    counts = [len(parts) for parts in said]
    written, at = [], 0
    for (text, _), count in zip(segment.sentences, counts):
        group = timed[at : at + count]
        at += count
        pauses = [p for s in group for p in s.pauses] + [(a.end, b.start) for a, b in zip(group, group[1:])]
        written.append(Sentence(text, group[0].start, group[-1].end, tuple(pauses)))
    return tuple(written)


def _break_cost(words: list[str], at: int) -> float:
    """How bad a line or cue break before words[at] is: negative after punctuation, high inside a phrase."""
    before, after = words[at - 1], words[at]
    if before.endswith((".", "!", "?", ";", ":")) and not _ABBREVIATION.match(before):
        return -3.0
    if before.endswith((",", "—", "–")):
        return -2.0
    cost = 0.0
    if before.lower().strip("\"'“‘(") in _PHRASE_GOES_ON:
        cost += 3.0
    if after.lower() in _PHRASE_STARTS:
        cost -= 1.0
    if before[:1].isupper() and after[:1].isupper():
        cost += 1.5  # inside a name ("Hong Kong", "Contemporary Amperex")
    if re.search(r"\d", before) and not re.search(r"[.,;:]$", before):
        cost += 1.0  # a number and what it counts
    return cost


def _layout(words: list[str]) -> tuple[list[str], float]:
    """The best one or two lines for a cue's words, and how bad they are (inf: they do not fit, or
    only with one word alone on a line beside several).

    >>> _layout("Canada is looking at EV tariff policy after Biden's move against China".split())
    (['Canada is looking at EV tariff policy', "after Biden's move against China"], -0.75)
    """
    text = " ".join(words)
    if len(text) <= LINE_LIMIT:
        return [text], 0.0
    if len(words) == 1:  # one word longer than a line (a long name or address)
        wrapped = textwrap.wrap(text, LINE_LIMIT, break_long_words=True)
        return wrapped, (0.0 if len(wrapped) <= LINES_PER_CUE else math.inf)
    best: tuple[list[str], float] = ([], math.inf)
    for at in range(1, len(words)):
        top, bottom = " ".join(words[:at]), " ".join(words[at:])
        if len(top) > LINE_LIMIT or len(bottom) > LINE_LIMIT:
            continue
        if len(words) > 2 and (at == 1 or at == len(words) - 1):
            continue  # a word alone on a line under (or over) several: the cue is cut instead
        cost = _break_cost(words, at) + abs(len(top) - len(bottom)) / 20
        if cost < best[1]:
            best = ([top, bottom], round(cost, 2))
    return best


def _weight(word: str) -> float:
    """Roughly how long a written word takes to say: digits and symbols are said as whole words."""
    return len(word) + 1 + 5 * len(re.findall(r"\d", word)) + 7 * len(re.findall(r"[%$€£¥&+#@/]", word))


def _chunks(words: list[str], seconds: float) -> list[list[str]]:
    """The sentence's words cut into cues: each fits two lines, lasts about 1 to 7 seconds,
    ends at a phrase boundary, and none is a lone word when that can be avoided.

    >>> sentence = "Canada may raise tariffs on Chinese-made EVs, following the U.S. decision to impose tariffs of 102.5%."
    >>> [" ".join(c) for c in _chunks(sentence.split(), 8.0)]
    ['Canada may raise tariffs on Chinese-made EVs,', 'following the U.S. decision to impose tariffs of 102.5%.']
    """
    weights = np.cumsum([0.0] + [_weight(w) for w in words])
    total = weights[-1]
    count = len(words)
    best = [0.0] + [math.inf] * count
    back = [0] * (count + 1)
    for end in range(1, count + 1):
        for start in range(end - 1, -1, -1):
            if len(" ".join(words[start:end])) > LINES_PER_CUE * (LINE_LIMIT + 1) and end - start > 1:
                break
            lines, cost = _layout(words[start:end])
            if math.isinf(cost):
                continue
            duration = seconds * (weights[end] - weights[start]) / total
            cost += 1.0  # each cue: fewer, fuller cues read better
            cost += 3.0 * max(0.0, duration - MAX_CUE_SECONDS) + (5.0 if duration > MAX_CUE_SECONDS else 0.0)
            if (start, end) != (0, count):
                cost += 3.0 * max(0.0, MIN_CUE_SECONDS - duration)
                cost += 4.0 if end - start == 1 else 1.5 if len(" ".join(words[start:end])) < 20 else 0.0
            if end < count:
                cost += _break_cost(words, end)
            if best[start] + cost < best[end]:
                best[end], back[end] = best[start] + cost, start
    cuts, at = [], count
    while at > 0:
        cuts.append((back[at], at))
        at = back[at]
    return [words[a:b] for a, b in reversed(cuts)]


def _chunk_times(chunks: list[list[str]], line: Sentence) -> list[tuple[float, float]]:
    """Each chunk's share of the sentence's time by how long its words take to say, each break
    moved into the nearest measured pause inside the sentence when one is close.

    >>> _chunk_times([["One,"], ["two", "three."]], Sentence("One, two three.", 0.0, 3.0, ((1.1, 1.3),)))
    [(0.0, 1.1), (1.3, 3.0)]
    """
    lengths = np.array([sum(_weight(w) for w in c) for c in chunks], dtype=float)
    breaks = line.start + (line.end - line.start) * np.cumsum(lengths)[:-1] / lengths.sum()
    times, start = [], line.start
    for estimate in breaks:
        near = [p for p in line.pauses if p[0] > start and abs((p[0] + p[1]) / 2 - estimate) <= SNAP_SECONDS]
        pause = min(near, key=lambda p: abs((p[0] + p[1]) / 2 - estimate), default=(estimate, estimate))
        times.append((start, pause[0]))
        start = pause[1]
    return times + [(start, line.end)]


def make_cues(lines: tuple[Line, ...]) -> list[Cue]:
    """Caption cues for timed sentences; text is HTML-escaped for WebVTT. A cue shorter than
    a second stays up into the silence after it, never over the next one.

    >>> cue, = make_cues((Line("anchor", Sentence("Fish & chips.", 1.0, 1.6)),))
    >>> cue.speaker, cue.lines, cue.start, cue.end
    ('Anchor', ('Fish &amp; chips.',), 1.0, 2.0)
    """
    cues = []
    for line in lines:
        speaker = SPEAKERS.get(line.role, line.role.title())
        words = line.sentence.text.split()
        chunks = _chunks(words, line.sentence.end - line.sentence.start)
        for chunk, (start, end) in zip(chunks, _chunk_times(chunks, line.sentence)):
            text = tuple(html.escape(t, quote=False) for t in _layout(chunk)[0])
            cues.append(Cue(speaker, text, round(float(start), 3), round(float(end), 3)))
    for n, cue in enumerate(cues):
        if cue.end - cue.start < MIN_CUE_SECONDS:
            limit = cues[n + 1].start if n + 1 < len(cues) else math.inf
            cues[n] = Cue(cue.speaker, cue.lines, cue.start, round(max(cue.end, min(cue.start + MIN_CUE_SECONDS, limit)), 3))
    return cues


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
