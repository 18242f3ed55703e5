"""The date a digest gives itself, for the spoken intro when no --date is given.

A page can contradict itself (a front-matter date, then older bylines); the
front-matter `Date:` line wins, then the date most bylines agree on, then the first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)")
_FRONT_MATTER = re.compile(r"^\s*(?:date|published|updated)\s*:\s*(.+)$", re.IGNORECASE)
_WRITTEN = re.compile(r"\b([A-Z][a-z]{2,8})\.? (\d{1,2}),? (\d{4})\b")


def parse_date(text: str) -> dt.date | None:
    """An ISO or "September 25, 2025" date in `text`, else None.

    >>> parse_date("Wang Xin|2025-09-25"), parse_date("Sept. 25, 2025")
    (datetime.date(2025, 9, 25), datetime.date(2025, 9, 25))
    """
    iso = _ISO.search(text)
    if iso:
        try:
            return dt.date(*map(int, iso.groups()))
        except ValueError:
            return None
    written = _WRITTEN.search(text)
    if written:
        month, day, year = written.groups()
        for fmt in ("%B %d %Y", "%b %d %Y"):
            try:
                return dt.datetime.strptime(f"{month[:3] if fmt == '%b %d %Y' else month} {day} {year}", fmt).date()
            except ValueError:
                continue
    return None


def find_date(lines: list[str]) -> dt.date | None:
    """The digest's own date: front matter first, else the most common dated line."""
    for line in lines:
        match = _FRONT_MATTER.match(line)
        if match and parse_date(match.group(1)):
            return parse_date(match.group(1))
    dated = [d for d in (parse_date(line) for line in lines if len(line) < 80) if d]
    return Counter(dated).most_common(1)[0][0] if dated else None
