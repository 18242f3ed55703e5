"""The engine protocol: what any speech engine must offer the pipeline.

An engine turns one segment's text into one WAV file. Engines are looked up by
name in ENGINES so a new one is a module and one line here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from ..errors import EngineError, VoiceError


@dataclass(frozen=True)
class Voice:
    """One voice an engine offers."""

    engine: str
    id: str
    name: str
    language: str
    gender: str = ""


class Engine(Protocol):
    """A speech engine. Implementations must write a complete WAV before returning.

    Two optional attributes tune the segment cache and parallel synthesis:
    `version` (a string; a change re-makes every cached clip of the engine) and
    `stateful` (True when a clip's audio depends on what the process spoke
    before; each clip is then made in a fresh worker process).
    """

    name: str

    def voices(self) -> list[Voice]:
        """Every usable voice of this engine."""
        ...

    def default_voice(self) -> str:
        """The voice id used when none is configured."""
        ...

    def synthesize(self, text: str, voice: str, rate: int, path: Path) -> None:
        """Speak `text` with `voice` at `rate` words per minute into the WAV file `path`."""
        ...


def _pyttsx3() -> Engine:
    from .pyttsx3_engine import Pyttsx3Engine

    return Pyttsx3Engine()


ENGINES: dict[str, Callable[[], Engine]] = {"pyttsx3": _pyttsx3}


def get_engine(name: str) -> Engine:
    """The engine called `name`, loaded and ready."""
    try:
        factory = ENGINES[name]
    except KeyError:
        raise EngineError(f"unknown engine {name!r}; choose one of: {', '.join(ENGINES)}") from None
    return factory()


def resolve_voice(engine: Engine, voice: str) -> str:
    """The voice id to use: the configured one if the engine has it, else its default."""
    if not voice:
        return engine.default_voice()
    ids = {v.id for v in engine.voices()}
    if voice in ids:
        return voice
    close = sorted(i for i in ids if voice.lower() in i.lower())[:5]
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise VoiceError(f"unknown voice {voice!r} for engine {engine.name}{hint}; run 'roundup-podcast voices' to list them")
