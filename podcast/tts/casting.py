"""Casting: which engine, voice and rate speak each role, decided before any audio is made."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import RoleVoiceConfig, VoiceConfig
from ..errors import EngineError, VoiceError
from .engine import ROLES, Engine, Voice, available_engines, engine_names, get_engine, resolve_voice

DEFAULT_ENGINE = "piper"
"""Piper's neural voice was measured the most intelligible (docs/voices.md)."""
FALLBACK_ENGINE = "pyttsx3"
"""Used, with a notice, where Piper's neural runtime cannot load (no onnxruntime
wheel for the platform, a broken install, an install without Piper)."""


@dataclass(frozen=True)
class RoleVoice:
    """The engine, voice and rate that speak one role."""

    role: str
    engine: Engine
    voice: str
    rate: int
    notice: str = ""
    """Why this role is not spoken by the default engine though none was configured."""

    def describe(self) -> str:
        return f"{self.role} {self.engine.name} {self.voice} at {self.rate} wpm"


def default_engine() -> str:
    """The engine used when none is configured."""
    return _default_engine()[0]


def _default_engine() -> tuple[str, str]:
    """Piper, or pyttsx3 with a one-line notice saying why Piper cannot speak."""
    try:
        get_engine(DEFAULT_ENGINE)
    except EngineError as exc:
        notice = f"Notice: {exc}; speaking with {FALLBACK_ENGINE} (espeak-ng) instead (--engine {FALLBACK_ENGINE} hides this notice)"
        return FALLBACK_ENGINE, notice
    return DEFAULT_ENGINE, ""


def cast(config: VoiceConfig) -> dict[str, RoleVoice]:
    """Every role's voice, each engine loaded once however many roles share it."""
    engines: dict[str, Engine] = {}
    cast_roles = {}
    for role in ROLES:
        settings: RoleVoiceConfig = config.for_role(role)
        name, notice = (settings.engine, "") if settings.engine else _default_engine()
        if name not in engines:
            engines[name] = get_engine(name)
        engine = engines[name]
        cast_roles[role] = RoleVoice(role, engine, resolve_voice(engine, settings.voice, role), settings.rate, notice)
    return cast_roles


def find_speaker(voice: str, engine: str = "") -> tuple[Engine, str]:
    """The installed engine that has `voice` (or `engine`'s default voice when `voice` is empty)."""
    if engine:
        chosen = get_engine(engine)
        return chosen, resolve_voice(chosen, voice)
    if not voice:
        chosen = get_engine(default_engine())
        return chosen, chosen.default_voice("anchor")
    for candidate in available_engines():
        try:
            return candidate, resolve_voice(candidate, voice)
        except VoiceError:
            continue
    raise VoiceError(f"no installed engine has voice {voice!r}; run 'roundup-podcast voices' to list them")


def audition(text: str, voice: str, rate: int, path: Path, engine: str = "") -> tuple[Engine, str]:
    """Speak `text` into the WAV file `path` so a voice can be heard before it is chosen."""
    speaker, voice_id = find_speaker(voice, engine)
    speaker.synthesize(text, voice_id, rate, path)
    return speaker, voice_id


def list_voices(engine: str = "") -> tuple[list[Voice], list[str]]:
    """The voices of `engine`, or of every installed engine; plus one note per engine
    that is registered but not installed, saying how to install it."""
    if engine:
        return get_engine(engine).voices(), []
    found, notes = [], []
    for name in engine_names():
        try:
            found.extend(get_engine(name).voices())
        except EngineError as exc:  # not installed, or a broken plugin: list the others
            notes.append(f"{name}: {exc}")
    return found, notes
