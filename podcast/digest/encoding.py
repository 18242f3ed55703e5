"""Repairing text that went through a wrong encoding before it reached us.

ftfy undoes UTF-8 read as Windows-1252 or Latin-1 ("Chinaâ€™s" → "China’s").
UTF-8 read through any other legacy code page (Thai, Cyrillic, Greek, Shift-JIS,
GBK ...) leaves runs of a script that makes no sense for the show's language
("Northvolt窶冱", "NorthvoltвЂ™s"). Each such run is encoded back with each
candidate code page and decoded as UTF-8; the code page whose round trip turns the
runs of a line into valid text in an expected script wins. Bytes the wrong decode
lost are mended where the meaning is clear (a lost curly quote or dash) and left
as U+FFFD otherwise; a paragraph still holding mojibake is dropped later, with a
warning naming it (`unreadable`).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import replace

import ftfy

from ..models import Digest, Story

log = logging.getLogger(__name__)

_FIXER = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)
CODE_PAGES = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp874", "koi8_r", "koi8_u",
    "mac_roman", "mac_cyrillic", "mac_greek", "cp437", "cp850", "cp866", "iso8859_5", "iso8859_7", "shift_jis",
    "cp932", "euc_jp", "gbk", "gb18030", "big5", "euc_kr",
)
"""Legacy code pages UTF-8 text is commonly mis-decoded through, most common first."""
SCRIPTS = {"ru": "CYRILLIC", "uk": "CYRILLIC", "bg": "CYRILLIC", "sr": "CYRILLIC", "el": "GREEK", "th": "THAI",
           "he": "HEBREW", "ar": "ARABIC", "fa": "ARABIC", "zh": "CJK", "ja": "CJK HIRAGANA KATAKANA", "ko": "HANGUL"}
"""The script a show's language is written in besides Latin (a language not listed uses Latin alone)."""
COMMON = set("’‘“”„–—…•·€£¥°²³½¼¾×÷±§©®™¢µ\u00a0\u2009\u202f")
"""Characters at home in text of any language: never a sign of mojibake on their own."""
_LOST = "\ue000"
"""Marks a byte sequence the wrong decode lost, until it is mended."""
_FOREIGN_RUN = re.compile(r"[^\x00-\x7f]+")
_LATIN1_MOJIBAKE = re.compile(r"[ÂÃâ][^\x00-\x7f]")
"""What ftfy leaves of UTF-8 read as Latin-1 when the wrong decode also lost bytes ("Ã¥â€")."""


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    if name.startswith("CJK") or "IDEOGRAPH" in name:
        return "CJK"
    return name.split(" ")[0] if name else "UNKNOWN"


def expected_scripts(language: str) -> frozenset[str]:
    """The letter scripts text in `language` is written in.

    >>> sorted(expected_scripts("ru-RU")), sorted(expected_scripts("en"))
    (['CYRILLIC', 'LATIN'], ['LATIN'])
    """
    return frozenset({"LATIN", *SCRIPTS.get(language.lower()[:2], "").split()})


def out_of_place(char: str, scripts: frozenset[str]) -> bool:
    """A character that makes no sense in the show's language: a letter of another script,
    a box-drawing or maths symbol, a control character or a replacement character."""
    if char in COMMON or char.isascii():
        return False
    category = unicodedata.category(char)
    if category.startswith("L"):
        return _script(char) not in scripts
    return category in ("So", "Sm", "Sk", "Co", "Cc", "Cn") or char == "\ufffd"


def _decode_marking_lost(data: bytes) -> str:
    """UTF-8 bytes to text; a sequence cut short is marked lost (a general-punctuation
    lead byte, E2), a space (C2: a no-break space, most often) or U+FFFD (anything else: a letter is gone)."""
    out = []
    while data:
        try:
            out.append(data.decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            out.append(data[: exc.start].decode("utf-8"))
            out.append({0xE2: _LOST, 0xC2: " "}.get(data[exc.start], "\ufffd"))
            data = data[exc.end :]
    return "".join(out)


def _round_trip(run: str, code_page: str, scripts: frozenset[str]) -> str | None:
    """The run encoded with `code_page` and decoded as UTF-8, if that gives plausible text no longer than
    the run: letters of the show's scripts, or of one other script (a summary in another language, whose
    usual rules then apply)."""
    if not run.strip("\ufffd"):
        return None
    try:
        data = run.replace("\ufffd", "").encode(code_page)
    except UnicodeEncodeError:
        return None
    repaired = re.sub(f"{_LOST}+", _LOST, _decode_marking_lost(data))
    odd = {_script(c) if c.isalpha() else "SYMBOL" for c in repaired.replace(_LOST, "") if out_of_place(c, scripts)}
    if len(repaired) > len(run) or odd and (len(odd) > 1 or "SYMBOL" in odd):
        return None
    return repaired


def _mend_lost(text: str) -> str:
    """A lost curly quote or dash put back from what stands around it; any other loss dropped.
    A replacement character (as ftfy leaves one) at the edge of a word is taken as a lost quote too.

    >>> _mend_lost(f"China{_LOST}s 7{_LOST}10 rise {_LOST} and {_LOST}yes{_LOST} said,\ufffd \ufffdNo")
    'China’s 7–10 rise — and “yes” said,” “No'
    """
    text = re.sub(r"(?<=[\w.,;:!?])\ufffd(?=[\s.,;:!?]|$)|(?:(?<=\s)|^)\ufffd(?=\w|\s)|(?<=\d)\ufffd(?=\d)", _LOST, text)
    text = re.sub(r"(?<=[.,!?])†(?=\s)", _LOST, text)  # ftfy's reading of "â€" and a space: a lost closing quote
    text = re.sub(rf"(?<=[^\W\d_]){_LOST}(?=[^\W\d_])", "’", text)
    text = re.sub(rf"(?<=\d){_LOST}(?=\d)", "–", text)
    text = re.sub(rf"(?<=\s){_LOST}(?=\s)", "—", text)
    text = re.sub(rf"(?:(?<=\s)|^){_LOST}(?=\w)", "“", text)
    text = re.sub(rf"(?<=[\w.,!?]){_LOST}", "”", text)
    return text.replace(_LOST, "")


def _suspect(run: str, scripts: frozenset[str]) -> bool:
    return any(out_of_place(c, scripts) for c in run) or bool(_LATIN1_MOJIBAKE.search(run))


def _repair_line(line: str, scripts: frozenset[str]) -> str:
    runs = [m for m in _FOREIGN_RUN.finditer(line) if _suspect(m.group(), scripts)]
    if not runs:
        return line
    # One character standing for one lost byte is mojibake only inside a word ("Chinaโs"), never on its own
    # ("β-blocker"); one standing for two bytes of a cut-short sequence ("鈥") is mojibake anywhere.
    alone = {n for n, m in enumerate(runs) if len(m.group()) == 1 and not re.fullmatch(r"[A-Za-z].[A-Za-z]", line[m.start() - 1 : m.end() + 1])}

    def plausible(n: int, repaired: str | None, code_page: str) -> bool:
        lone_byte = n in alone and len(runs[n].group().encode(code_page, "replace")) < 2
        return repaired is not None and not (lone_byte and not repaired.strip(_LOST))

    best: dict[int, str] = {}
    for code_page in CODE_PAGES:
        repaired = {n: r for n, m in enumerate(runs) if plausible(n, r := _round_trip(m.group(), code_page, scripts), code_page)}
        if len(repaired) > len(best):
            best = repaired
        if len(best) == len(runs):
            break
    for n in sorted(best, reverse=True):
        start, end = runs[n].span()
        line = line[:start] + best[n] + line[end:]
    return _mend_lost(line)


def repair(text: str, language: str = "en") -> str:
    """Text with mojibake undone where a round trip recovers it.

    >>> wrong = "China’s 7–10% rise — “Skellefteå”"
    >>> [repair(wrong.encode().decode(cp, "replace")) == wrong for cp in ("cp1252", "cp1251", "cp1253", "gbk", "shift_jis")]
    [True, True, True, True, True]
    >>> repair("Chinaโs reportย that").split(), repair("Bái Jìng 白静 and Москва stay")
    (['China’s', 'report', 'that'], 'Bái Jìng 白静 and Москва stay')
    """
    text = ftfy.fix_text(text, _FIXER)
    scripts = expected_scripts(language)
    return "\n".join(_repair_line(line, scripts) for line in text.split("\n"))


def unreadable(text: str, language: str = "en") -> bool:
    """True when mojibake is left that no round trip recovered: a replacement or control
    character, or a run of another script glued to a word or mixed with symbols.

    >>> unreadable("Northvolt\ufffd\ufffds rescue"), unreadable("NorthvoltБ─≥s rescue"), unreadable("Bái Jìng 白静 said")
    (True, True, False)
    >>> unreadable("The Москва office (北京) opened"), unreadable("A β-blocker and 5 µm")
    (False, False)
    """
    scripts = expected_scripts(language)
    if re.search("[\ufffd\u0080-\u009f]", text) or ftfy.badness.is_bad(text):
        return True
    for match in _FOREIGN_RUN.finditer(text):
        run = match.group()
        odd = [c for c in run if out_of_place(c, scripts)]
        if not odd:
            continue
        kinds = {_script(c) if c.isalpha() else "SYMBOL" for c in odd}
        before, after = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
        glued = (before.isascii() and before.isalnum() or after.isascii() and after.isalnum()) and kinds != {"CJK"}
        if len(kinds) > 1 or glued and len(odd) > 1 or "SYMBOL" in kinds and any(c.isalpha() for c in run):
            return True
    return False


def _readable_paragraphs(text: str, where: str, language: str) -> str:
    kept = []
    for paragraph in text.split("\n\n"):
        if unreadable(paragraph, language):
            log.warning("Warning: dropped a paragraph of %s that no code page repairs (mojibake): %r", where, paragraph[:80])
        else:
            kept.append(paragraph)
    return "\n\n".join(kept)


def _readable_title(title: str, where: str, language: str) -> str:
    if not unreadable(title, language):
        return title
    scripts = expected_scripts(language)
    marked = "".join(_LOST if out_of_place(c, scripts) else c for c in title)
    cleaned = " ".join(re.sub("[“”]", "", _mend_lost(re.sub(f"{_LOST}+", _LOST, marked))).split())
    log.warning("Warning: removed unreadable characters (mojibake) from %s: %r is read as %r", where, title, cleaned)
    return cleaned


def drop_unreadable(digest: Digest, language: str = "en") -> Digest:
    """The digest without the paragraphs, bullets and glossary entries that still hold mojibake,
    each named in a warning; a heading keeps its readable words."""
    source = digest.source or "the digest"
    stories = []
    for story in digest.stories:
        where = f"story {story.title[:50]!r} in {source}"
        title, body = _readable_title(story.title, where, language), _readable_paragraphs(story.body, where, language)
        if title or body:
            stories.append(Story(title, body))
    return replace(
        digest,
        title=_readable_title(digest.title, f"the title of {source}", language),
        standfirst=_readable_paragraphs(digest.standfirst, f"the introduction of {source}", language),
        hub=tuple(b for b in digest.hub if _readable_paragraphs(b, f"the summary of {source}", language)),
        closing=_readable_paragraphs(digest.closing, f"the closing of {source}", language),
        glossary=tuple(e for e in digest.glossary if _readable_paragraphs(e[1], f"the glossary of {source}", language)),
        stories=tuple(stories),
    )
