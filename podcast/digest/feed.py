"""Reader for RSS 2.0 and Atom feed files (feedparser): each item is a story.

Item titles and descriptions are HTML (often in CDATA); they go through the HTML
reader's block parser, so markup, images and share links are dropped the same way.
"""

from __future__ import annotations

import datetime as dt
import io

import feedparser

from ..errors import DigestError
from ..models import Digest
from .blocks import Block, PageMeta, heading, para
from .html_page import parse_page
from .structure import build_digest


def _html_blocks(fragment: str) -> list[Block]:
    blocks, _ = parse_page(f"<div>{fragment}</div>")
    return [para(b.text) if b.kind == "heading" else b for b in blocks]


def _plain(fragment: str) -> str:
    return " ".join(b.text for b in _html_blocks(fragment))


def _date(parsed) -> dt.date | None:
    return dt.date(*parsed[:3]) if parsed else None


def read_feed(text: str, source: str = "") -> Digest:
    """Parse an RSS or Atom feed into a Digest, newest-first as the feed lists them."""
    # A stream, never a string: feedparser fetches a string that looks like a URL or opens one naming a file.
    feed = feedparser.parse(io.BytesIO(text.encode("utf-8")))
    if not feed.entries:
        problem = f" ({feed.bozo_exception})" if feed.get("bozo") else ""
        raise DigestError(f"{source or 'the feed'} has no items to read{problem}; give a feed with at least one <item> or <entry>")
    info = feed.feed
    blocks = [heading(_plain(info.get("title", "")) or "News Roundup", 1)]
    if info.get("subtitle"):
        blocks.append(para(_plain(info["subtitle"])))
    dates = []
    for entry in feed.entries:
        blocks.append(heading(_plain(entry.get("title", "")), 2))
        body = entry.get("summary") or (entry.get("content") or [{}])[0].get("value", "")
        blocks.extend(_html_blocks(body) or [para("")])
        dates.append(_date(entry.get("published_parsed") or entry.get("updated_parsed")))
    known = [d for d in dates if d]
    date = _date(info.get("updated_parsed") or info.get("published_parsed")) or (max(known) if known else None)
    return build_digest(blocks, PageMeta(date=date), source)
