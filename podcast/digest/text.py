"""Reader for plain-text digests, one block per line.

Headings are `**Heading**` lines, `#`-marked lines (also `# Finance #`), ALL-CAPS
section dividers, and numbered lines that have a paragraph under them; list items
start with `-`, `*`, `•` or a number. `Title:` / `Date:` lines at the top are
front matter. See podcast.digest.structure for what is made of the blocks.
"""

from __future__ import annotations

import re

from ..models import Digest
from .blocks import Block, PageMeta, bullet, heading, para
from .dates import parse_date
from .structure import build_digest

_BOLD = re.compile(r"^\*\*(.+?)\*\*:?$")
_HASH = re.compile(r"^(#{1,6})\s+(.+?)(?:\s+#+)?$")
_BULLET = re.compile(r"^[-*•]\s+(.*\S)$")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+(.*\S)$")
_FRONT = re.compile(r"^(title|date|author|source|subject|tags)\s*:\s*(.*)$", re.IGNORECASE)


def _is_divider(line: str) -> bool:
    """An ALL-CAPS section name ("FINANCE & ECONOMY"), not an acronym-led sentence."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and len(line.split()) <= 8 and line[-1] not in ".!?,;"


def _front_matter(lines: list[str]) -> tuple[PageMeta, list[str]]:
    """`Title:` and `Date:` lines at the top of the file."""
    title, date, n = "", None, 0
    while n < len(lines) and (match := _FRONT.match(lines[n])):
        key, value = match.group(1).lower(), match.group(2).strip()
        title = value if key in ("title", "subject") else title
        date = parse_date(value) if key == "date" else date
        n += 1
    return PageMeta(title, date), lines[n:]


def text_blocks(lines: list[str]) -> list[Block]:
    """One block per non-empty line."""
    blocks = []
    for n, line in enumerate(lines):
        nxt = lines[n + 1] if n + 1 < len(lines) else ""
        if match := _BOLD.match(line):
            blocks.append(heading(match.group(1)))
        elif match := _HASH.match(line):
            blocks.append(heading(match.group(2), len(match.group(1))))
        elif match := _BULLET.match(line):
            blocks.append(bullet(match.group(1)))
        elif match := _NUMBERED.match(line):
            opens_section = nxt and not (_NUMBERED.match(nxt) or _BULLET.match(nxt)) and len(line.split()) <= 20
            blocks.append(heading(match.group(1)) if opens_section else bullet(match.group(1)))
        elif _is_divider(line):
            blocks.append(heading(line, 2))
        else:
            blocks.append(para(line))
    return blocks


def read_text(text: str, source: str = "") -> Digest:
    """Parse a plain-text digest into a Digest."""
    lines = [line.strip() for line in text.splitlines()]
    meta, lines = _front_matter([line for line in lines if line])
    return build_digest(text_blocks(lines), meta, source)
