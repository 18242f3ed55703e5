"""Fitting an episode into a length: whole stories dropped from the end, never a sentence cut.

Nothing spoken may refer to a story that was cut: the summary bullets about it go,
the digest's own introduction and closing lose the list items and sentences about
it ("That's it: Rust, C++ and Node.js" → "That's it: Rust and C++"), a count of
stories is brought down, and glossary entries met only in it are left out.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable

from num2words import num2words

from ..digest.language import ENGLISH_FUNCTION_WORDS
from ..models import Digest, Story
from ..sentences import split_sentences

_CONTENT_WORD = re.compile(r"[a-z0-9]{4,}")
_TERM = re.compile(r"[a-z0-9][\w+#.-]*[\w+#]|[a-z0-9]")
_NOT_TOPICAL = ENGLISH_FUNCTION_WORDS | frozenset(
    "today today's week week's this these those also more news story stories co ltd inc corp company limited group".split()
)
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")
_NUMBER_WORDS = {num2words(n): n for n in range(1, 21)}
_COUNT = re.compile(r"\b(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")(\s+(?:(?:top|big|main|key)\s+)?)(stories|headlines|items|topics)\b", re.I)
_SINGULAR = {"stories": "story", "headlines": "headline", "items": "item", "topics": "topic"}


def _words(text: str) -> set[str]:
    return set(_CONTENT_WORD.findall(text.lower()))


def _terms(text: str) -> set[str]:
    """The words that say what a text is about: names, numbers, nouns (no function words).

    >>> sorted(_terms("That's it for Node.js 24 and C++26 this week"))
    ['24', 'c++26', 'node.js']
    """
    return {t for t in _TERM.findall(text.lower()) if t not in _NOT_TOPICAL and (len(t) > 1 or t.isdigit())}


def _story_of(bullet: str, stories: tuple[Story, ...]) -> int:
    """The index of the story a summary bullet is about: the most shared content words."""
    scores = [len(_words(bullet) & _words(f"{s.title} {s.body}")) for s in stories]
    return max(range(len(stories)), key=lambda n: scores[n])


def _about(text: str, dropped: Story, kept: tuple[Story, ...]) -> bool:
    """True when `text` shares more terms with the dropped story than with any kept one."""
    terms = _terms(text)
    shared = len(terms & _terms(f"{dropped.title} {dropped.body}"))
    return shared > 0 and shared > max((len(terms & _terms(f"{s.title} {s.body}")) for s in kept), default=0)


def _recount(sentence: str, before: int) -> str:
    """A count of the stories ("Five stories today") brought down by one.

    >>> _recount("Five stories from the toolchain today, and 5 headlines.", 5), _recount("Two top stories.", 2)
    ('Four stories from the toolchain today, and 4 headlines.', 'One top story.')
    """
    def fewer(match: re.Match[str]) -> str:
        said, between, noun = match.groups()
        number = int(said) if said.isdigit() else _NUMBER_WORDS[said.lower()]
        if number != before:
            return match.group()
        words = str(number - 1) if said.isdigit() else num2words(number - 1)
        words = words.capitalize() if said[0].isupper() else words
        return words + between + (_SINGULAR[noun.lower()] if number - 1 == 1 else noun)

    return _COUNT.sub(fewer, sentence)


def _join(items: list[str], oxford: bool) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + (", and " if oxford and len(items) > 2 else " and ") + items[-1]


def _without_topic(sentence: str, count: int, dropped: Story, kept: tuple[Story, ...]) -> str:
    """The sentence without what it says about the last story ("" when that is all it says).

    A list with one item per story (after a colon, or after a lead-in) loses the last
    item; any other list loses the items about the dropped story.

    >>> a, b, c = Story("Rust 1.84 ships", "Rust..."), Story("C++26 draft", "C++26..."), Story("Node.js 24", "Node.js...")
    >>> _without_topic("That's it: Rust 1.84, C++26 and Node.js 24.", 3, c, (a, b))
    "That's it: Rust 1.84 and C++26."
    >>> _without_topic("We covered batteries, trade, and Node.js 24.", 4, c, (a, b))
    'We covered batteries and trade.'
    """
    body = sentence.rstrip(".!? ")
    end = sentence[len(body):].strip() or "."
    head, colon, listed = body.rpartition(": ")
    if not colon:
        head, listed = "", body
    parts = [p.strip() for p in _LIST_SPLIT.split(listed)]
    if len(parts) < (2 if colon else 3):
        return "" if _about(sentence, dropped, kept) else sentence
    lead: list[str] = []
    if not colon and len(parts) == count + 1:
        lead, parts = parts[:1], parts[1:]
    keep = parts[:-1] if len(parts) == count else [p for p in parts if not _about(p, dropped, kept)]
    if keep == parts:
        return sentence
    if not keep:
        return ""
    items = _join(keep, ", and " in listed)
    return (f"{head}: " if colon else "") + ", ".join(lead + [items]) + end


def _unmention(text: str, count: int, dropped: Story, kept: tuple[Story, ...]) -> str:
    """Every paragraph of an introduction or closing, without a word about the dropped story."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        sentences = [_without_topic(_recount(s, count), count, dropped, kept) for s in split_sentences(paragraph)]
        if any(sentences):
            paragraphs.append(" ".join(s for s in sentences if s))
    return "\n\n".join(paragraphs)


def _still_met(name: str, dropped: Story, kept: tuple[Story, ...]) -> bool:
    """A glossary entry stays unless its name is met only in the dropped story."""
    terms = _terms(re.sub(r"\([^)]*\)", "", name))
    return not terms & _terms(f"{dropped.title} {dropped.body}") or any(terms & _terms(f"{s.title} {s.body}") for s in kept)


def without_last_story(digest: Digest) -> Digest:
    """The digest with its last story gone, and every mention of it in what is read around the stories."""
    count = len(digest.stories)
    dropped, kept = digest.stories[-1], digest.stories[:-1]
    hub = tuple(b for b in digest.hub if _story_of(b, digest.stories) != count - 1)
    return replace(
        digest,
        stories=kept,
        hub=hub,
        standfirst=_unmention(digest.standfirst, count, dropped, kept),
        closing=_unmention(digest.closing, count, dropped, kept),
        glossary=tuple(entry for entry in digest.glossary if _still_met(entry[0], dropped, kept)),
    )


def fit_stories(digest: Digest, seconds_of: Callable[[Digest], float], limit_seconds: float) -> tuple[Digest, list[str]]:
    """Drop stories from the end until `seconds_of(digest)` fits; at least one story stays.

    Returns the trimmed digest and the titles dropped, in digest order.
    """
    dropped: list[str] = []
    while len(digest.stories) > 1 and seconds_of(digest) > limit_seconds:
        dropped.insert(0, digest.stories[-1].title)
        digest = without_last_story(digest)
    return digest, dropped
