"""Where each sentence lies in a clip, measured from the clip's own silences.

Engines pause at every full stop (espeak about 0.3 s at 175 wpm) and more
briefly at commas (about 0.15 s). The sentence boundaries of a segment's text are
matched to the clip's silent gaps by a small dynamic programme that prefers long
gaps near where the text says a boundary should fall. Each clip is then cut at
those gaps, trimmed of engine silence, and re-joined with the show's own pause
after each sentence, so transcript cues are measured, not guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..models import Segment
from ..sentences import split_sentences
from .pcm import envelope_db, silence

FRAME = 0.01
"""Seconds per level frame."""
QUIET_BELOW_LOUD_DB = 35.0
"""A frame this far below the clip's loud frames counts as silence."""
MIN_GAP = 0.08
"""Shortest silence that can separate two sentences."""
LEAD_IN = 0.02
TAIL_OUT = 0.04
"""Audio kept before a sentence's first loud frame and after its last, for soft consonants."""


@dataclass(frozen=True)
class Sentence:
    """One sentence of written text and where it is spoken, in seconds."""

    text: str
    start: float
    end: float
    pauses: tuple[tuple[float, float], ...] = ()
    """Silences inside the sentence (commas, breaths), (start, end): where a long sentence's captions can break."""

    def moved(self, seconds: float) -> "Sentence":
        """The same sentence `seconds` later (placing a segment's timings in the programme)."""
        pauses = tuple((a + seconds, b + seconds) for a, b in self.pauses)
        return Sentence(self.text, self.start + seconds, self.end + seconds, pauses)


@dataclass(frozen=True)
class SpokenSegment:
    """A segment's trimmed audio with its sentence pauses set, and its sentence timings."""

    segment: Segment
    samples: np.ndarray
    rate: int
    sentences: tuple[Sentence, ...]

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


def _quiet_frames(samples: np.ndarray, rate: int) -> np.ndarray:
    levels = envelope_db(samples, rate, FRAME)
    if len(levels) == 0:
        return np.zeros(0, dtype=bool)
    loud = float(np.percentile(levels, 95))
    return levels < loud - QUIET_BELOW_LOUD_DB


def _gaps(quiet: np.ndarray) -> list[tuple[float, float]]:
    """Silent stretches (start, end) in seconds between the first and last loud frame."""
    loud = np.flatnonzero(~quiet)
    if len(loud) == 0:
        return []
    gaps = []
    run_start = None
    for index in range(loud[0], loud[-1] + 1):
        if quiet[index] and run_start is None:
            run_start = index
        elif not quiet[index] and run_start is not None:
            if (index - run_start) * FRAME >= MIN_GAP:
                gaps.append((run_start * FRAME, index * FRAME))
            run_start = None
    return gaps


def _weights(sentences: list[str]) -> np.ndarray:
    """Expected share of speaking time: characters, plus a constant for the full-stop pause."""
    return np.array([len(s) + 12 for s in sentences], dtype=float)


def match_boundaries(sentences: list[str], gaps: list[tuple[float, float]], start: float, end: float) -> list[int | None]:
    """For each boundary between two sentences, the index of the gap it falls in (None: no gap).

    Cost of putting boundary k in gap j: distance from where the text predicts it,
    in units of a tolerance that grows with the clip, minus a bonus per 0.1 s of
    silence (sentence pauses are about twice as long as comma pauses). Gaps are
    used in order, each at most once.

    >>> match_boundaries(["One, two.", "Three."], [(0.4, 0.55), (1.0, 1.3)], 0.0, 2.0)
    [1]
    """
    boundaries = len(sentences) - 1
    if boundaries <= 0:
        return []
    weights = _weights(sentences)
    expected = start + (end - start) * np.cumsum(weights)[:-1] / weights.sum()
    tolerance = max(1.0, 0.08 * (end - start))
    count = len(gaps)
    best = np.zeros((boundaries + 1, count + 1))
    choice = np.zeros((boundaries + 1, count + 1), dtype=int)  # 0 skip boundary, 1 use gap, 2 skip gap
    for k in range(boundaries - 1, -1, -1):
        best[k, count] = best[k + 1, count]
        for j in range(count - 1, -1, -1):
            g_start, g_end = gaps[j]
            use = abs((g_start + g_end) / 2 - expected[k]) / tolerance - (g_end - g_start) / 0.1
            options = (best[k + 1, j], use + best[k + 1, j + 1], best[k, j + 1])
            choice[k, j] = int(np.argmin(options))
            best[k, j] = options[choice[k, j]]
    matched: list[int | None] = []
    k = j = 0
    while k < boundaries:
        step = choice[k, j] if j < count else 0
        if step == 0:
            matched.append(None)
            k += 1
        elif step == 1:
            matched.append(j)
            k, j = k + 1, j + 1
        else:
            j += 1
    return matched


def shape_segment(segment: Segment, samples: np.ndarray, rate: int, sentence_pause: float) -> SpokenSegment:
    """Trim engine silence, set the pause after each sentence, and time every sentence."""
    sentences = split_sentences(segment.text) or [segment.text]
    quiet = _quiet_frames(samples, rate)
    loud = np.flatnonzero(~quiet)
    if len(loud) == 0:
        return SpokenSegment(segment, samples, rate, (Sentence(segment.text, 0.0, len(samples) / rate),))
    first, last = loud[0] * FRAME, (loud[-1] + 1) * FRAME
    gaps = _gaps(quiet)
    matched = match_boundaries(sentences, gaps, first, last)

    # Pieces of audio between the matched gaps; each holds one or more sentences.
    cuts = [first] + [x for j in matched if j is not None for x in gaps[j]] + [last]
    spans = list(zip(cuts[0::2], cuts[1::2]))
    groups: list[list[str]] = [[]]
    for n, text in enumerate(sentences):
        groups[-1].append(text)
        if n < len(matched) and matched[n] is not None:
            groups.append([])

    chunks: list[np.ndarray] = []
    timed: list[Sentence] = []
    position = 0.0
    pause = silence(sentence_pause, rate)
    for n, ((span_start, span_end), group) in enumerate(zip(spans, groups)):
        lo = max(0, round((span_start - LEAD_IN) * rate))
        hi = min(len(samples), round((span_end + TAIL_OUT) * rate))
        piece = samples[lo:hi]
        if n:
            chunks.append(pause)
            position += len(pause) / rate
        speech_start = position + (span_start * rate - lo) / rate
        speech_end = speech_start + (span_end - span_start)
        shares = np.cumsum(np.concatenate([[0.0], _weights(group)]))
        edges = speech_start + (speech_end - speech_start) * shares / shares[-1]
        shift = speech_start - span_start
        inner = [(a + shift, b + shift) for a, b in gaps if span_start < a and b < span_end]
        for text, a, b in zip(group, edges[:-1], edges[1:]):
            pauses = tuple((float(x), float(y)) for x, y in inner if a < (x + y) / 2 < b)
            timed.append(Sentence(text, float(a), float(b), pauses))
        chunks.append(piece)
        position += len(piece) / rate
    return SpokenSegment(segment, np.concatenate(chunks).astype(np.float32, copy=False), rate, tuple(timed))
