"""Which language a digest is in, and the spans of another script inside it.

The voices speak English; Chinese characters beside their English rendering
("Bái Jìng 白静") are dropped, a Chinese summary after an English brief is dropped,
and a digest with no English to read is refused rather than read as noise.
"""

from __future__ import annotations

import re

_CJK = r"\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3040-\u30FF\uAC00-\uD7AF"
_CJK_RUN = re.compile(rf"\s*[(（]?[{_CJK}](?:[{_CJK}·・，、。0-9]|\s(?=[{_CJK}]))*[)）]?")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_WORD = re.compile(r"[A-Za-z]+")

ENGLISH_FUNCTION_WORDS = frozenset(
    "the a an of to in and for on with is are was were has have by from at as that this it its "
    "be will said says new after over more than but not or".split()
)


def cjk_share(text: str) -> float:
    """Share of the non-space characters that are Chinese, Japanese or Korean."""
    chars = [c for c in text if not c.isspace()]
    return sum(1 for c in chars if _CJK_CHAR.match(c)) / len(chars) if chars else 0.0


def drop_cjk(text: str) -> str:
    """Drop CJK spans that stand beside English words.

    >>> drop_cjk("Bái Jìng 白静 said, and (北京) agreed; .NET stays.")
    'Bái Jìng  said, and agreed; .NET stays.'
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
    words = _WORD.findall(text)
    if len(words) >= 40 and english_share(text) < 0.08:
        return "a language other than English"
    return ""
