"""Recognising a digest in a page's blocks: title, standfirst, summary, stories, glossary.

Every reader ends here, so a digest shape learnt once (a teaser that repeats the
first story, a "DIGEST HUB" list, a glossary of `- Name` / `- Name is …` pairs,
sections with no stories, headline-only lists, run-in headings) works in every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from ..errors import DigestError
from ..models import Digest, Story
from ..sentences import SENTENCE_END
from .blocks import Block, PageMeta
from .dates import find_date
from .furniture import clean_inline, has_citations, is_furniture, strip_citations
from .language import drop_cjk, foreign_share

HUB_LABEL = re.compile(
    r"^(digest hub|highlights|key takeaways|in brief|summary|top stories|today'?s headlines|headlines|"
    r"in this (issue|edition)|at a glance|the rundown)\s*:?$",
    re.IGNORECASE,
)
GLOSSARY_LABEL = re.compile(
    r"^(term explanations?|glossary|key terms|who'?s who|(companies|people|names) (mentioned|in this (issue|story)))\s*:?$",
    re.IGNORECASE,
)
_CLOSING_START = re.compile(r"^(this summary|in summary|overall|to sum up|that's all|that is all)\b", re.IGNORECASE)
_WELCOME = re.compile(r"^(welcome|good (morning|evening|afternoon)|hello|hi\b|here'?s|here are|this is|today|in this)", re.IGNORECASE)
_HEADING_NOISE = re.compile(r"^(?:\d{1,2}[.)]\s+|[\w .,-]{1,25}\s/\s+)")
_RUN_IN_LABEL = re.compile(r"^[A-Z][\w'’-]*(?:\s[\w'’-]+){0,2}(?<!said)(?<!says)(?<!added)(?<!wrote):\s+(?=\S+(?:\s+\S+){3})")
_TERM_PAIR = re.compile(r"^(.{2,60}?)\s*(?::|\s[-–—]\s)\s*(.{10,})$")


@dataclass(frozen=True)
class _Item:
    """A cleaned block that remembers whether it carried citation markers."""

    kind: str
    text: str
    level: int
    cited: bool


def _similar(a: str, b: str) -> bool:
    """Headings that differ by a word or two ("in race" vs "in the race")."""
    return SequenceMatcher(None, a.lower(), b.lower()).ratio() > 0.85


def build_digest(blocks: list[Block], meta: PageMeta = PageMeta(), source: str = "") -> Digest:
    """The digest in `blocks`; a DigestError when there is no story to read."""
    name = source or "the digest"
    date = meta.date or find_date([b.text for b in blocks])
    items = _clean(blocks)
    if not items:
        raise DigestError(f"{name} has no text to read; give a digest with a title and stories")
    title = meta.title and clean_inline(meta.title)
    if not title or (items[0].kind == "heading" and items[0].level == 1):
        title = items[0].text
        items = items[1:]
    items = [i for i in items if not (i.kind == "heading" and _similar(i.text, title))]
    items = [replace(i, text=_RUN_IN_LABEL.sub("", i.text)) if i.kind == "para" else i for i in items]
    story_starts = _story_headings(items)
    if story_starts:
        front = items[: story_starts[0]]
        standfirst, hub = _front_and_hub(front, first_heading=items[story_starts[0]].text)
        stories, glossary = _stories(items, story_starts)
    else:
        standfirst, hub, stories, glossary = _headless(items)
    stories = [s for s in stories if s.title or s.body]
    if not stories:
        raise DigestError(
            f"{name}: found no stories; give each story a heading (a **bold** line, a Markdown '#' heading "
            "or an HTML <h2>), or use --from to choose another reader"
        )
    stories, closing = _closing(stories)
    return Digest(
        title=_strip(title),
        standfirst=_strip(standfirst),
        hub=tuple(_strip(h) for h in hub),
        stories=tuple(Story(_strip(s.title), _strip(s.body)) for s in stories),
        closing=_strip(closing),
        glossary=tuple((_strip(n), _strip(d)) for n, d in glossary),
        source=source,
        date=date,
    )


def clean_text(text: str) -> str:
    """One field's written text with markers, markup and other-script spans removed."""
    return _strip(clean_inline(drop_cjk(strip_citations(text))))


def _strip(text: str) -> str:
    return re.sub(r"[ \t]+", " ", strip_citations(text)).strip()


def _clean(blocks: list[Block]) -> list[_Item]:
    """Inline residue out, furniture, sign-offs and other-script blocks dropped."""
    english = any(foreign_share(b.text) < 0.3 and re.search(r"[A-Za-z]{3}", b.text) for b in blocks)
    items: list[_Item] = []
    after_signoff = 0
    for block in blocks:
        raw = block.text.strip()
        if not raw or is_furniture(raw):
            after_signoff = 2 if re.match(r"^(kind|best|warm) regards|^sincerely|^cheers", raw, re.I) else after_signoff
            continue
        if after_signoff and len(raw.split()) <= 5 and not raw.endswith("."):
            after_signoff -= 1
            continue  # the name and title under a sign-off
        after_signoff = 0
        if english and foreign_share(raw) > 0.3:
            continue  # a Chinese (or Russian, Greek ...) summary beside the English brief
        cited = has_citations(raw)
        text = strip_citations(raw) if block.kind == "heading" else _protect(raw)
        text = clean_inline(drop_cjk(text) if english else text)
        text = _unprotect(text)
        if block.kind == "heading":
            text = _HEADING_NOISE.sub("", text).strip().rstrip(":").strip()
        if not re.search(r"\w", text) or is_furniture(text):
            continue
        items.append(_Item(block.kind, text, block.level, cited))
    return items


_MARK = "\u2063"  # invisible separator: keeps `[para. N]` from being read as a Markdown reference link


def _protect(text: str) -> str:
    return re.sub(r"\[(para(?:graph)?\.?\s*\d)", _MARK + r"\1", text, flags=re.IGNORECASE)


def _unprotect(text: str) -> str:
    return text.replace(_MARK, "[")


def _is_label(item: _Item, label: re.Pattern[str]) -> bool:
    return bool(label.match(item.text)) and item.kind in ("heading", "bullet", "para")


def _story_headings(items: list[_Item]) -> list[int]:
    """Indexes of the headings that open a story (not a section, not a label).

    A heading followed by content opens a story; one followed by a deeper heading
    is a section name. A page of bare headings is a headline-only digest.
    """
    starts = []
    headings = []
    for i, item in enumerate(items):
        if item.kind != "heading" or _is_label(item, HUB_LABEL) or _is_label(item, GLOSSARY_LABEL):
            continue
        headings.append(i)
        nxt = items[i + 1] if i + 1 < len(items) else None
        if nxt and nxt.kind != "heading" or _bare_headline(item, nxt):
            starts.append(i)
    if not starts and len(headings) >= 2:
        return headings
    return starts


def _bare_headline(item: _Item, nxt: _Item | None) -> bool:
    """A headline with no body (a feed item without description), not a short section name."""
    headline_like = len(item.text.split()) >= 4 and not item.text.isupper()
    return headline_like and (nxt is None or nxt.level <= item.level)


def _front_and_hub(front: list[_Item], first_heading: str) -> tuple[str, list[str]]:
    """Split what precedes the first story into the standfirst and the summary list.

    The standfirst is the first paragraph; a teaser (a line like the first story's
    heading and the paragraph under it) and blurbs about the digest are dropped,
    since the story itself is read in full. A list is the summary, labelled or not.
    """
    standfirst = ""
    hub: list[str] = []
    skip_next = False
    for item in front:
        if _is_label(item, HUB_LABEL):
            continue
        if item.kind == "bullet":
            hub.append(item.text.rstrip(";,"))
            continue
        if skip_next:
            skip_next = False
            continue
        if _similar(item.text, first_heading):
            skip_next = True
            continue
        if not standfirst and item.kind == "para":
            standfirst = item.text
    return standfirst, hub


def _stories(items: list[_Item], starts: list[int]) -> tuple[list[_Paragraphs], list[tuple[str, str]]]:
    """Each story heading with its body; glossary lists (labelled, or trailing pairs) apart."""
    stories: list[_Paragraphs] = []
    glossary: list[tuple[str, str]] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(items)
        body: list[_Item] = []
        terms: list[_Item] = []
        in_terms = False
        for item in items[start + 1 : end]:
            if _is_label(item, GLOSSARY_LABEL):
                in_terms = True
            elif item.kind == "heading":
                in_terms = False  # a section name between stories
            elif in_terms and item.kind == "bullet":
                terms.append(item)
            else:
                in_terms = False
                body.append(item)
        if n + 1 == len(starts):
            first_bullet = next((i for i, it in enumerate(body) if it.kind == "bullet"), len(body))
            pairs = _pairs([it.text for it in body[first_bullet:]])
            if pairs:
                glossary.extend(pairs)
                body = body[:first_bullet]
        glossary.extend(_terms([t.text for t in terms]))
        stories.append(_Paragraphs(items[start].text, body))
    return stories, glossary


@dataclass
class _Paragraphs:
    """A story while it is being recognised: heading and body items."""

    title: str
    items: list[_Item]

    @property
    def body(self) -> str:
        return "\n\n".join(i.text for i in self.items)


def _headless(items: list[_Item]) -> tuple[str, list[str], list[_Paragraphs], list[tuple[str, str]]]:
    """A digest without headings: run-in headings in paragraphs, or a headline list."""
    paras = [i for i in items if i.kind == "para"]
    bullets = [i for i in items if i.kind == "bullet" and not _is_label(i, HUB_LABEL)]
    standfirst = ""
    if paras and (_WELCOME.match(paras[0].text) or len(paras) == 1 and bullets):
        standfirst = paras.pop(0).text
    stories = [_run_in(p) for p in paras]
    if len(stories) > 1 or any(s.title for s in stories):
        return standfirst, [b.text for b in bullets], stories, []
    return standfirst, [], [_Paragraphs(b.text, []) for b in bullets], []


def _run_in(item: _Item) -> _Paragraphs:
    """A paragraph whose first sentence is its headline."""
    parts = SENTENCE_END.split(item.text, maxsplit=1)
    if len(parts) == 2 and len(parts[0].split()) <= 20:
        return _Paragraphs(parts[0].rstrip("."), [replace(item, text=parts[1])])
    return _Paragraphs("", [item])


def _closing(stories: list[_Paragraphs]) -> tuple[list[_Paragraphs], str]:
    """Move a closing paragraph (a summing-up, or the one uncited paragraph) off the last story."""
    last = stories[-1]
    paras = last.items
    cited = any(p.cited for p in paras)
    if len(paras) > 1 and paras[-1].kind == "para" and (_CLOSING_START.match(paras[-1].text) or (cited and not paras[-1].cited)):
        return stories[:-1] + [_Paragraphs(last.title, paras[:-1])], paras[-1].text
    return stories, ""


def _pairs(items: list[str]) -> list[tuple[str, str]]:
    """Glossary `- Name` / `- Name is …` pairs; [] when the list is not such a glossary."""
    glossary = []
    i = 0
    while i < len(items):
        name = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else ""
        if nxt and _describes(nxt, name):
            glossary.append((name, nxt))
            i += 2
        else:
            i += 1
    return glossary


def _terms(items: list[str]) -> list[tuple[str, str]]:
    """A labelled glossary: `Term: explanation` lines, or name/description pairs."""
    pairs = [m.groups() for m in map(_TERM_PAIR.match, items) if m]
    return [(a.strip(), b.strip()) for a, b in pairs] if pairs else _pairs(items)


def _describes(description: str, name: str) -> bool:
    """A glossary description names its entry near the start ("China-based ByteDance Ltd. is …")."""
    return name.lower() in description[: len(name) + 40].lower() and len(description) > len(name) + 10
