"""Written text → text a voice says right.

The engine guesses at abbreviations, symbols and dates and often guesses wrong,
so the script says them in words before any engine sees them.
"""

from __future__ import annotations

import datetime as dt
import re

from num2words import num2words

# Whole-word replacements, applied in order (longer forms first).
ABBREVIATIONS = [
    (r"\bCo\.,? Ltd\.", "Company Limited"),
    (r"\bLtd\.", "Limited"),
    (r"\bInc\.", "Incorporated"),
    (r"\bCorp\.", "Corporation"),
    (r"\bCo\.(?=\s+[a-z])", "Company"),
    (r"\bvs\.", "versus"),
    (r"\be\.g\.", "for example"),
    (r"\bi\.e\.", "that is"),
]
_PERCENT = re.compile(r"(\d(?:[\d,]*\d)?(?:\.\d+)?)\s?%")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": ", ", "–": "-"})


def spoken_date(day: dt.date) -> str:
    """A date as a presenter says it.

    >>> spoken_date(dt.date(2026, 11, 25))
    'Wednesday, November twenty-fifth, twenty twenty-six'
    """
    return f"{day:%A}, {day:%B} {num2words(day.day, to='ordinal')}, {num2words(day.year, to='year')}"


def to_speech(text: str) -> str:
    """Normalise written text for speaking and fold it onto one line.

    >>> to_speech("BYD Co. Ltd. raised prices 27.5%.")
    'BYD Company Limited raised prices 27.5 percent.'
    """
    text = text.translate(_QUOTES)
    for pattern, spoken in ABBREVIATIONS:
        text = re.sub(pattern, spoken, text)
    text = _PERCENT.sub(r"\1 percent", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    return text.strip()
