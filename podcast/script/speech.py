"""Written text → text a voice says right.

The engine guesses at abbreviations, symbols, numbers and dates and often guesses
wrong, so the script says them in words before any engine sees them. Numbers are
in podcast.script.numbers; acronyms stay as written here and are spelled out at
synthesis time (podcast.script.lexicon), where the show's lexicon decides which
of them are words.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from num2words import num2words

from ..digest.language import drop_cjk
from .code import drop_code_punctuation, say_code
from .numbers import say_numbers

# Whole-word replacements, applied in order (longer forms first).
ABBREVIATIONS = [
    (r"\bCo\.,? Ltd\.?", "Company Limited"),
    (r"\b(Ltd|Inc|Corp)\.(?=[ \t]*(?:\n|$))", lambda m: {"Ltd": "Limited.", "Inc": "Incorporated.", "Corp": "Corporation."}[m.group(1)]),
    (r"\bLtd\.", "Limited"),
    (r"\bInc\.", "Incorporated"),
    (r"\bCorp\.", "Corporation"),
    (r"\bCo\.(?=\s+[a-z]|,|$)", "Company"),
    (r"\bPLC\b", "P.L.C."),
    (r"\bvs?\.(?=\s)", "versus"),
    (r"\be\.g\.", "for example"),
    (r"\bi\.e\.", "that is"),
    (r"\betc\.", "et cetera"),
    (r"\bapprox\.", "approximately"),
    (r"\bNo\.(?=\s?\d)", "number"),
    (r"\b([A-Z])\.([A-Z])\.(?=\s*$)", r"\1\2."),  # "the U.S." ending the text keeps its full stop
    (r"\b([A-Z])\.([A-Z])\.(?:([A-Z])\.)?(?=[\s,;:'’)]|$)", lambda m: "".join(g for g in m.groups() if g)),
    (r"\bw/(?=\s)", "with"),
    (r"\b24/7\b", "twenty-four seven"),
    (r"(?<=\w)\s?&\s?(?=\w)", " and "),
    (r"\s&\s", " and "),
    (r"~\s?(?=\d)", "about "),
    (r"(?<=[\w)])\s?<=\s?(?=[\w$(])", " at most "),
    (r"(?<=[\w)])\s?>=\s?(?=[\w$(])", " at least "),
    (r"(?<=[\w)])\s?<\s?(?=[\w$(])", " less than "),
    (r"(?<=[\w)])\s?>\s?(?=[\w$(])", " greater than "),
    (r"\+(?=\d)", "plus "),
    (r"(?<=\d)x\b", " times"),
]
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": ", ", "–": "-", "…": "...", "\u00a0": " "})
TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_ONLY_PINYIN = set("āǎēěīǐōǒūǔǖǘǚǜ")  # macrons and carons: not French, Spanish or German
_PINYIN_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|uai|uan|ian|iao|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u)"
)
_PINYIN_WORD = re.compile(rf"(?:{_PINYIN_SYLLABLE})+(?:'(?:{_PINYIN_SYLLABLE}))*", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z]{2,6}(?:'?s)?$")


def spoken_date(day: dt.date) -> str:
    """A date as a presenter says it.

    >>> spoken_date(dt.date(2026, 11, 25))
    'Wednesday, November twenty-fifth, twenty twenty-six'
    """
    return f"{day:%A}, {day:%B} {num2words(day.day, to='ordinal')}, {num2words(day.year, to='year')}"


def _plain_letters(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def strip_pinyin_tones(text: str) -> str:
    """Drop pinyin tone marks ("Bái Jìng" → "Bai Jing"), keeping accents of other languages.

    >>> strip_pinyin_tones("Bái Jìng met Jörg and Guaidó in Xī'ān")
    "Bai Jing met Jörg and Guaidó in Xi'an"
    """
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text)
    marked = [w for w in words if any(c in TONE_MARKS for c in w.lower()) and _PINYIN_WORD.fullmatch(_plain_letters(w))]
    def beside_another(n: int, word: str) -> bool:
        others = marked[max(0, n - 1) : n] + marked[n + 1 : n + 2]
        return any(re.search(rf"{re.escape(a)}\s+{re.escape(b)}", text) for o in others for a, b in ((word, o), (o, word)))

    pinyin = {w for n, w in enumerate(marked) if _ONLY_PINYIN & set(w.lower()) or beside_another(n, w)}
    for word in pinyin:
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", _plain_letters(word), text)
    return text


_COMPANY_SUFFIX = (
    r"(?:,?\s+(?:Co\.,?\s*Ltd\.?|Co\.,?\s*Limited|Company,?\s+Limited|Ltd\.?|Limited|Inc\.?|Incorporated|Corp\.?"
    r"|Corporation|Co\.|PLC|plc|LLC|GmbH|AG|SE|S\.A\.|N\.V\.))"
)
_SHORT_NAME_ASIDE = re.compile(
    rf"(?P<suffix>{_COMPANY_SUFFIX})?(?P<before>'s)?\s*\((?P<short>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)?)\)(?P<after>'s)?"
)


def _short_name(match: re.Match[str]) -> str:
    possessive = match.group("before") or match.group("after") or ""
    if not (match.group("suffix") or possessive):
        return match.group()  # an ordinary aside: read_asides reads it
    short = match.group("short")
    said_before = re.search(rf"\b{re.escape(short)}\b", match.string[max(0, match.start() - 60) : match.start()])
    return possessive if said_before else f"{possessive}, or {short}{possessive},"


def read_company_names(text: str) -> str:
    """A company's short name in brackets after its suffix or a possessive is read as a newsreader
    does: the legal suffix dropped, the possessive on both names, so the sentence stays grammatical.

    >>> read_company_names("Guangzhou Automobile Group Co. Ltd.'s (GAC) EV brand grew.")
    "Guangzhou Automobile Group's, or GAC's, EV brand grew."
    >>> read_company_names("Tesla Inc. (TSLA) rose; CATL (Contemporary Amperex)'s profit and BYD Co. Ltd. (BYD) fell.")
    "Tesla, or TSLA, rose; CATL's, or Contemporary Amperex's, profit and BYD fell."
    """
    text = _SHORT_NAME_ASIDE.sub(_short_name, text)
    return re.sub(rf"{_COMPANY_SUFFIX}(?='s\b)", "", text)


def _aside(match: re.Match[str]) -> str:
    """A parenthesised aside read as one: an acronym or a conversion is an "or", the rest a pause."""
    inner = match.group(1).strip()
    if not inner or inner.lower() in ("sic", "sponsor"):
        return ""
    if _ACRONYM.match(inner) or re.match(r"^(?:about |around |roughly |or )?(?:[A-Z]{0,3}[$€£¥]|\d)", inner):
        inner = re.sub(r"^or ", "", inner)
        return f", or {inner},"
    return f", {inner},"


def read_asides(text: str) -> str:
    """Parentheses → commas the voice pauses at.

    >>> read_asides("CATL (KunShan) and electric vehicles (EVs) cost RMB 1 ($0.15).")
    'CATL, KunShan, and electric vehicles, or EVs, cost RMB 1, or $0.15.'
    """
    for _ in range(3):  # nested asides, innermost first
        text = re.sub(r"\s*[(\[]([^()\[\]]*)[)\]]", _aside, text)
    text = re.sub(r",\s*(?=[,.;:!?])", "", text)
    return re.sub(r"([.;:!?])\s*,", r"\1", text)


def to_speech(text: str) -> str:
    """Normalise written text for speaking and fold it onto one line.

    >>> to_speech("BYD Co. Ltd. raised prices 27.5% (Jan. 19).")
    'BYD Company Limited raised prices twenty-seven point five percent, January nineteenth.'
    """
    text = drop_cjk(say_code(text.translate(_QUOTES)))
    text = read_company_names(strip_pinyin_tones(text))
    for pattern, spoken in ABBREVIATIONS:
        text = re.sub(pattern, spoken, text)
    text = read_asides(text)
    text = drop_code_punctuation(say_numbers(text))
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",\s*(?=[,.;:!?])", "", text)
    text = re.sub(r"^[,;:\s]+", "", text)
    return text.strip()
