"""Keeping only characters a listener hears or a reader sees.

Bidi overrides and isolates can reverse a title on screen (a "txt.exe" trick),
zero-width and other format characters hide text from people but not from the
voice or a search, control characters break XML, and a lone surrogate cannot
even be written as UTF-8. None of them carries meaning in a news digest, so they
are removed from every text that is spoken, shown or written into the feed.
XML and HTML entities that no parser expanded are markup, never words to say.
"""

from __future__ import annotations

import dataclasses
import html
import re
from typing import TypeVar

T = TypeVar("T")

_INVISIBLE = re.compile(
    "["
    "\x00-\x08\x0e-\x1f\x7f-\x9f"  # C0 and C1 controls, except tab, newlines, vertical tab and form feed
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"  # soft hyphen, invisible joiners and fillers
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f"  # zero-width, marks, bidi embeddings, overrides and isolates
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ufffe\uffff"  # fillers, variation selectors, BOM, specials
    "\ud800-\udfff"  # lone surrogates
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"  # musical formatting, tags and their variation selectors
    "]"
)
_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_ENTITY = re.compile(r"&(?:#[xX]?[0-9A-Fa-f]{1,8}|[A-Za-z_][\w.-]{0,63});|(?<!\w)&[A-Za-z_][\w.-]{0,63}(?![\w.-])")
"""A reference left unexpanded; without its `;` (as feedparser leaves it) only when it stands apart (not AT&T)."""


def visible(text: str) -> str:
    """`text` without invisible controls and format characters; odd line breaks become newlines.

    >>> visible("Re\\u202eport\\u202c: e\\u200bnergy\\u2028prices\\ud800")
    'Report: energy\\nprices'
    """
    return _INVISIBLE.sub("", _BREAKS.sub("\n", text))


def without_entities(text: str) -> str:
    """`text` with character references expanded and any left unexpanded (`&lol9;`) removed.

    >>> without_entities("AT&amp;T &#8212; &lol9;&lol9; ready"), without_entities("Q&A about &lol9 here")
    ('AT&T — ready', 'Q&A about here')
    """
    if "&" not in text:
        return text
    return visible(re.sub(r"  +", " ", _ENTITY.sub("", html.unescape(text))))


def visible_fields(value: T) -> T:
    """A dataclass with each of its text fields made `visible` (for settings typed by a user)."""
    texts = {f.name: visible(v) for f in dataclasses.fields(value) if isinstance(v := getattr(value, f.name), str)}
    return dataclasses.replace(value, **texts)
