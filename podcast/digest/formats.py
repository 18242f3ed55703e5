"""The digest formats, declared once: the names `--from` accepts, how each is recognised,
which reader reads it, the file names a folder of digests is searched for, and what
the README says of it. Adding a format is one entry here plus its reader module.

The table is in the order detection tries it: the first format whose test accepts
the text is the one read, and plain text, last, accepts anything. Readers are
imported only when used (feedparser, PyYAML and markdown-it cost tens of
milliseconds each at start-up, and one digest needs one reader).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from ..models import Digest
from . import detect


@dataclass(frozen=True)
class DigestFormat:
    """One digest format."""

    name: str
    reader: str
    """`module:function`; the function takes (text, source name) and returns a Digest or raises DigestError."""
    detect: Callable[[str], bool]
    """True when a digest's text is in this format."""
    suffixes: tuple[str, ...]
    """File name endings a folder's digests of this format have (a file named on the command line may have any)."""
    description: str
    """What is read, for the README's table."""

    def read(self, text: str, source: str) -> Digest:
        module, function = self.reader.split(":")
        return getattr(importlib.import_module(module), function)(text, source)


DIGEST_FORMATS: tuple[DigestFormat, ...] = (
    DigestFormat(
        "json", "podcast.digest.data:read_json", detect.is_json, (".json",),
        "the digest format below, for other tools to produce",
    ),
    DigestFormat(
        "rss", "podcast.digest.feed:read_feed", detect.is_rss, (".xml", ".rss"),
        "RSS feed files (feedparser): each item is a story, its description the body",
    ),
    DigestFormat("atom", "podcast.digest.feed:read_feed", detect.is_atom, (".atom",), "Atom feed files, read as RSS ones"),
    DigestFormat(
        "html", "podcast.digest.html_page:read_html", detect.is_html, (".html", ".htm"),
        "the `<article>` (or `<main>`) of a page; navigation, headers, footers, share bars, "
        "sign-up boxes, figures and scripts are skipped",
    ),
    DigestFormat("yaml", "podcast.digest.data:read_yaml", detect.is_yaml_digest, (".yaml", ".yml"), "the JSON digest format, written in YAML"),
    DigestFormat(
        "markdown", "podcast.digest.markdown:read_markdown", detect.is_markdown, (".md", ".markdown"),
        "Markdown newsletters (markdown-it-py): `#` headings, lists, links (their text), YAML front matter",
    ),
    DigestFormat(
        "text", "podcast.digest.text:read_text", lambda text: True, (".txt",),
        "the example layout: title line, standfirst, `- DIGEST HUB` bullets, `**Heading**` stories, closing line, "
        "`- Name` / `- Name is …` glossary; also `#` headings, ALL-CAPS section dividers, numbered sections, "
        "`Title:`/`Date:` front matter, run-in headings, headline-only lists",
    ),
)
"""Every format, in the order detection tries them."""


def format_names() -> list[str]:
    return [f.name for f in DIGEST_FORMATS]


def format_named(name: str) -> DigestFormat | None:
    return next((f for f in DIGEST_FORMATS if f.name == name), None)


def detect_format(text: str) -> DigestFormat:
    """The format of `text`: the first of the table whose test accepts it.

    >>> detect_format('{"title": "T", "stories": []}').name, detect_format("<rss version='2.0'><channel/></rss>").name
    ('json', 'rss')
    >>> detect_format("# Title\\n\\nBody").name, detect_format("Title\\n**Story**\\nBody.").name
    ('markdown', 'text')
    """
    return next(f for f in DIGEST_FORMATS if f.detect(text))


def digest_suffixes() -> frozenset[str]:
    """The file name endings taken as digests in a folder."""
    return frozenset(s for f in DIGEST_FORMATS for s in f.suffixes)
