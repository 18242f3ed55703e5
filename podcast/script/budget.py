"""Fitting an episode into a length: whole stories dropped from the end, never a sentence cut."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from ..models import Digest, Story

_CONTENT_WORD = re.compile(r"[a-z0-9]{4,}")


def _words(text: str) -> set[str]:
    return set(_CONTENT_WORD.findall(text.lower()))


def _story_of(bullet: str, stories: tuple[Story, ...]) -> int:
    """The index of the story a summary bullet is about: the most shared content words."""
    scores = [len(_words(bullet) & _words(f"{s.title} {s.body}")) for s in stories]
    return max(range(len(stories)), key=lambda n: scores[n])


def without_last_story(digest: Digest) -> Digest:
    """The digest with its last story gone, and the summary bullets about it."""
    last = len(digest.stories) - 1
    hub = tuple(b for b in digest.hub if _story_of(b, digest.stories) != last)
    return replace(digest, stories=digest.stories[:last], hub=hub)


def fit_stories(digest: Digest, seconds_of: Callable[[Digest], float], limit_seconds: float) -> tuple[Digest, list[str]]:
    """Drop stories from the end until `seconds_of(digest)` fits; at least one story stays.

    Returns the trimmed digest and the titles dropped, in digest order.
    """
    dropped: list[str] = []
    while len(digest.stories) > 1 and seconds_of(digest) > limit_seconds:
        dropped.insert(0, digest.stories[-1].title)
        digest = without_last_story(digest)
    return digest, dropped
