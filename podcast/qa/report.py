"""The check of one episode: listen to it, align what was heard with its script
segment by segment, and list what listeners will likely mishear."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import QualityCheckError
from .findings import CheckReport, HeardWord, Mishearing
from ..script.lexicon import Lexicon, builtin_lexicon
from ..script.script_file import PlacedSegment, read_script_file, script_file_path
from .compare import compare, normalize_words, sentence_starts
from .listen import Recognizer, load_recognizer
from .suggest import PUNCTUATION, lexicon_entry

EDGE_SECONDS = 0.3
"""A heard word that starts this much before its segment still belongs to it
(the recogniser's word times are approximate)."""


def _heard_in(placed: list[PlacedSegment], heard: list[HeardWord]) -> list[list[HeardWord]]:
    """The heard words of each segment, by where they start."""
    starts = [p.start - EDGE_SECONDS for p in placed[1:]] + [float("inf")]
    buckets: list[list[HeardWord]] = [[] for _ in placed]
    n = 0
    for word in heard:
        while word.start >= starts[n]:
            n += 1
        buckets[n].append(word)
    return buckets


@dataclass
class _Tally:
    """Every occurrence of one misheard written phrase, gathered across the episode."""

    written: str
    segment: str
    heard: list[str] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    openers: set[str] = field(default_factory=set)
    """Its words that opened a sentence where it was misheard: capitalised there, not names."""


def check_episode(episode: Path, script_path: Path | None = None, recognizer: Recognizer | None = None) -> CheckReport:
    """Transcribe `episode` offline and compare it with its script (by default the
    `.script.json` that `make` wrote beside it)."""
    if not episode.is_file():
        raise QualityCheckError(f"episode {episode} not found; give the path of an episode made by 'roundup-podcast make'")
    _, placed = read_script_file(script_path or script_file_path(episode))
    recognizer = recognizer or load_recognizer()
    heard = recognizer.transcribe(episode)
    words = errors = 0
    tallies: dict[str, _Tally] = {}
    for segment, segment_heard in zip(placed, _heard_in(placed, heard)):
        written = segment.segment.text.split()
        starts = sentence_starts(written)
        counted, wrong, differences = compare(written, segment_heard)
        words, errors = words + counted, errors + wrong
        for difference in differences:
            if not difference.written:
                continue  # an insertion counts in the WER, but there is no written word to fix
            phrase = " ".join(written[i] for i in difference.written).strip(PUNCTUATION)
            said = " ".join(segment_heard[i].text for i in difference.heard).strip(PUNCTUATION)
            at = segment.start if difference.near is None else segment_heard[difference.near].start
            key = " ".join(normalize_words(phrase))
            tally = tallies.setdefault(key, _Tally(phrase, segment.segment.title))
            tally.heard.append(said)
            tally.times.append(round(at, 1))
            tally.openers.update(written[i].strip(PUNCTUATION) for i in difference.written if i in starts)
    builtin = builtin_lexicon()
    mishearings = sorted(
        (
            Mishearing(t.written, tuple(t.heard), tuple(t.times), t.segment, _suggestion(t.written, builtin, t.openers))
            for t in tallies.values()
        ),
        key=lambda m: (-m.count, m.times[0]),
    )
    voices = tuple(dict.fromkeys(f"{p.segment.role}: {p.voice}" for p in placed if p.voice))
    return CheckReport(episode, recognizer.name, words, errors, tuple(mishearings), voices)


def _suggestion(phrase: str, builtin: Lexicon, openers: set[str]) -> str:
    """The lexicon entry for the one word of `phrase` most worth respelling; none that only
    repeats what the built-in lexicon and rules already give the engine ("EV" is "ee vee"),
    and none for a word capitalised only because it opened a sentence ("Startups")."""
    for word in sorted(phrase.split(), key=len, reverse=True):
        bare = word.strip(PUNCTUATION)
        if bare in openers and bare[1:].islower():
            continue
        entry = lexicon_entry(word, builtin)
        if entry:
            return entry
    return ""
