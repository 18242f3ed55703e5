"""The engine protocol, and finding engines through the `roundup_podcast.engines` entry points.

An engine turns one segment's text into one WAV file. Engines are plugins: any
installed distribution that declares an entry point in the group
`roundup_podcast.engines` (name → a class or factory taking no arguments)
becomes usable by that name, the built-in ones included, so adding an engine
never means editing this project.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Protocol

from ..errors import EngineError, EngineUnavailable, PodcastError, VoiceError

ENTRY_POINT_GROUP = "roundup_podcast.engines"
ROLES = ("anchor", "story")
"""The roles a script's segments are spoken in (Segment.role)."""


@dataclass(frozen=True)
class Voice:
    """One voice an engine offers."""

    engine: str
    id: str
    name: str
    language: str
    gender: str = ""
    """Gender or variant, as the engine describes it; empty when it does not say."""


class Engine(Protocol):
    """A speech engine. Implementations must write a complete WAV before returning.

    Any sample rate works (the assembler resamples every clip to the programme's);
    mono 16-bit is expected.

    Optional attributes tune the segment cache and parallel synthesis:
    `version` (a string; a change re-makes every cached clip of the engine) and
    `stateful` (True when a clip's audio depends on what the process spoke
    before; each clip is then made in a fresh worker process), or `in_process`
    (True when one synthesis spreads itself over threads: every clip is then
    made in the calling process, with the engine's `threads` set to the jobs). A third,
    `phoneme_input = "espeak"`, says the engine reads `[[...]]` as espeak-ng
    phonemes, so the lexicon's [espeak] entries are used instead of respellings.
    """

    name: str

    def voices(self) -> list[Voice]:
        """Every usable voice of this engine."""
        ...

    def default_voice(self, role: str) -> str:
        """The voice id used for `role` ("anchor" or "story") when none is configured.

        An engine with more than one voice should give the two roles different
        voices, so a show's anchor and stories sound distinct by default.
        """
        ...

    def synthesize(self, text: str, voice: str, rate: int, path: Path) -> None:
        """Speak `text` with `voice` at `rate` words per minute into the WAV file `path`."""
        ...


def _registered() -> dict[str, EntryPoint]:
    """Every engine entry point of the installed distributions, by name."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def engine_names() -> list[str]:
    """Names of every registered engine, installed extra or not, sorted."""
    return sorted(_registered())


def get_engine(name: str) -> Engine:
    """The engine called `name`, loaded and ready.

    An engine whose optional dependencies are missing raises EngineUnavailable
    (its message says what to install).
    """
    registered = _registered()
    if name not in registered:
        known = ", ".join(sorted(registered)) or "none (reinstall roundup-podcast with pip)"
        raise EngineError(f"unknown engine {name!r}; choose one of: {known}")
    try:
        factory = registered[name].load()
    except (ImportError, AttributeError) as exc:
        raise EngineUnavailable(f"engine {name!r} cannot be loaded ({exc}); reinstall the package that provides it") from None
    try:
        engine = factory()
    except PodcastError:
        raise
    except Exception as exc:  # a third-party plugin may fail in any way; it must not crash the CLI
        raise EngineError(f"engine {name!r} failed to start ({exc}); check the plugin that provides it") from None
    if not callable(getattr(engine, "synthesize", None)):
        raise EngineError(f"engine {name!r} has no synthesize(); its plugin does not follow the engine protocol")
    return engine


def is_available(name: str) -> bool:
    """True when engine `name` is registered and its dependencies are installed."""
    try:
        get_engine(name)
    except EngineUnavailable:
        return False
    return True


def available_engines() -> list[Engine]:
    """Every registered engine that loads; engines with missing extras or broken plugins are left out."""
    found = []
    for name in engine_names():
        try:
            found.append(get_engine(name))
        except EngineError:
            continue
    return found


def resolve_voice(engine: Engine, voice: str, role: str = "anchor") -> str:
    """The voice id to use: the configured one if the engine has it, else its default for `role`.

    Engines whose voices are open-ended (a Piper model given by its file path, an
    espeak voice with a variant) may also offer `find_voice(id) -> Voice | None`
    to accept ids that voices() does not list.
    """
    if not voice:
        return engine.default_voice(role)
    find_voice = getattr(engine, "find_voice", None)
    found = find_voice(voice) if find_voice is not None else None
    if found is not None:
        return found.id
    ids = {v.id for v in engine.voices()}
    if voice in ids:
        return voice
    close = sorted(i for i in ids if voice.lower() in i.lower())[:5]
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    raise VoiceError(f"unknown voice {voice!r} for engine {engine.name}{hint}; run 'roundup-podcast voices' to list them")
