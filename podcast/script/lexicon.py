"""The pronunciation lexicon: what the engine is given in place of a written word.

Applied at synthesis time only (`engine_text`), so the script, preview, show
notes and transcripts keep the written words. A lexicon is TOML: `words` (all-caps
tokens said as words), `[say]` (respellings) and `[espeak]` (espeak-ng phonemes for
engines that accept `[[...]]` input). The built-in one ships with the package; the
show's own file (`[voice] lexicon`) is laid over it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..errors import ConfigError
from .pinyin import respell_pinyin

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_NAME = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:[A-Z][a-z]+)*(?![\w-]|['’]\w\w)")
ACRONYM = re.compile(r"(?<![\w.'’-])([A-Z]{2,6})((?:'|’)?s)?(?![\w-])")
ROMAN_NUMERALS = frozenset({"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"})
LETTER_NAMES = {
    "A": "eh", "B": "bee", "C": "see", "D": "dee", "E": "ee", "F": "ef", "G": "jee", "H": "aitch",
    "I": "eye", "J": "jay", "K": "kay", "L": "el", "M": "em", "N": "en", "O": "oh", "P": "pee",
    "Q": "cue", "R": "ar", "S": "ess", "T": "tee", "U": "yoo", "V": "vee", "W": "double you",
    "X": "ex", "Y": "why", "Z": "zee",
}
"""How each letter is spelled out, in words espeak-ng's English rules say as the letter's
name ("ay" is read "eye", "eff" as E.F.F., "you" unstressed)."""


@dataclass(frozen=True)
class Lexicon:
    """Respellings, phonemes and the all-caps tokens said as words."""

    say: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    espeak: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    words: frozenset[str] = frozenset()

    def knows(self, word: str) -> bool:
        return word in self.say or word in self.espeak or word in self.words

    def merged(self, other: Lexicon) -> Lexicon:
        """This lexicon with `other`'s entries laid over it."""
        return Lexicon(
            MappingProxyType({**self.say, **other.say}),
            MappingProxyType({**self.espeak, **other.espeak}),
            self.words | other.words,
        )


def parse_lexicon(text: str, where: str) -> Lexicon:
    """A Lexicon from TOML text; a ConfigError naming the bad entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"lexicon {where} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"say", "espeak", "words"})
    if unknown:
        raise ConfigError(f"lexicon {where}: unknown key {unknown[0]!r}; use words = [...], [say] and [espeak]")
    words = data.get("words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ConfigError(f'lexicon {where}: words must be a list of strings, e.g. words = ["NATO"]')
    tables = {}
    for name in ("say", "espeak"):
        table = data.get(name, {})
        bad = next((k for k, v in table.items() if not isinstance(v, str) or not v.strip()), None) if isinstance(table, dict) else name
        if bad is not None:
            raise ConfigError(f'lexicon {where}: [{name}] {bad} must be text, e.g. Xiaomi = "Shau-mee"')
        tables[name] = MappingProxyType(dict(table))
    return Lexicon(tables["say"], tables["espeak"], frozenset(words))


def builtin_lexicon() -> Lexicon:
    text = resources.files("podcast.script").joinpath("lexicon.toml").read_text(encoding="utf-8")
    return parse_lexicon(text, "(built-in)")


def load_lexicon(path: Path | None = None) -> Lexicon:
    """The built-in lexicon with the show's file (if any) laid over it."""
    lexicon = builtin_lexicon()
    if path is None:
        return lexicon
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"lexicon file {path} not found; create it or remove [voice] lexicon from podcast.toml") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read lexicon file {path}: {exc}") from None
    return lexicon.merged(parse_lexicon(text, str(path)))


def spell_letters(acronym: str, plural: str = "") -> str:
    """`CATL` → `see eh tee el`, `EVs` → `ee vee's`: each letter's name as a word of its own.

    The dotted form (`C.A.T.L.`) ran the letters together into one word, which
    listeners heard as "CDDL"; letter names spaced as words are heard as letters
    with every engine (they all read through espeak-ng's English rules).

    >>> spell_letters("CATL"), spell_letters("EV", "s")
    ('see eh tee el', "ee vee's")
    """
    return " ".join(LETTER_NAMES[c] for c in acronym) + ("'s" if plural else "")


def engine_text(text: str, lexicon: Lexicon, phonemes: bool = False) -> str:
    """The text handed to the engine: lexicon entries applied, other acronyms spelled out
    and pinyin names respelled (pinyin.py).

    Whole words only and case-sensitive, so `Aion` is respelled but `aion` is not.

    >>> lex = Lexicon(MappingProxyType({"Aion": "Eye-on"}), MappingProxyType({"Aion": "'aI0n"}), frozenset({"NATO"}))
    >>> engine_text("Aion, NATO and CATL sell EVs to Qingdao.", lex)
    "Eye-on, NATO and see eh tee el sell ee vee's to Ching-dau."
    >>> engine_text("Aion's cars", lex, phonemes=True)
    "[['aI0n]]'s cars"
    """
    entries = {**lexicon.say, **({k: f"[[{v}]]" for k, v in lexicon.espeak.items()} if phonemes else {})}
    parts = []
    if entries:
        keys = sorted(entries, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, keys)) + r")(?![\w-]|'\w\w)")
        pieces = pattern.split(text)
        parts = [(entries[p] if n % 2 else _by_rule(p, lexicon)) for n, p in enumerate(pieces)]
        return "".join(parts)
    return _by_rule(text, lexicon)


def _by_rule(text: str, lexicon: Lexicon) -> str:
    """Text no lexicon entry covers: acronyms spelled, pinyin names respelled."""
    return _NAME.sub(lambda m: respell_pinyin(m.group(0)), _spell_acronyms(text, lexicon))


def _spell_acronyms(text: str, lexicon: Lexicon) -> str:
    def spell(match: re.Match[str]) -> str:
        word = match.group(1)
        if word in lexicon.words or word in ROMAN_NUMERALS:
            return match.group(0)
        return spell_letters(word, match.group(2) or "")

    return ACRONYM.sub(spell, text)
