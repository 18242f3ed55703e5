"""Reader for Markdown newsletters, parsed with markdown-it-py.

Headings, list items and paragraphs become blocks; links keep their text, images,
code blocks, tables and link definitions are dropped by the parser's own tokens.
A paragraph line that is all bold is a heading. Lines inside a paragraph are
joined when the text was hard-wrapped mid-sentence, otherwise each is a block, as
newsletters pasted from e-mail often put one paragraph per line.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..models import Digest
from .blocks import Block, PageMeta, bullet, heading, para
from .data import load_yaml
from .dates import parse_date
from .structure import build_digest

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_SKIPPED = {"table_open": "table_close", "fence": None, "code_block": None, "html_block": None}


def _front_matter(text: str) -> tuple[PageMeta, str]:
    """A YAML front-matter block's title and date, and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return PageMeta(), text
    data = load_yaml(match.group(1))
    if not isinstance(data, dict):
        return PageMeta(), text[match.end():]
    date = data.get("date")
    return PageMeta(str(data.get("title") or ""), parse_date(str(date)) if date else None), text[match.end():]


def _lines(inline: Token) -> list[tuple[str, bool]]:
    """The inline token's text split at line breaks, each with "all of it is bold"."""
    lines: list[tuple[str, bool]] = []
    parts: list[str] = []
    bold_parts: list[bool] = []
    depth = 0
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            lines.append(("".join(parts), _all_bold(parts, bold_parts)))
            parts, bold_parts = [], []
        elif child.type == "strong_open":
            depth += 1
        elif child.type == "strong_close":
            depth -= 1
        elif child.type in ("text", "code_inline"):  # an image's alt text is its own child, so it is skipped
            parts.append(child.content)
            bold_parts.append(depth > 0)
    lines.append(("".join(parts), _all_bold(parts, bold_parts)))
    return [(text.strip(), bold) for text, bold in lines if text.strip()]


def _all_bold(parts: list[str], bold: list[bool]) -> bool:
    return bool(parts) and all(b for p, b in zip(parts, bold) if p.strip())


def _paragraph_blocks(inline: Token, in_list: bool) -> list[Block]:
    blocks: list[Block] = []
    for text, bold in _lines(inline):
        if bold and not in_list:
            blocks.append(heading(text))
        elif blocks and blocks[-1].kind != "heading" and _wrapped(blocks[-1].text, text):
            blocks[-1] = Block(blocks[-1].kind, f"{blocks[-1].text} {text}")
        else:
            blocks.append(bullet(text) if in_list and not blocks else para(text))
    return blocks


def _wrapped(previous: str, line: str) -> bool:
    """A line that continues a sentence hard-wrapped onto the next line."""
    return line[:1].islower() or line[:1].isdigit() or bool(re.search(r"[,;(–—-]$|\b(?:and|or|the|a|of|to|in)$", previous))


def markdown_blocks(text: str) -> list[Block]:
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    list_depth = 0
    heading_level = 0
    skip_until = ""
    for token in tokens:
        if skip_until:
            skip_until = "" if token.type == skip_until else skip_until
            continue
        if token.type in _SKIPPED:
            skip_until = _SKIPPED[token.type] or ""
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif token.type == "heading_open":
            heading_level = int(token.tag[1])
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type == "inline":
            if heading_level:
                blocks.append(heading(" ".join(t for t, _ in _lines(token)), heading_level))
            else:
                blocks.extend(_paragraph_blocks(token, list_depth > 0))
    return blocks


def read_markdown(text: str, source: str = "") -> Digest:
    """Parse a Markdown digest into a Digest."""
    meta, body = _front_matter(text)
    return build_digest(markdown_blocks(body), meta, source)
