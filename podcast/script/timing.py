"""Estimating how long a script will take to speak, before any audio is made."""

from __future__ import annotations

from ..models import Segment

SECONDS_PER_SENTENCE = 0.35
"""espeak-ng pauses at each full stop on top of its words-per-minute pace."""


def estimate_seconds(segment: Segment, rate: int) -> float:
    """Spoken length of `segment` at `rate` words per minute.

    >>> estimate_seconds(Segment("intro", "Intro", "One two three. Four five six."), 180)
    2.7
    """
    sentences = sum(segment.text.count(mark) for mark in ".!?") or 1
    return round(segment.words * 60 / rate + sentences * SECONDS_PER_SENTENCE, 1)
