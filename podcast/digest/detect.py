"""Telling a digest's format from its content, so no flag is needed for the usual files.

One test per format; formats.py says in which order they are tried.
"""

from __future__ import annotations

import re

_FEED_ROOT = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*|<!DOCTYPE\b[^\[>]*(?:\[.*?\]\s*)?>\s*)*<(rss|feed|rdf:rdf)\b",
    re.IGNORECASE | re.DOTALL,
)
"""A feed's root element after its prolog: declaration, comments, processing instructions, a DOCTYPE."""
_HTML = re.compile(r"^\s*(?:<!doctype html|<html\b)|<(body|article|main|div|p|h[1-6]|ul|table)\b[^>]*>", re.IGNORECASE)
_MARKDOWN = re.compile(
    r"^#{1,6}\s+\S|\[[^\]\n]+\]\((?:https?:|/|#|mailto:)|^\[[^\]]+\]:\s+\S|^>\s|^```|^---\s*\n(?:.*\n)*?---\s*$",
    re.MULTILINE,
)


def is_json(text: str) -> bool:
    head = text.lstrip()
    return bool(head) and head[0] in "{["


def _feed_root(text: str) -> str:
    """The root element's name of a feed ("rss", "feed", "rdf:rdf"), or "" for anything else.

    >>> _feed_root('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b">]><rss><channel/></rss>')
    'rss'
    """
    root = _FEED_ROOT.match(text.lstrip()[:65536])
    return root.group(1).lower() if root else ""


def is_atom(text: str) -> bool:
    return _feed_root(text) == "feed"


def is_rss(text: str) -> bool:
    return _feed_root(text) in ("rss", "rdf:rdf")


def is_html(text: str) -> bool:
    return bool(_HTML.search(text.lstrip()[:20000]))


def is_yaml_digest(text: str) -> bool:
    if not re.match(r"\s*(?:---\s*\n)?\s*[A-Za-z_]+\s*:", text):
        return False
    from .data import load_yaml  # deferred: most digests never get here, and PyYAML costs start-up time

    data = load_yaml(text)
    return isinstance(data, dict) and "stories" in data


def is_markdown(text: str) -> bool:
    return bool(_MARKDOWN.search(text))
