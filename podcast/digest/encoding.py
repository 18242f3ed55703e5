"""Repairing text that went through a wrong encoding before it reached us.

ftfy undoes UTF-8 read as Windows-1252 or Latin-1 ("Chinaâ€™s" → "China’s").
UTF-8 read as Thai (TIS-620/cp874) loses bytes and cannot be undone, so what is
left of it is mended where the meaning is clear (a lost apostrophe) and dropped
elsewhere, never read out as Thai letters inside English words.
"""

from __future__ import annotations

import re

import ftfy

_FIXER = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)
_THAI = r"\u0E00-\u0E7F"
_THAI_APOSTROPHE = re.compile(r"(?<=[A-Za-z])\u0E42(?=(?:s|t|re|ll|ve|d|m)\b)")
_THAI_IN_LATIN = re.compile(rf"(?<=[A-Za-z.,])[{_THAI}]{{1,2}}(?=[\s\u00A0A-Za-z.,]|$)|(?<=\s)[{_THAI}](?=\s)")


def repair(text: str) -> str:
    """Text with mojibake undone, or its unrecoverable leftovers removed.

    >>> repair("Chinaâ€™s report"), repair("Chinaโs reportย that").split()
    ('China’s report', ['China’s', 'report', 'that'])
    """
    text = ftfy.fix_text(text, _FIXER)
    letters = sum(1 for c in text if c.isalpha())
    if len(re.findall(rf"[{_THAI}]", text)) > 0.3 * letters:
        return text  # Thai is the text's own script: leave it for the language check
    text = _THAI_APOSTROPHE.sub("’", text)
    return _THAI_IN_LATIN.sub("", text)
