"""Which language a digest is in, and the spans of another script inside it.

The voices speak English; Chinese characters (or any other non-Latin script) beside
their English rendering ("Bái Jìng 白静", "Moscow (Москва)") are dropped, a Chinese or
Russian summary after an English brief is dropped, and a digest with no English to
read is refused rather than read as noise.
"""

from __future__ import annotations

import re

_CJK = r"\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3040-\u30FF\uAC00-\uD7AF"
_OTHER_SCRIPTS = r"\u0370-\u03FF\u0400-\u052F\u0530-\u058F\u0590-\u05FF\u0600-\u06FF\u0900-\u0DFF\u0E00-\u0E7F\u10A0-\u10FF"
"""Greek, Cyrillic, Armenian, Hebrew, Arabic, the Indic scripts, Thai, Georgian."""
_FOREIGN = _CJK + _OTHER_SCRIPTS
_CJK_RUN = re.compile(rf"\s*[(（]?[{_FOREIGN}](?:[{_FOREIGN}·・，、。0-9]|\s(?=[{_FOREIGN}]))*[)）]?")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_FOREIGN_CHAR = re.compile(rf"[{_FOREIGN}]")
_WORD = re.compile(r"[A-Za-z]+")

ENGLISH_FUNCTION_WORDS = frozenset(
    "the a an of to in and for on with is are was were has have by from at as that this it its "
    "be will said says new after over more than but not or".split()
)


def cjk_share(text: str) -> float:
    """Share of the non-space characters that are Chinese, Japanese or Korean."""
    chars = [c for c in text if not c.isspace()]
    return sum(1 for c in chars if _CJK_CHAR.match(c)) / len(chars) if chars else 0.0


def foreign_share(text: str) -> float:
    """Share of the non-space characters in a script other than Latin (CJK, Cyrillic, Greek ...).

    >>> round(foreign_share("Москва is big"), 2), foreign_share("Jörg")
    (0.55, 0.0)
    """
    chars = [c for c in text if not c.isspace()]
    return sum(1 for c in chars if _FOREIGN_CHAR.match(c)) / len(chars) if chars else 0.0


def drop_cjk(text: str) -> str:
    """Drop CJK spans, and spans of any other non-Latin script, that stand beside English words.

    >>> drop_cjk("Bái Jìng 白静 said, and (北京) agreed in Moscow (Москва); .NET stays.")
    'Bái Jìng  said, and agreed in Moscow; .NET stays.'
    """
    text = re.sub(r"\x00\s*(?=[,.;:!?])", "", _CJK_RUN.sub("\x00", text))
    return text.replace("\x00", " ").strip()


def english_share(text: str) -> float:
    """Share of Latin-script words that are common English function words.

    Running English prose scores about 0.3 to 0.5; Spanish, German or French well under 0.1.
    """
    words = [w.lower() for w in _WORD.findall(text)]
    return sum(1 for w in words if w in ENGLISH_FUNCTION_WORDS) / len(words) if words else 0.0


def describe_language(text: str) -> str:
    """"" for text a English voice can read, else a phrase naming what it is instead."""
    if cjk_share(text) > 0.3:
        return "Chinese, Japanese or Korean"
    if foreign_share(text) > 0.3:
        return "a language other than English"
    words = _WORD.findall(text)
    if len(words) >= 40 and english_share(text) < 0.08:
        return "a language other than English"
    return ""
