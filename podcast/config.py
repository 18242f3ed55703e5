"""The show's settings: `podcast.toml` → dataclasses, one per stage's slice.

CLI flags override single fields with `dataclasses.replace`; each stage is handed
only the slice it needs.
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


@dataclass(frozen=True)
class ShowConfig:
    """Who publishes the show; written into tags and the spoken intro."""

    title: str = ""
    """Show name; empty means the digest's own name (the part of its title before ':')."""
    author: str = "roundup-podcast"
    description: str = "The audio edition of the daily digest."
    language: str = "en"
    genre: str = "Podcast"


@dataclass(frozen=True)
class RoleVoiceConfig:
    """One role's voice ([voice.anchor] or [voice.story]); an empty field takes [voice]'s value."""

    engine: str = ""
    """Engine for this role (roles may use different engines)."""
    voice: str = ""
    """Voice id for this role."""
    rate: int = 0
    """Words per minute for this role; 0 means [voice] rate."""


@dataclass(frozen=True)
class VoiceConfig:
    """Which engine speaks, with which voice and how fast; [voice.anchor] and
    [voice.story] set one role (intro, headlines, outro / the stories) apart."""

    engine: str = ""
    """Engine for both roles; empty means piper when the neural extra is installed, else pyttsx3."""
    voice: str = ""
    """Voice id for both roles; empty means the engine's default voice for each role,
    which differ so the anchor and the stories sound distinct."""
    rate: int = 175
    """Words per minute."""
    anchor: RoleVoiceConfig = field(default_factory=RoleVoiceConfig)
    """The voice of the intro, headlines and outro."""
    story: RoleVoiceConfig = field(default_factory=RoleVoiceConfig)
    """The voice of the stories."""

    def for_role(self, role: str) -> RoleVoiceConfig:
        """The settings of `role` ("anchor" or "story"), empty fields filled from [voice].

        >>> VoiceConfig(voice="v", anchor=RoleVoiceConfig(rate=150)).for_role("anchor")
        RoleVoiceConfig(engine='', voice='v', rate=150)
        """
        own = self.story if role == "story" else self.anchor
        return RoleVoiceConfig(own.engine or self.engine, own.voice or self.voice, own.rate or self.rate)

    def overridden(
        self,
        engine: str | None = None,
        voice: str | None = None,
        rate: int | None = None,
        story_engine: str | None = None,
        story_voice: str | None = None,
        story_rate: int | None = None,
    ) -> VoiceConfig:
        """Command-line flags laid over the file: the plain ones set both roles, the
        story ones the story role only. A new engine drops the configured voice ids,
        which belong to the old one, unless a voice is given too."""
        both = {}
        if engine is not None:
            both["engine"] = engine
            if voice is None:
                both["voice"] = ""
        if voice is not None:
            both["voice"] = voice
        if rate is not None:
            both["rate"] = rate
        role_fields = {k: ("" if k != "rate" else 0) for k in both}
        anchor = dataclasses.replace(self.anchor, **role_fields)
        story = dataclasses.replace(self.story, **role_fields)
        if story_engine is not None:
            story = dataclasses.replace(story, engine=story_engine, voice=story_voice or "")
        if story_voice is not None:
            story = dataclasses.replace(story, voice=story_voice)
        if story_rate is not None:
            story = dataclasses.replace(story, rate=story_rate)
        return dataclasses.replace(self, **both, anchor=anchor, story=story)


@dataclass(frozen=True)
class AudioConfig:
    """How clips are joined and encoded."""

    sample_rate: int = 44100
    channels: int = 1
    bitrate: str = "96k"
    pause_after_segment_ms: int = 700
    """Silence between two segments (intro → headlines, story → story)."""
    pause_before_story_ms: int = 1000
    """Extra silence before each story so listeners hear the change of topic."""


@dataclass(frozen=True)
class Config:
    """Everything one run needs."""

    show: ShowConfig = field(default_factory=ShowConfig)
    voice: VoiceConfig = field(default_factory=VoiceConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    output_dir: Path = Path("output")
    templates_dir: Path | None = None
    """A folder of the user's own script templates; None uses the bundled ones."""


_SECTIONS = {"show": ShowConfig, "voice": VoiceConfig, "audio": AudioConfig}


def _section(cls: type, values: object, path: Path, name: str):
    """Build the dataclass `cls` from the TOML table [name]; a sub-table fills a dataclass field."""
    if not isinstance(values, dict):
        raise ConfigError(f"{path}: {name} must be a table; write [{name}] on a line of its own")
    fields = {f.name: f for f in dataclasses.fields(cls)}
    built = {}
    for key, value in values.items():
        if key not in fields:
            raise ConfigError(f"{path}: unknown key [{name}] {key}; known keys: {', '.join(sorted(fields))}")
        factory = fields[key].default_factory
        built[key] = _section(factory, value, path, f"{name}.{key}") if dataclasses.is_dataclass(factory) else value
    return cls(**built)


def load_config(path: Path | None = None) -> Config:
    """Read `path` (or ./podcast.toml when it exists) into a Config.

    A missing default file gives the defaults; a missing explicit file, a syntax
    error or an unknown key is a ConfigError naming the key.
    """
    if path is None:
        path = Path("podcast.toml")
        if not path.exists():
            return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} not found; create it or drop --config") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    sections = {name: _section(cls, data.pop(name, {}), path, name) for name, cls in _SECTIONS.items()}
    output = data.pop("output_dir", "output")
    templates = data.pop("templates_dir", None)
    if data:
        raise ConfigError(f"{path}: unknown key {next(iter(data))}; sections are show, voice, audio")
    base = path.parent
    return Config(
        **sections,
        output_dir=base / output,
        templates_dir=base / templates if templates else None,
    )
