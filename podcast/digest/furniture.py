"""Page furniture: lines that belong to the page, never to the spoken episode.

Kept as one table of patterns so a new kind of furniture is one line here.
"""

from __future__ import annotations

import re

FURNITURE_LINES = [
    r"listen to (the full version|this article)\b.*",
    r"unlock exclusive\b.*",
    r"subscribe to\b.*",
    r"(ai generated|ai-generated), for reference only\.?",
    r"read this email in your browser\.?",
    r"share this (story|article)\.?",
    r"join [\d,.]+\s*(million\s+)?(readers|subscribers)\b.*",
    r"view options",
    r"loadingimg",
    r"open wechat and scan the qr code.*",
    r"podcast",
    r"most popular",
    r".*\(sponsor\)",
]
_FURNITURE = re.compile(r"^\s*(?:[-*•]\s*)?(?:" + "|".join(FURNITURE_LINES) + r")\s*$", re.IGNORECASE)
_CITATION = re.compile(r"\s*\[para(?:graph)?\.?\s*\d+(?:\s*[-–,]\s*\d+)*\]", re.IGNORECASE)


def is_furniture(line: str) -> bool:
    """True for a whole line that is page furniture.

    >>> is_furniture("Listen to the full version")
    True
    >>> is_furniture("- MOST POPULAR")
    True
    >>> is_furniture("Canada is looking at EV tariffs")
    False
    """
    return bool(_FURNITURE.match(line))


def strip_citations(text: str) -> str:
    """Remove `[para. N]` citation markers and the space before them.

    >>> strip_citations("move into the market [para. 2][para. 3].")
    'move into the market.'
    """
    return _CITATION.sub("", text)


def has_citations(text: str) -> bool:
    return bool(_CITATION.search(text))
