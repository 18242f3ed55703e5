"""Telling a digest's format from its content, so no flag is needed for the usual files."""

from __future__ import annotations

import re

FORMATS = ("text", "markdown", "html", "rss", "atom", "json", "yaml")
"""The names `--from` accepts; rss and atom share the feed reader."""

_FEED_ROOT = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*)*<(rss|feed|rdf:rdf)\b", re.IGNORECASE | re.DOTALL)
_HTML = re.compile(r"^\s*(?:<!doctype html|<html\b)|<(body|article|main|div|p|h[1-6]|ul|table)\b[^>]*>", re.IGNORECASE)
_MARKDOWN = re.compile(
    r"^#{1,6}\s+\S|\[[^\]\n]+\]\((?:https?:|/|#|mailto:)|^\[[^\]]+\]:\s+\S|^>\s|^```|^---\s*\n(?:.*\n)*?---\s*$",
    re.MULTILINE,
)


def _is_yaml_digest(text: str) -> bool:
    if not re.match(r"\s*(?:---\s*\n)?\s*[A-Za-z_]+\s*:", text):
        return False
    import yaml  # deferred: most digests never get here, and PyYAML costs start-up time

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and "stories" in data


def detect_format(text: str) -> str:
    """The format of `text`: one of FORMATS.

    >>> detect_format('{"title": "T", "stories": []}'), detect_format("<rss version='2.0'><channel/></rss>")
    ('json', 'rss')
    >>> detect_format("# Title\\n\\nBody"), detect_format("Title\\n**Story**\\nBody.")
    ('markdown', 'text')
    """
    head = text.lstrip()
    if head[:1] in "{[" and head[:1]:
        return "json"
    root = _FEED_ROOT.match(head[:4000])
    if root:
        return "atom" if root.group(1).lower() == "feed" else "rss"
    if _HTML.search(head[:20000]):
        return "html"
    if _is_yaml_digest(text):
        return "yaml"
    if _MARKDOWN.search(text):
        return "markdown"
    return "text"
