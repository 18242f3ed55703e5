"""Estimating how long a script will take to speak, before any audio is made.

The estimate counts what the engine will actually say (the text after the
lexicon, so a spelled-out acronym counts its letters): syllables at the rate's
pace, plus the pauses the engine makes at full stops and at commas. The constants
were fitted per engine by synthesizing 282 real segments (17 digests at 150, 175
and 210 wpm) with its default voices; benchmarks/timing_calibration.py re-fits them
and prints the error per digest. The fit is a least-squares one, so a single
constant may come out negative where two features overlap (the sentence pause
that scales with the rate and the one that does not).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REFERENCE_RATE = 175


@dataclass(frozen=True)
class Pace:
    """How one engine's default voices speak, in seconds, fitted on real clips."""

    syllable: float
    """Per syllable at 175 words per minute (scaled by 175 / rate)."""
    sentence: float
    """Per sentence end (. ! ?) at 175 words per minute (scaled)."""
    clause: float
    """Per clause break (, ; :) at 175 words per minute (scaled)."""
    sentence_fixed: float
    """Per sentence end, whatever the rate (a pause the engine inserts)."""
    clip: float
    """Per clip: the silence an engine leaves at its start and end."""


PACES = {
    "pyttsx3": Pace(syllable=0.1893, sentence=0.5240, clause=-0.0260, sentence_fixed=-0.5307, clip=1.6498),
    "piper": Pace(syllable=0.1897, sentence=-1.0241, clause=0.1167, sentence_fixed=1.4393, clip=0.9609),
}
"""Fitted by benchmarks/timing_calibration.py; an engine not listed is estimated like pyttsx3."""

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
_VOWELS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    """A word's syllables, counted from its vowel groups; a letter of a spelled acronym is one.

    >>> [syllables(w) for w in ("cat", "battery", "make", "C", "W", "through")]
    [1, 3, 1, 1, 3, 1]
    """
    if len(word) == 1:
        return 3 if word in "Ww" else 1
    lower = word.lower()
    count = len(_VOWELS.findall(lower))
    if lower.endswith("e") and not lower.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(count, 1)


def speech_features(text: str) -> tuple[int, int, int]:
    """(syllables, sentence ends, clause breaks) of the text an engine is given."""
    words = _WORD.findall(text)
    sentences = len(re.findall(r"[.!?]+(?=\s|$)", text)) or 1
    clauses = len(re.findall(r"[,;:](?=\s)", text))
    return sum(syllables(w) for w in words), sentences, clauses


def estimate_seconds(text: str, rate: int, engine: str = "pyttsx3") -> float:
    """Spoken length of `text` (as the engine is given it) at `rate` words per minute.

    >>> estimate_seconds("One two three. Four five six.", 175)
    2.8
    """
    pace = PACES.get(engine, PACES["pyttsx3"])
    syl, sentences, clauses = speech_features(text)
    scale = REFERENCE_RATE / rate
    seconds = (syl * pace.syllable + sentences * pace.sentence + clauses * pace.clause) * scale
    return round(max(seconds + sentences * pace.sentence_fixed + pace.clip, 0.1), 1)
