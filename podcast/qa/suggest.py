"""Suggested lexicon entries for misheard words: a respelling an engine is more
likely to say the way listeners expect.

The rules are deliberately plain, and each suggestion is a starting point to
audition with `roundup-podcast voices --say`: an acronym is spelled out as letter
names, a CamelCase name is split at its capitals, any other word is broken into
syllable-like chunks so the engine stops guessing at it as one unknown word.
Only names and acronyms (words with a capital) get one: for ordinary words the
engine's own rules are better than a guess.
"""

from __future__ import annotations

import re

from ..script.lexicon import Lexicon, engine_text, spell_letters

_VOWEL_GROUPS = re.compile(r"[^aeiouy]*[aeiouy]+(?:[^aeiouy]+$|[^aeiouy](?=[^aeiouy]))?", re.IGNORECASE)
PUNCTUATION = ".,;:!?()\"'“”‘’"
COMMON_WORD_LENGTH = 4
"""Names this short (Ng, Aion) are left alone: a chunked respelling of them is a guess."""


def respell(word: str) -> str:
    """A respelling of `word` for the lexicon, or "" when no rule applies.

    >>> respell("EV"), respell("CATL"), respell("EVs")
    ('ee vee', 'see eh tee el', "ee vee's")
    >>> respell("QingTao"), respell("WeLion"), respell("Amperex")
    ('Qing Tao', 'We Lion', 'am-pe-rex')
    >>> respell("the"), respell("making")
    ('', '')
    """
    acronym = re.fullmatch(r"([A-Z]{2,6})(s?)", word)
    if acronym:
        return spell_letters(*acronym.groups())
    parts = re.findall(r"[A-Z][a-z]+|[a-z]+", word)
    if len(parts) > 1 and "".join(parts) == word:
        return " ".join(parts)
    if len(word) <= COMMON_WORD_LENGTH or not word.isalpha() or not word[0].isupper():
        return ""  # ordinary words: the engine's own rules beat a guessed respelling
    chunks = _VOWEL_GROUPS.findall(word.lower())
    if "".join(chunks) != word.lower() or len(chunks) < 2:
        return ""
    return "-".join(chunks)


def lexicon_entry(written: str, lexicon: Lexicon | None = None) -> str:
    """The TOML line of a lexicon entry for `written`, or "" when no respelling is known or it is
    what `lexicon` and the rules already give the engine.

    >>> from podcast.script.lexicon import builtin_lexicon
    >>> lexicon_entry("GAC's"), lexicon_entry("EV", builtin_lexicon())
    ('"GAC" = "jee eh see"', '')
    """
    word = re.sub(r"['’]s$", "", written.strip(PUNCTUATION))
    spoken = respell(word)
    if not spoken or (lexicon is not None and spoken == engine_text(word, lexicon)):
        return ""
    return f'"{word}" = "{spoken}"'
