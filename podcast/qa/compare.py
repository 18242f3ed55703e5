"""Comparing what was heard with what was written: normalization, alignment, WER.

Both sides are normalized the same way (case, punctuation, numbers as words) so
that only real mishearings count, not the recogniser's way of writing "2,000".
The alignment and the word error rate come from jiwer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import jiwer
from num2words import num2words

from ..sentences import split_sentences
from .findings import HeardWord

_NUMBER = re.compile(r"^([$£€]?)(\d[\d,]*(?:\.\d+)?)(st|nd|rd|th|s)?(%?)$")
_EDGE = re.compile(r"^[^\w$£€%]+|[^\w%]+$")
_CURRENCY = {"$": "dollars", "£": "pounds", "€": "euros"}
_ORDINALS = {
    "first": "one", "second": "two", "third": "three", "fifth": "five", "eighth": "eight", "ninth": "nine",
    "twelfth": "twelve", "twentieth": "twenty", "thirtieth": "thirty",
}
"""Ordinal words become cardinal ones on both sides: "the 25" and "the twenty-fifth"
are the same date to a listener (other ordinals just lose their "th")."""


def _number_words(match: re.Match[str]) -> list[str]:
    """ "2,000" → two thousand, "2026" → twenty twenty-six, "25th" → twenty-five, "5%" → five percent."""
    currency, digits, suffix, percent = match.groups()
    plain = digits.replace(",", "")
    value = float(plain) if "." in plain else int(plain)
    if isinstance(value, int) and "," not in digits and 1100 <= value <= 2099:
        text = num2words(value, to="year")
    else:
        text = num2words(value)
    words = text.replace("-", " ").replace(",", " ").split()
    words = [w for w in words if w != "and"]
    if suffix == "s":
        words[-1] += "s"
    if percent:
        words.append("percent")
    if currency:
        words.append(_CURRENCY[currency])
    return words


def normalize_words(word: str) -> list[str]:
    """The comparable tokens of one written or heard word.

    >>> normalize_words("U.S."), normalize_words("solid-state,"), normalize_words("102.5%")
    (['us'], ['solid', 'state'], ['one', 'hundred', 'two', 'point', 'five', 'percent'])
    >>> normalize_words("GAC's"), normalize_words("(CATL)"), normalize_words("2026")
    (['gacs'], ['catl'], ['twenty', 'twenty', 'six'])
    >>> normalize_words("twenty-fifth,"), normalize_words("25th"), normalize_words("seventeenth")
    (['twenty', 'five'], ['twenty', 'five'], ['seventeen'])
    """
    tokens = []
    for part in re.split(r"[-/–—]+", word.strip()):
        part = _EDGE.sub("", part)
        match = _NUMBER.match(part)
        if match:
            tokens.extend(_number_words(match))
            continue
        part = re.sub(r"[.'’]", "", part.lower())
        tokens.extend(_cardinal(t) for t in re.split(r"[^\w]+", part) if t)
    return tokens


def _cardinal(token: str) -> str:
    """ "fifth" → "five", "seventh" → "seven"; any other word unchanged."""
    if token in _ORDINALS:
        return _ORDINALS[token]
    for unit in ("fourth", "sixth", "seventh", "tenth", "eleventh", "teenth", "hundredth", "thousandth", "millionth"):
        if token.endswith(unit):
            return token[:-2]
    return token


def sentence_starts(written: list[str]) -> set[int]:
    """The indices of the written words that open a sentence (capitalised there, whatever they are),
    sentences cut as everywhere else (podcast/sentences.py).

    >>> sorted(sentence_starts('It rose. "Shares fell." Then U.S. firms said so.'.split()))
    [0, 2, 4]
    """
    starts, at = {0}, 0
    for sentence in split_sentences(" ".join(written)):
        starts.add(at)
        at += len(sentence.split())
    return starts


@dataclass(frozen=True)
class Token:
    """A normalized token and where it came from: its written word (or heard time)."""

    text: str
    source: int
    """Index of the written word, or of the heard word, it was made from."""


_CONTINUES = re.compile(r"^[-.][A-Za-z0-9]")
"""A heard word that goes on from the one before: the recogniser writes letters it heard
spelled out, decimals and compounds as "GA" "-C's", "U" ".S.", "102" ".5", "Chinese" "-made"."""
_LETTERS = re.compile(r"^[A-Za-z](?:-[A-Za-z])+$")


def tokenize(words: list[str]) -> list[Token]:
    """The normalized tokens of `words`; the recogniser's pieces of one word are joined first.

    >>> [t.text for t in tokenize(["CA", "-TL", "and", "GA", "-C's", "rose", "102", ".5", "E-V-s", "Chinese", "-made"])]
    ['catl', 'and', 'gacs', 'rose', 'one', 'hundred', 'two', 'point', 'five', 'evs', 'chinese', 'made']
    """
    joined: list[tuple[str, int]] = []
    for n, word in enumerate(words):
        if joined and _CONTINUES.match(word):
            text, source = joined[-1]
            spelled = word[0] == "-" and word[1].isupper() and text[-1:].isupper()  # letters: "GA" "-C's"
            joined[-1] = (text + (word[1:] if spelled else word), source)  # else a compound: "Chinese" "-made"
        else:
            joined.append((word, n))
    tokens = []
    for word, n in joined:
        core = _EDGE.sub("", word)
        if _LETTERS.match(re.sub(r"['’]s$", "", core)):
            tokens.append(Token(re.sub(r"[^a-z]", "", core.lower()), n))
        else:
            tokens.extend(Token(t, n) for t in normalize_words(word))
    return tokens


def _closed(tokens: list[Token], other_side: set[str]) -> list[Token]:
    """The parts of one hyphenated word joined where the other side wrote them as one word:
    "start-ups" heard for "startups" is the same word to a listener, only spelled apart.

    >>> [t.text for t in _closed(tokenize(["Start-ups", "and", "solid-state"]), {"startups", "solid", "state"})]
    ['startups', 'and', 'solid', 'state']
    """
    closed: list[Token] = []
    for token in tokens:
        if closed and closed[-1].source == token.source and closed[-1].text + token.text in other_side:
            closed[-1] = Token(closed[-1].text + token.text, token.source)
        else:
            closed.append(token)
    return closed


@dataclass(frozen=True)
class Difference:
    """One stretch where the heard tokens differ from the written ones."""

    kind: str
    """substitute, delete or insert (jiwer's names)."""
    written: list[int]
    """Indices of the written words concerned (empty for an insertion)."""
    heard: list[int]
    """Indices of the heard words concerned (empty for a deletion)."""
    near: int | None
    """Index of the heard word at (or just after) the difference; None when nothing was heard."""


def compare(written: list[str], heard: list[HeardWord]) -> tuple[int, int, list[Difference]]:
    """Align the heard words with the written ones: (script tokens, errors, differences)."""
    ref = tokenize(written)
    hyp = tokenize([h.text for h in heard])
    ref, hyp = _closed(ref, {t.text for t in hyp}), _closed(hyp, {t.text for t in ref})
    if not ref:
        return 0, len(hyp), []
    result = jiwer.process_words(" ".join(t.text for t in ref), " ".join(t.text for t in hyp) or "")
    errors, differences = 0, []
    for run in _runs(result.alignments[0]):
        if _spaced_apart(run, ref, hyp):
            continue
        for chunk in run:
            errors += max(chunk.ref_end_idx - chunk.ref_start_idx, chunk.hyp_end_idx - chunk.hyp_start_idx)
            near = hyp[min(chunk.hyp_start_idx, len(hyp) - 1)].source if hyp else None
            differences.append(
                Difference(
                    chunk.type,
                    sorted({t.source for t in ref[chunk.ref_start_idx : chunk.ref_end_idx]}),
                    sorted({t.source for t in hyp[chunk.hyp_start_idx : chunk.hyp_end_idx]}),
                    near,
                )
            )
    return len(ref), errors, differences


def _runs(chunks: list) -> list[list]:
    """The alignment's differing chunks, grouped where nothing agreeing lies between them."""
    runs: list[list] = [[]]
    for chunk in chunks:
        if chunk.type == "equal":
            runs.append([])
        else:
            runs[-1].append(chunk)
    return [run for run in runs if run]


def _spaced_apart(run: list, ref: list[Token], hyp: list[Token]) -> bool:
    """Whether a stretch of differences has the same letters on both sides, only cut into words
    elsewhere: "newsmaking" heard for "news making", "Byte Dance" for "ByteDance". A listener
    heard those words; the recogniser only wrote them as one, or as two."""
    written = "".join(t.text for t in ref[run[0].ref_start_idx : run[-1].ref_end_idx])
    heard = "".join(t.text for t in hyp[run[0].hyp_start_idx : run[-1].hyp_end_idx])
    return bool(written) and written == heard
