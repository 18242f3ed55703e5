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
class VoiceConfig:
    """Which engine speaks, with which voice and how fast."""

    engine: str = "pyttsx3"
    voice: str = ""
    """Engine voice id; empty means the engine's default voice."""
    rate: int = 175
    """Words per minute."""


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
class CacheConfig:
    """The segment cache, kept in the output folder under `.cache/clips/`."""

    enabled: bool = True
    """False speaks every clip afresh and leaves the cache untouched (`--no-cache`)."""
    max_mb: int = 1024
    """Size bound in megabytes; beyond it the least recently used clips are removed."""


@dataclass(frozen=True)
class Config:
    """Everything one run needs."""

    show: ShowConfig = field(default_factory=ShowConfig)
    voice: VoiceConfig = field(default_factory=VoiceConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    cache: CacheConfig = field(default_factory=CacheConfig)
    jobs: int = 0
    """Worker processes that speak clips at once; 0 means one per CPU core (`--jobs`)."""
    output_dir: Path = Path("output")
    templates_dir: Path | None = None
    """A folder of the user's own script templates; None uses the bundled ones."""


_SECTIONS = {"show": ShowConfig, "voice": VoiceConfig, "audio": AudioConfig, "cache": CacheConfig}


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
    sections = {}
    for name, cls in _SECTIONS.items():
        values = data.pop(name, {})
        known = {f.name for f in dataclasses.fields(cls)}
        for key in values:
            if key not in known:
                raise ConfigError(f"{path}: unknown key [{name}] {key}; known keys: {', '.join(sorted(known))}")
        sections[name] = cls(**values)
    output = data.pop("output_dir", "output")
    templates = data.pop("templates_dir", None)
    jobs = data.pop("jobs", 0)
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 0:
        raise ConfigError(f"{path}: jobs must be a whole number, 0 for one per CPU core")
    if data:
        raise ConfigError(f"{path}: unknown key {next(iter(data))}; sections are {', '.join(_SECTIONS)}")
    base = path.parent
    return Config(
        **sections,
        jobs=jobs,
        output_dir=base / output,
        templates_dir=base / templates if templates else None,
    )
