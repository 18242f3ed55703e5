"""Leftovers in the spoken script that a voice should not read: `preview --lint`.

The writer turns written text into words a voice says right; whatever it missed
(a bracket, markup, a URL, mojibake, an emoji, another script, a number still in
digits) is found here, so a newsroom's CI can fail before any audio is made.
Each kind of leftover is one entry of LEFTOVERS.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..models import Script


def _foreign_letters(text: str) -> list[re.Match[str]]:
    """Letters of a script other than Latin (Cyrillic, Greek, Thai, CJK ...)."""
    return [m for m in re.finditer(r"[^\W\d_]+", text) if any(_script(c) != "LATIN" for c in m.group())]


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ")[0] if name else "UNKNOWN"


_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D\u20E3]+")
_MOJIBAKE = re.compile(
    "[\uFFFD\u0080-\u009F]|[ÃÂ][\u0080-\u00BF]|â€.?|[\u0E00-\u0E7F\u0400-\u04FF\u0370-\u03FF](?=[A-Za-z])"
    "|(?<=[A-Za-z])[\u0E00-\u0E7F\u0400-\u04FF\u0370-\u03FF\u3000-\u9FFF\uFF61-\uFF9F]"
)
_SPEAKABLE_PUNCTUATION = set(".,;:!?'\"-’‘“”")

LEFTOVERS: dict[str, tuple[str, re.Pattern[str] | None]] = {
    "url": ("a web address", re.compile(
        r"(?:https?://|\bwww\.|\b[\w-]+\.(?:com|org|net|io|dev|ai|gov|edu|app|cn|co\.uk)\b)\S*?(?=[.,;:!?]*(?:\s|$))", re.I
    )),
    "markup": ("markup", re.compile(r"`+|\*+|(?<!\w)[#_]+(?=\w)|(?<=\w)_+(?=\w)|</?[a-zA-Z][^>]*>|&[a-z]+;|&#\d+;")),
    "bracket": ("a bracket", re.compile(r"[()\[\]{}<>（）【】]")),
    "mojibake": ("mojibake", _MOJIBAKE),
    "emoji": ("an emoji or pictograph", _EMOJI),
    "foreign script": ("letters of another script", None),
    "number": ("a number in digits", re.compile(r"\d+(?:[.,:/-]\d+)*")),
    "symbol": ("a symbol", None),
}
"""Each kind of leftover: (what it is, the pattern that finds it; None: found by a function below)."""


@dataclass(frozen=True)
class Finding:
    """One leftover: where it is, what kind, the text itself and a few words around it."""

    segment: str
    kind: str
    text: str
    context: str

    def __str__(self) -> str:
        return f"{self.segment}: {self.kind} {self.text!r} in \"{self.context}\""


def _symbols(text: str, taken: set[int]) -> list[tuple[int, int]]:
    """Any other character that is neither a letter, a digit, a space nor speakable punctuation."""
    spans = []
    for n, char in enumerate(text):
        if n in taken or char.isalnum() or char.isspace() or char in _SPEAKABLE_PUNCTUATION:
            continue
        spans.append((n, n + 1))
    return spans


def _context(text: str, start: int, end: int, width: int = 30) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return ("…" if start > width else "") + left + text[start:end] + right + ("…" if end + width < len(text) else "")


def lint_text(text: str, segment: str = "") -> list[Finding]:
    """The leftovers in one spoken text, each character reported once (the first kind that claims it).

    >>> [(f.kind, f.text) for f in lint_text("See https://x.io/a, C++ `Vec<T>` (at 3 pm) 🚀 in Москва.")]
    [('url', 'https://x.io/a'), ('symbol', '+'), ('symbol', '+'), ('markup', '`'), ('markup', '<T>'), ('markup', '`'), ('bracket', '('), ('number', '3'), ('bracket', ')'), ('emoji', '🚀'), ('foreign script', 'Москва')]
    >>> lint_text("The tariff rises to one hundred and two point five percent.")
    []
    """
    taken: set[int] = set()
    found: list[tuple[int, Finding]] = []

    def claim(kind: str, start: int, end: int) -> None:
        if any(n in taken for n in range(start, end)):
            return
        taken.update(range(start, end))
        found.append((start, Finding(segment, kind, text[start:end], _context(text, start, end))))

    for kind, (_, pattern) in LEFTOVERS.items():
        if kind == "foreign script":
            spans = [m.span() for m in _foreign_letters(text)]
        elif kind == "symbol":
            spans = _symbols(text, taken)
        else:
            spans = [m.span() for m in pattern.finditer(text)] if pattern else []
        for start, end in spans:
            claim(kind, start, end)
    return [f for _, f in sorted(found, key=lambda item: item[0])]


def lint_script(script: Script) -> list[Finding]:
    """Every leftover in every segment of the script, in order."""
    return [finding for segment in script.segments for finding in lint_text(segment.text, segment.title)]


def summary(findings: list[Finding]) -> str:
    """One line: how many leftovers of which kinds, or that there are none."""
    if not findings:
        return "No leftovers: nothing in the spoken script that a voice should not read."
    kinds = {kind: sum(1 for f in findings if f.kind == kind) for kind in LEFTOVERS}
    counted = ", ".join(f"{count} {kind}" for kind, count in kinds.items() if count)
    return f"{len(findings)} leftovers a voice should not read ({counted})"
