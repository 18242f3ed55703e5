"""Reader for HTML pages: the article, not the page chrome (stdlib html.parser).

Navigation, headers, footers, asides, forms, scripts, figures and anything whose
class or id names a menu, share bar, sign-up box or advert are skipped. When the
page has <article> or <main> elements, only their text is read.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..models import Digest
from .blocks import Block, PageMeta, bullet, heading, para
from .dates import parse_date
from .structure import build_digest

CHROME_TAGS = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg", "button",
               "select", "figure", "figcaption", "iframe", "template", "head", "object", "video", "audio"}
CHROME_NAMES = re.compile(
    r"\b(nav|navbar|menu|footer|share|sharing|social|subscribe|signup|sign-up|newsletter-form|related|"
    r"comments?|advert|ads?|promo|cookie|sidebar|breadcrumbs?|byline|author|caption|player|paywall)\b",
    re.IGNORECASE,
)
BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article", "main",
              "ul", "ol", "table", "tr", "td", "th", "dt", "dd", "pre", "body", "br", "hr"}
VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col", "embed", "param", "track"}


class _PageParser(HTMLParser):
    """Collects text blocks, remembering which lay inside <article> or <main>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[Block, str]] = []  # (block, region)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self._text: list[tuple[str, bool]] = []
        self._in_title = False

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self._stack)

    def _region(self) -> str:
        tags = {t for t, _ in self._stack}
        return "article" if "article" in tags else "main" if "main" in tags else ""

    def _kind(self) -> Block:
        for tag, _ in reversed(self._stack):
            if re.fullmatch(r"h[1-6]", tag):
                return heading("", int(tag[1]))
            if tag == "li":
                return bullet("")
        return para("")

    def flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(t for t, _ in self._text)).strip()
        bold = all(b for t, b in self._text if t.strip())
        self._text = []
        if not text:
            return
        kind = self._kind()
        if kind.kind == "para" and bold:
            kind = heading("")
        self.blocks.append((Block(kind.kind, text, kind.level), self._region()))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta":
            key = values.get("property") or values.get("name") or ""
            self.meta[key.lower()] = values.get("content") or ""
        elif tag == "time" and values.get("datetime"):
            self.meta.setdefault("time", values["datetime"] or "")
        if tag == "title":
            self._in_title = True
        if tag in BLOCK_TAGS:
            self.flush()
        if tag in VOID_TAGS:
            return
        names = f"{values.get('class') or ''} {values.get('id') or ''} {values.get('role') or ''}"
        self._stack.append((tag, tag in CHROME_TAGS or bool(CHROME_NAMES.search(names))))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in BLOCK_TAGS:
            self.flush()
        for n in range(len(self._stack) - 1, -1, -1):
            if self._stack[n][0] == tag:
                del self._stack[n:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if not self._skipping():
            bold = any(t in ("strong", "b") for t, _ in self._stack)
            self._text.append((data, bold))


def parse_page(text: str) -> tuple[list[Block], PageMeta]:
    """The blocks of the page's article (or of its body when it marks none) and its metadata."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    parser.flush()
    regions = {region for _, region in parser.blocks}
    keep = "article" if "article" in regions else "main" if "main" in regions else None
    blocks = [b for b, region in parser.blocks if keep is None or region == keep]
    has_h1 = any(b.kind == "heading" and b.level == 1 for b in blocks)
    title = "" if has_h1 else parser.meta.get("og:title") or re.split(r"\s+[|–—-]\s+", parser.title.strip())[0]
    stamp = parser.meta.get("article:published_time") or parser.meta.get("date") or parser.meta.get("time") or ""
    return blocks, PageMeta(title.strip(), parse_date(stamp) if stamp else None)


def read_html(text: str, source: str = "") -> Digest:
    """Parse an HTML page into a Digest."""
    blocks, meta = parse_page(text)
    return build_digest(blocks, meta, source)
