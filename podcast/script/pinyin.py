"""Chinese names in pinyin, respelled so an English voice says them recognisably.

Every engine reads a word through espeak-ng's English rules, which say "Qingdao"
as "king-dough" and "Xiaomi" as "zee-ah-oh-mee". A capitalised word (or each
part of a CamelCase one) that is wholly made of pinyin syllables and has a sound
English spelling never has (a leading x, a zh, a q before i, "ao", "iu", "ui", "iang", …) is respelled syllable by syllable in English letters. Plain words
that happen to be pinyin too ("Long", "Chen", "Lin") are left to the voice.
Applied only to what the engine is given (lexicon.engine_text), never to the script.
"""

from __future__ import annotations

import re

_INITIALS = "zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw]"
_FINALS = "iang|iong|uang|ang|eng|ing|ong|iao|ian|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|er|a|o|e|i|u"
SYLLABLE = re.compile(f"(?P<initial>{_INITIALS})?(?P<final>{_FINALS})")
_WORD = re.compile(f"(?:(?:{_INITIALS})?(?:{_FINALS}))+")
_FOREIGN_INITIALS = {"x"}
"""Foreign to English at the start of a word (mid-word it is English too: Texan)."""
_FOREIGN_AFTER_C = {"ao", "ui", "eng", "uo"}
"""A leading c is pinyin only before these (Cao, Cui): English has Canada, Cairo, Counter, Congo."""
_FOREIGN_FINALS = {"ao", "iu", "ui", "iang", "uang", "iong", "iao", "uo"}

_INITIAL_SOUNDS = {"zh": "j", "x": "sh", "q": "ch", "c": "ts", "z": "dz"}
_FINAL_SOUNDS = {
    "a": "ah", "o": "aw", "e": "uh", "i": "ee", "u": "oo", "ai": "eye", "ei": "ay", "ui": "way", "ao": "au",
    "ou": "oh", "iu": "yo", "ie": "yeh", "ue": "weh", "er": "er", "an": "ahn", "en": "un", "in": "in", "un": "oon",
    "ang": "ahng", "eng": "ung", "ing": "ing", "ong": "oong", "ia": "yah", "iao": "yau", "ian": "yen",
    "iang": "yahng", "iong": "yoong", "ua": "wah", "uo": "waw", "uai": "why", "uan": "wahn", "uang": "wahng",
}
_AFTER_PALATAL = {"u": "yoo", "un": "yoon", "uan": "yoo-ahn", "ue": "yoo-eh"}
"""After j, q, x and y the written u is ü, said here as "yoo" (the consonant takes the y: xu, shoo);
"uan" as English newsreaders say the currency, "yoo-ahn": the nearer "yoo-en" was heard as "UN" (measured)."""
_GLIDES = {"ia": "yah", "iao": "yau", "ian": "yen", "iang": "yahng", "iong": "yoong", "iu": "yoh", "ie": "yeh"}
"""An i-glide after a consonant is said "ee-y…" (Liang: Lee-yahng; "Lyahng" is read with "eye")."""
_BUZZED_I = {"zh", "ch", "sh", "r", "z", "c", "s"}
"""After these the written i is a buzz, nearest to English "ih" (Shi, Zhi, Si)."""


def _syllable(initial: str, final: str) -> str:
    """One pinyin syllable in English letters.

    >>> _syllable("x", "iao"), _syllable("q", "ing"), _syllable("zh", "i"), _syllable("y", "uan"), _syllable("h", "uang")
    ('shee-yau', 'ching', 'jih', 'yoo-ahn', 'whahng')
    """
    consonant = _INITIAL_SOUNDS.get(initial, initial)
    if initial in ("j", "q", "x", "y") and final in _AFTER_PALATAL:
        sound = _AFTER_PALATAL[final]
        return sound if initial == "y" else consonant + sound[1:]
    if initial == "y" and final.startswith("i"):
        consonant = ""  # yi, yin, ying: the y only marks the syllable's start
    if final == "i" and initial in _BUZZED_I:
        sound = "ih"
    elif consonant and final in _GLIDES:
        sound = f"ee-{_GLIDES[final]}"
    else:
        sound = _FINAL_SOUNDS[final]
    if sound.startswith("w") and initial in ("h", "w"):
        return ("wh" if initial == "h" else "") + sound[1:]  # "hw" is read as the letter H
    return consonant + sound


def _parts(word: str) -> list[str]:
    """A CamelCase word's capitalised parts, else the word itself."""
    parts = re.findall(r"[A-Z][a-z]+", word)
    return parts if len(parts) > 1 and "".join(parts) == word else [word]


def is_pinyin(part: str) -> bool:
    """Whether `part` is wholly pinyin syllables with a sound English spelling never has.

    >>> [is_pinyin(w) for w in ("Qingdao", "Xiaomi", "Zhang", "Cao", "Chen", "Long", "Sequence", "Ian", "Canada", "Texan")]
    [True, True, True, True, False, False, False, False, False, False]
    """
    lower = part.lower()
    if not part[:1].isupper() or not _WORD.fullmatch(lower):
        return False
    syllables = [(m["initial"] or "", m["final"]) for m in SYLLABLE.finditer(lower)]
    first_initial, first_final = syllables[0]
    if first_initial in _FOREIGN_INITIALS or (first_initial == "c" and first_final in _FOREIGN_AFTER_C):
        return True
    return any(i == "zh" or (i == "q" and f.startswith("i")) or (i and f in _FOREIGN_FINALS) for i, f in syllables)


def respell_pinyin(word: str) -> str:
    """`word` with each pinyin part respelled, hyphen between syllables; other words unchanged.

    >>> respell_pinyin("QingTao"), respell_pinyin("Qingdao"), respell_pinyin("Zhejiang"), respell_pinyin("ByteDance")
    ('Ching Tau', 'Ching-dau', 'Juh-jee-yahng', 'ByteDance')
    """
    parts = _parts(word)
    pinyin = [is_pinyin(p) for p in parts]
    if not any(pinyin):
        return word
    spelled = [spell_syllables(part) if foreign or _WORD.fullmatch(part.lower()) else part for part, foreign in zip(parts, pinyin)]
    return " ".join(spelled) if len(parts) > 1 else spelled[0]


def is_pinyin_shaped(word: str) -> bool:
    """Whether `word`, whatever its case, can be read as pinyin syllables: "yuan" can, "news" cannot.

    Many English words can too ("are", "change"), so this only widens what proofing listens for.

    >>> is_pinyin_shaped("yuan"), is_pinyin_shaped("renminbi"), is_pinyin_shaped("news")
    (True, True, False)
    """
    return bool(_WORD.fullmatch(word.lower()))


def spell_syllables(word: str) -> str:
    """A pinyin-shaped word respelled syllable by syllable, with the case of its first letter.

    >>> spell_syllables("yuan"), spell_syllables("Shenzhen")
    ('yoo-ahn', 'Shun-jun')
    """
    spelled = "-".join(_syllable(m["initial"] or "", m["final"]) for m in SYLLABLE.finditer(word.lower()))
    return spelled.capitalize() if word[:1].isupper() else spelled
