"""Reader for plain-text digests laid out like the bundled example.

Layout: a title line; a standfirst; an optional teaser that repeats the first
story; a bulleted summary hub ("- DIGEST HUB", "Highlights", "Key Takeaways");
stories as `**Heading**` lines followed by their paragraphs; a closing paragraph;
a glossary of `- Name` / `- Name is …` pairs; page furniture anywhere.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..errors import DigestError
from ..models import Digest, Story
from .furniture import has_citations, is_furniture, strip_citations

_HEADING = re.compile(r"^\s*\*\*(.+?)\*\*\s*$")
_BULLET = re.compile(r"^\s*[-*•]\s+(.*\S)\s*$")
_HUB_LABEL = re.compile(r"^(digest hub|highlights|key takeaways|in brief|summary)\s*:?$", re.IGNORECASE)
_CLOSING_START = re.compile(r"^(this summary|in summary|overall|to sum up|that's all)\b", re.IGNORECASE)


def _similar(a: str, b: str) -> bool:
    """Headings that differ by a word or two ("in race" vs "in the race")."""
    return SequenceMatcher(None, a.lower(), b.lower()).ratio() > 0.85


def read_text(text: str, source: str = "") -> Digest:
    """Parse a plain-text digest into a Digest."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not is_furniture(line)]
    if not lines:
        raise DigestError(f"{source or 'the digest'} has no text to read; give a digest with a title and stories")
    title = _unbold(lines[0])
    rest = lines[1:]
    headings = [i for i, line in enumerate(rest) if _HEADING.match(line)]
    if not headings:
        raise DigestError(
            f"{source or 'the digest'}: found no stories (no **Heading** lines); "
            "mark each story's heading in bold or use --format to choose another reader"
        )
    front, hub = _front_and_hub(rest[: headings[0]], first_heading=_HEADING.match(rest[headings[0]]).group(1))
    stories, tail = _stories(rest, headings)
    closing, glossary = _closing_and_glossary(stories, tail)
    return Digest(
        title=title,
        standfirst=front,
        hub=tuple(hub),
        stories=tuple(stories),
        closing=closing,
        glossary=tuple(glossary),
        source=source,
    )


def _unbold(line: str) -> str:
    match = _HEADING.match(line)
    return (match.group(1) if match else line).strip()


def _front_and_hub(lines: list[str], first_heading: str) -> tuple[str, list[str]]:
    """Split what precedes the first story into the standfirst and the hub bullets.

    The standfirst is the first paragraph; a teaser (a line like the first story's
    heading and the paragraph under it) and blurbs about the digest are dropped,
    since the story itself is read in full.
    """
    standfirst = ""
    hub: list[str] = []
    in_hub = False
    skip_next = False
    for line in lines:
        bullet = _BULLET.match(line)
        label = bullet.group(1) if bullet else line
        if _HUB_LABEL.match(label):
            in_hub = True
            continue
        if in_hub and bullet:
            hub.append(bullet.group(1))
            continue
        in_hub = False
        if skip_next:
            skip_next = False
            continue
        if _similar(line, first_heading):
            skip_next = True
            continue
        if not standfirst and not bullet:
            standfirst = strip_citations(line)
    return standfirst, hub


def _stories(lines: list[str], headings: list[int]) -> tuple[list[Story], list[str]]:
    """Each heading with its body paragraphs; bullets after the last story are the tail."""
    stories = []
    tail: list[str] = []
    for n, start in enumerate(headings):
        end = headings[n + 1] if n + 1 < len(headings) else len(lines)
        body = lines[start + 1 : end]
        if n + 1 == len(headings):
            first_bullet = next((i for i, line in enumerate(body) if _BULLET.match(line)), len(body))
            body, tail = body[:first_bullet], body[first_bullet:]
        stories.append(Story(title=_unbold(lines[start]), body="\n\n".join(body)))
    return stories, tail


def _closing_and_glossary(stories: list[Story], tail: list[str]) -> tuple[str, list[tuple[str, str]]]:
    """Move a closing paragraph off the last story; pair up glossary bullets."""
    closing = ""
    last = stories[-1]
    paragraphs = last.body.split("\n\n")
    cited = any(has_citations(p) for p in paragraphs)
    if len(paragraphs) > 1 and (_CLOSING_START.match(paragraphs[-1]) or (cited and not has_citations(paragraphs[-1]))):
        closing = paragraphs.pop()
    cleaned = [Story(s.title, strip_citations(s.body)) for s in stories[:-1]]
    cleaned.append(Story(last.title, strip_citations("\n\n".join(paragraphs))))
    stories[:] = cleaned

    items = [m.group(1) for m in map(_BULLET.match, tail) if m]
    glossary = []
    i = 0
    while i < len(items):
        name = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else ""
        if nxt and _describes(nxt, name):
            glossary.append((name, strip_citations(nxt)))
            i += 2
        else:
            i += 1
    return strip_citations(closing), glossary


def _describes(description: str, name: str) -> bool:
    """A glossary description names its entry near the start ("China-based ByteDance Ltd. is …")."""
    return name.lower() in description[: len(name) + 40].lower() and len(description) > len(name) + 10
