"""What the check finds: the words a recogniser heard, the ones it heard wrong, and the report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class HeardWord:
    """One word a speech recogniser heard, as it wrote it, with its times in seconds."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Mishearing:
    """Written words the recogniser heard as something else (or not at all)."""

    written: str
    """The words as the script has them."""
    heard: tuple[str, ...]
    """What was heard instead, once per occurrence ("" when nothing was heard)."""
    times: tuple[float, ...]
    """Where in the episode each occurrence is, in seconds."""
    segment: str
    """Title of the segment of the first occurrence."""
    suggestion: str = ""
    """A lexicon entry that may fix it, in the lexicon's TOML form; empty when none is known."""

    @property
    def count(self) -> int:
        return len(self.times)


@dataclass(frozen=True)
class CheckReport:
    """What an offline recogniser made of an episode, against its script."""

    episode: Path
    recognizer: str
    words: int
    """Words in the script (after normalization)."""
    errors: int
    """Substituted + deleted + inserted words."""
    mishearings: tuple[Mishearing, ...]
    voices: tuple[str, ...] = ()
    """The voices that spoke the episode, as its script file records them (`role: engine voice rate`)."""

    @property
    def wer(self) -> float:
        """Word error rate: errors per script word."""
        return self.errors / self.words if self.words else 0.0
