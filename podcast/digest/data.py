"""Reader for the JSON and YAML digest format that other tools can produce.

The format (documented in the README):

    title: "Daily Tech Roundup: Batteries and Tariffs"   # required
    date: 2026-11-25                                     # optional, YYYY-MM-DD
    standfirst: "Welcome to the Daily Tech Roundup."     # optional
    highlights: ["Startups race to solid-state.", ...]   # optional summary bullets
    stories:                                             # required, at least one
      - title: "EV battery startups take the driver's seat"
        body: "China's battery industry ..."            # a string or a list of paragraphs
    closing: "That's the roundup."                       # optional
    glossary:                                            # optional: a list or a mapping
      - name: "CATL"
        description: "Contemporary Amperex Technology Co. Ltd. is ..."

Text fields may hold Markdown or HTML; markup is dropped like in any other reader.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

from ..errors import DigestError
from ..models import Digest, Story
from .dates import parse_date
from .furniture import is_furniture
from .structure import clean_text

FIELDS = {"title", "date", "standfirst", "highlights", "stories", "closing", "glossary"}


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, with dates kept as the text they were written as: `2026-13-45` or
    year 0 would make it raise, and the date reader checks dates itself."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def load_yaml(text: str) -> Any:
    """A YAML document as data, or None when it is not one PyYAML can read (malformed, or nested past recursion)."""
    try:
        return yaml.load(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return None


def _too_deep(source: str, kind: str) -> DigestError:
    return DigestError(f"{source or 'the digest'} nests its {kind} too deeply to read; a digest needs two levels at most")


def read_json(text: str, source: str = "") -> Digest:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DigestError(f"{source or 'the digest'} is not valid JSON (line {exc.lineno}: {exc.msg}); fix it or use --from") from None
    except RecursionError:
        raise _too_deep(source, "JSON") from None
    return read_data(data, source)


def read_yaml(text: str, source: str = "") -> Digest:
    try:
        data = yaml.load(text, Loader=_Loader)
    except RecursionError:
        raise _too_deep(source, "YAML") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise DigestError(f"{source or 'the digest'} is not valid YAML{where}; fix it or use --from") from None
    return read_data(data, source)


def _text(value: Any, where: str, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (str, int, float)):
        return str(value)
    raise DigestError(f"{name}: {where} must be text; see the digest format in the README")


def _paragraphs(value: Any, where: str, name: str) -> list[str]:
    if isinstance(value, list):
        return [_text(v, f"{where}[{n}]", name) for n, v in enumerate(value)]
    return _text(value, where, name).split("\n\n")


def read_data(data: Any, source: str = "") -> Digest:
    """A digest from the parsed JSON/YAML document, checked field by field."""
    name = source or "the digest"
    if not isinstance(data, dict):
        raise DigestError(f"{name}: the top level must be an object with 'title' and 'stories'; see the digest format in the README")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise DigestError(f"{name}: unknown field {unknown[0]!r}; the fields are {', '.join(sorted(FIELDS))}")
    title = clean_text(_text(data.get("title"), "title", name))
    if not title:
        raise DigestError(f"{name}: 'title' is missing; see the digest format in the README")
    raw_stories = data.get("stories")
    if not isinstance(raw_stories, list) or not raw_stories:
        raise DigestError(f"{name}: 'stories' must be a list with at least one story; see the digest format in the README")
    stories = []
    for n, story in enumerate(raw_stories):
        if isinstance(story, str):
            story = {"title": story}
        if not isinstance(story, dict) or not story.get("title"):
            raise DigestError(f"{name}: stories[{n}] needs a 'title'; see the digest format in the README")
        body = _clean_paragraphs(_paragraphs(story.get("body"), f"stories[{n}].body", name))
        stories.append(Story(clean_text(_text(story["title"], f"stories[{n}].title", name)), body))
    glossary = data.get("glossary") or []
    if isinstance(glossary, dict):
        glossary = [{"name": k, "description": v} for k, v in glossary.items()]
    if not isinstance(glossary, list) or not all(isinstance(e, dict) for e in glossary):
        raise DigestError(f"{name}: 'glossary' must be a list of {{name, description}} or a mapping; see the README")
    highlights = data.get("highlights") or []
    if not isinstance(highlights, list):
        raise DigestError(f"{name}: 'highlights' must be a list of text; see the digest format in the README")
    return Digest(
        title=title,
        stories=tuple(stories),
        standfirst=_clean_paragraphs(_paragraphs(data.get("standfirst"), "standfirst", name)),
        hub=tuple(t for t in (clean_text(_text(h, f"highlights[{n}]", name)) for n, h in enumerate(highlights)) if t),
        closing=_clean_paragraphs(_paragraphs(data.get("closing"), "closing", name)),
        glossary=tuple(
            (clean_text(_text(e.get("name"), f"glossary[{n}].name", name)),
             clean_text(_text(e.get("description"), f"glossary[{n}].description", name)))
            for n, e in enumerate(glossary)
        ),
        source=source,
        date=parse_date(str(data["date"])) if data.get("date") else None,
    )


def _clean_paragraphs(paragraphs: list[str]) -> str:
    kept = (clean_text(p) for p in paragraphs if not is_furniture(p))
    return "\n\n".join(p for p in kept if p)
