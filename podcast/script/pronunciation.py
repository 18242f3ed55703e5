"""`preview --check`: the words the voice will likely mangle, each with a lexicon entry to paste.

Three kinds are listed: all-caps tokens the lexicon does not know (they will be
spelled letter by letter), names from the digest's glossary that the lexicon does
not cover, and words that look like pinyin (the voice reads them as English).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Digest, Script
from .lexicon import ACRONYM, ROMAN_NUMERALS, Lexicon, spell_letters
from .pinyin import respell_pinyin

_PINYIN_LOOK = re.compile(r"(?:^|(?<=[a-z]))(?:x[iu]|q[iu]|zh|iao|iang|uang)|(?<=[a-z])ao\b|^[A-Z][a-z]+ao\b|[a-z]Tao\b")
_CAMEL = re.compile(r"^[A-Z][a-z]+(?:[A-Z][a-z]+)+$")


@dataclass(frozen=True)
class Suggestion:
    """A word the voice may mangle, why, and a TOML line for the lexicon."""

    word: str
    reason: str
    entry: str


def check_pronunciation(script: Script, digest: Digest, lexicon: Lexicon) -> list[Suggestion]:
    """Every word of the script likely to be mangled, each once, in order of first use."""
    found: dict[str, Suggestion] = {}
    spoken = " ".join(s.text for s in script.segments)
    for match in ACRONYM.finditer(spoken):
        word = match.group(1)
        if word not in found and not lexicon.knows(word) and word not in ROMAN_NUMERALS:
            found[word] = Suggestion(
                word, f"all-caps: spelled {spell_letters(word)}; if it is said as a word, add it to words = [...]",
                f'{word} = "{spell_letters(word)}"',
            )
    names = {w for name, _ in digest.glossary for w in re.findall(r"[A-Za-z]+", name)}
    for word in re.findall(r"\b[A-Za-z]+\b", spoken):
        if word in found or lexicon.knows(word) or word.isupper():
            continue
        if word in names and (_CAMEL.match(word) or _PINYIN_LOOK.search(word)):
            respelled = respell_pinyin(word) if _PINYIN_LOOK.search(word) else "-".join(re.findall(r"[A-Z][a-z]+", word))
            found[word] = Suggestion(word, "glossary name not in the lexicon", f'{word} = "{respelled}"')
        elif word[0].isupper() and _PINYIN_LOOK.search(word):
            found[word] = Suggestion(word, "looks like pinyin", f'{word} = "{respell_pinyin(word)}"')
    return list(found.values())
