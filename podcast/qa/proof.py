"""Proofing names by ear (`make --proof`): the offline recogniser listens to every spoken
clip; each name or initialism it mishears gets a few respellings auditioned, each
spoken in a few of the sentences the name is in and listened to again, and the
first one heard right in all of them wins.

The recogniser hears a name differently from one sentence to the next, so a
respelling heard right in one sentence may be heard worse in the others, where
it replaces the name too: a winner must be heard right in the sentences the name
was misheard in and in one it was heard right in, if there is one.

Winners go into the lexicon for this episode and are written to the show's lexicon
file with a comment, so the next episode says them right without proofing. Only
what the engine is given changes: the script, transcript and show notes keep the
written words.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from ..atomic import replacing
from ..models import Clip
from ..script.lexicon import Lexicon, engine_text, load_lexicon, spell_letters
from ..script.pinyin import is_pinyin, is_pinyin_shaped, respell_pinyin, spell_syllables
from ..sentences import split_sentences
from ..tts.casting import RoleVoice
from .compare import compare, sentence_starts, tokenize
from .listen import Recognizer
from .suggest import PUNCTUATION, respell

MAX_RESPELLINGS = 3
"""Respellings auditioned per misheard name: each costs a synthesis and a listen."""
MAX_NAMES = 12
"""Names proofed per episode, those misheard most often first."""
MAX_SENTENCES = 3
"""Sentences a respelling is auditioned in: each costs a synthesis and a listen."""
_NAME = re.compile(r"[A-Z][A-Za-z]*[A-Z][A-Za-z]*|[A-Z][a-z]+")


@dataclass(frozen=True)
class Fix:
    """A name the recogniser misheard and the respelling it heard right."""

    word: str
    heard: str
    """What was heard for the word as first spoken."""
    respelling: str
    """The winner, now in the lexicon; empty when no respelling was heard right."""
    tried: tuple[str, ...] = ()


@dataclass
class _Misheard:
    word: str
    heard: str
    """What was first heard for it."""
    sentences: list[tuple[str, RoleVoice]]
    """The sentences it was misheard in, each with its voice."""
    count: int = 1


LOANWORD_MIN_MISHEARD = 2
"""A lowercase word is proofed only when misheard this often: it may be an English word
("are" reads as pinyin too) that the recogniser just missed once."""


def _is_name(word: str, first_in_sentence: bool) -> bool:
    """Initialisms, CamelCase and capitalised words not opening a sentence: the names a respelling can fix.

    >>> _is_name("CATL", True), _is_name("WeLion", True), _is_name("Shares", True), _is_name("Aion", False)
    (True, True, False, True)
    """
    if not _NAME.fullmatch(word):
        return False
    return sum(c.isupper() for c in word) > 1 or not first_in_sentence


def _is_loanword(word: str) -> bool:
    """A lowercase word of four letters or more that reads as pinyin ("yuan"): the voice reads it as English.

    >>> _is_loanword("yuan"), _is_loanword("are"), _is_loanword("news"), _is_loanword("Yuan")
    (True, False, False, False)
    """
    return word.islower() and len(word) >= 4 and is_pinyin_shaped(word)


def _misheard(clips: list[Clip], voices: dict[str, RoleVoice], recognizer: Recognizer) -> list[_Misheard]:
    """The names misheard in the clips, each once (with the first sentence it is in), most frequent first."""
    found: dict[str, _Misheard] = {}
    for clip in clips:
        written = clip.segment.text.split()
        sentences = split_sentences(clip.segment.text)
        heard = recognizer.transcribe(clip.path)
        _, _, differences = compare(written, heard)
        starts = sentence_starts(written)
        for difference in differences:
            said = " ".join(heard[i].text for i in difference.heard).strip(PUNCTUATION)
            heard_tokens = {_bare(t.text) for t in tokenize([heard[i].text for i in difference.heard])}
            for index in difference.written:
                word = re.sub(r"['’]s$", "", written[index].strip(PUNCTUATION))
                if not (_is_name(word, index in starts) or _is_loanword(word)) or {_bare(t.text) for t in tokenize([word])} <= heard_tokens:
                    continue  # not a name, or heard right beside a word that was not ("and Beijing": "in Beijing")
                context = (_sentence_at(sentences, index), voices[clip.segment.role])
                if word not in found:
                    found[word] = _Misheard(word, said, [context], 0)
                elif context[0] not in (s for s, _ in found[word].sentences):
                    found[word].sentences.append(context)
                found[word].count += 1
    kept = [m for m in found.values() if not _is_loanword(m.word) or m.count >= LOANWORD_MIN_MISHEARD]
    kept = sorted(kept, key=lambda m: -m.count)[:MAX_NAMES]
    for missed in kept:
        missed.sentences = missed.sentences[: MAX_SENTENCES - 1] + _heard_elsewhere(missed, clips, voices)[:1]
    return kept


def _sentence_at(sentences: list[str], index: int) -> str:
    """The one of a clip's `sentences` that holds its word number `index`.

    >>> _sentence_at(["It rose.", "Shares of CATL fell."], 4)
    'Shares of CATL fell.'
    """
    for sentence in sentences:
        words = len(sentence.split())
        if index < words:
            return sentence
        index -= words
    return sentences[-1]


def _heard_elsewhere(missed: _Misheard, clips: list[Clip], voices: dict[str, RoleVoice]) -> list[tuple[str, RoleVoice]]:
    """Other sentences of the clips that hold the name: a respelling must not break those."""
    misheard_in = {s for s, _ in missed.sentences}
    word = re.compile(rf"(?<![\w-]){re.escape(missed.word)}(?![\w-]|['’]\w\w)")
    return [
        (sentence, voices[clip.segment.role])
        for clip in clips
        for sentence in split_sentences(clip.segment.text)
        if word.search(sentence) and sentence not in misheard_in
    ]


def _bare(token: str) -> str:
    """A token without a possessive or plural s: "CATL's" heard as "CATL" is the name heard right."""
    return token[:-1] if token.endswith("s") and len(token) > 3 else token


def respellings(word: str, spoken: str) -> list[str]:
    """Up to MAX_RESPELLINGS ways to write `word` for the engine, other than `spoken` (what it was given).

    >>> respellings("CATL", "see eh tee el")
    ['see, eh, tee, el', 'see-eh-tee-el', 'See Eh Tee El']
    >>> respellings("WeLion", "WeLion")
    ['We Lion', 'Wee Lion', 'We Lie-on']
    >>> respellings("Aion", "Eye-on"), respellings("Qingdao", "Ching-dau")
    (['Eye on', 'Eye-yon'], ['Ching dau', 'Ching-dow'])
    >>> respellings("yuan", "yuan")
    ['yoo-ahn', 'yoo ahn', 'yooahn']
    """
    if _is_loanword(word):
        syllables = spell_syllables(word)
        candidates = [syllables, syllables.replace("-", " "), syllables.replace("-", "")]
    elif word.isupper():
        letters = spell_letters(word)
        candidates = [letters.replace(" ", ", "), letters.replace(" ", "-"), letters.title()]  # not "C. A.": stops split the sentence
    else:
        parts = re.findall(r"[A-Z][a-z]*", word) if re.fullmatch(r"(?:[A-Z][a-z]*)+", word) else [word]
        candidates = [respell_pinyin(word), " ".join(parts)]
        if not any(is_pinyin(p) for p in parts):
            candidates.append(respell(word))  # its syllable chunks are English, wrong for pinyin
        if len(parts) > 1:  # a brand of English words: lengthen the short vowel of one part, split the other
            candidates += [" ".join(_long_vowel(p) if n == 0 else p for n, p in enumerate(parts)),
                           " ".join(p if n == 0 else _split_syllables(p) for n, p in enumerate(parts))]
        candidates += [spoken.replace("-", " "), re.sub(r"-([aeiou])", r"-y\1", spoken), spoken.replace("au", "ow")]
    unique = [c for c in dict.fromkeys(candidates) if c and c != spoken and c != word]
    return unique[:MAX_RESPELLINGS]


def _long_vowel(part: str) -> str:
    """ "We" → "Wee", "Byte" → "Byte": a part ending in one vowel gets it doubled."""
    return part + part[-1] if re.fullmatch(r"[A-Z][^aeiou]*[aeiou]", part) else part


def _split_syllables(part: str) -> str:
    """ "Lion" → "Lie-on", "Dance" → "Dance": two written vowels in a row said apart."""
    match = re.fullmatch(r"([A-Za-z]*?)i([aeou])([a-z]*)", part)
    return f"{match[1]}ie-{match[2]}{match[3]}" if match else part


def _heard_right(word: str, sentence: str, heard: list) -> bool:
    """Whether the recogniser heard `word` in `sentence` as written."""
    written = sentence.split()
    _, _, differences = compare(written, heard)
    wrong = {i for d in differences for i in d.written}
    return not any(word in written[i] for i in wrong)


def audition(missed: _Misheard, lexicon: Lexicon, recognizer: Recognizer, workdir: Path) -> Fix:
    """Speak the name's sentences with each respelling and keep the first one heard right in all of them."""
    first = missed.sentences[0][1]
    spoken = engine_text(missed.word, lexicon, _takes_phonemes(first))
    tried = respellings(missed.word, spoken)
    for n, candidate in enumerate(tried):
        trial = lexicon.merged(Lexicon(MappingProxyType({missed.word: candidate})))
        if all(_heard_right_as(missed.word, sentence, speaker, trial, recognizer, workdir / f"audition-{n}.wav")
               for sentence, speaker in missed.sentences):
            return Fix(missed.word, missed.heard, candidate, tuple(tried[: n + 1]))
    return Fix(missed.word, missed.heard, "", tuple(tried))


def _takes_phonemes(speaker: RoleVoice) -> bool:
    return getattr(speaker.engine, "phoneme_input", "") == "espeak"


def _heard_right_as(word: str, sentence: str, speaker: RoleVoice, lexicon: Lexicon, recognizer: Recognizer, path: Path) -> bool:
    """Whether `word` in `sentence`, spoken by `speaker` with `lexicon`, is heard as written."""
    speaker.engine.synthesize(engine_text(sentence, lexicon, _takes_phonemes(speaker)), speaker.voice, speaker.rate, path)
    return _heard_right(word, sentence, recognizer.transcribe(path))


def proof_clips(clips: list[Clip], voices: dict[str, RoleVoice], lexicon: Lexicon, recognizer: Recognizer) -> list[Fix]:
    """Every misheard name of the clips, each with the respelling heard right (or none)."""
    with tempfile.TemporaryDirectory(prefix="roundup-proof-") as workdir:
        return [audition(missed, lexicon, recognizer, Path(workdir)) for missed in _misheard(clips, voices, recognizer)]


def record_fixes(fixes: list[Fix], path: Path, date: dt.date) -> None:
    """Add the winners to the [say] table of the show's lexicon file (created if missing),
    each under a comment saying what was heard; the file is replaced whole, atomically."""
    won = [f for f in fixes if f.respelling]
    if not won:
        return
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    lines = [
        f'# make --proof {date.isoformat()}: heard as "{f.heard or "(nothing)"}"; this respelling was heard right\n'
        f"{_toml_key(f.word)} = {_toml_string(f.respelling)}"
        for f in won
    ]
    block = "\n".join(lines) + "\n"
    header = re.search(r"^\[say\][ \t]*(?:#.*)?\n", text, re.MULTILINE)
    if header:
        text = text[: header.end()] + block + text[header.end():]
    else:
        text = text + ("\n" if text and not text.endswith("\n") else "") + ("\n" if text else "") + "[say]\n" + block
    with replacing(path, "check the lexicon file's folder is writable") as temporary:
        temporary.write_text(text, encoding="utf-8")
        load_lexicon(temporary)  # never leave a lexicon the next make cannot read


def _toml_key(word: str) -> str:
    return word if re.fullmatch(r"[A-Za-z0-9_-]+", word) else _toml_string(word)


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
