"""The shape every reader reduces a page to before the digest is recognised in it.

Plain text, Markdown and HTML differ in syntax, not in what a digest is made of:
headings, paragraphs and list items. Each reader emits these blocks and
`podcast.digest.structure` finds the title, summary, stories and glossary in them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or list item, its text still as written.

    `level` is the heading depth (1 = the page title) and 0 for other kinds.
    """

    kind: str  # "heading" | "para" | "bullet"
    text: str
    level: int = 0


@dataclass(frozen=True)
class PageMeta:
    """What the page says about itself outside its body (front matter, <meta>, <title>)."""

    title: str = ""
    date: dt.date | None = None


def heading(text: str, level: int = 3) -> Block:
    return Block("heading", text, level)


def para(text: str) -> Block:
    return Block("para", text)


def bullet(text: str) -> Block:
    return Block("bullet", text)
