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
    cover: str = ""
    """Cover art (square JPEG or PNG, 1400–3000 px), relative to podcast.toml; empty means a
    generated cover with the show title, written beside each episode."""


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
    """How clips are joined, normalised and encoded."""

    format: str = "mp3"
    """Episode file format: mp3, or m4a (AAC)."""
    sample_rate: int = 44100
    channels: int = 1
    bitrate: str = "96k"
    loudness_lufs: float = -16.0
    """Integrated loudness of the finished file (Apple: -16; -19 for strict mono shows; -14 for Spotify)."""
    true_peak_db: float = -1.0
    """Highest true peak allowed in the finished file, in dBTP."""
    pause_after_segment_ms: int = 700
    """Silence between two segments (intro → headlines, story → story)."""
    pause_before_story_ms: int = 1000
    """Extra silence before each story so listeners hear the change of topic."""
    anchor_sentence_pause_ms: int = 450
    """Silence after each sentence the anchor reads (intro, headlines, outro); replaces the engine's own."""
    story_sentence_pause_ms: int = 400
    """Silence after each sentence of a story."""


@dataclass(frozen=True)
class MusicConfig:
    """The show's music: intro and outro stings and a bed under the intro voice.

    Each of intro, outro and bed is "builtin" (music made by this package),
    a WAV, MP3 or OGG file relative to podcast.toml, or "" for none. Music is
    matched to the speech's measured loudness, then offset by the *_db values.
    """

    intro: str = "builtin"
    outro: str = "builtin"
    bed: str = ""
    """Music under the intro voice, ducked while the voice speaks and faded in and out."""
    sting_db: float = -2.0
    """Sting loudness relative to the speech, in LU."""
    bed_db: float = -12.0
    """Bed loudness relative to the speech where nobody speaks, in LU."""
    duck_db: float = -12.0
    """Further drop of the bed while the voice speaks, in dB."""
    overlap_ms: int = 500
    """The intro voice starts this long before the intro sting ends (over its fading tail)."""
    outro_gap_ms: int = 600
    """Silence between the last word and the outro sting."""


@dataclass(frozen=True)
class Config:
    """Everything one run needs."""

    show: ShowConfig = field(default_factory=ShowConfig)
    voice: VoiceConfig = field(default_factory=VoiceConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    music: MusicConfig = field(default_factory=MusicConfig)
    output_dir: Path = Path("output")
    templates_dir: Path | None = None
    """A folder of the user's own script templates; None uses the bundled ones."""


_SECTIONS = {"show": ShowConfig, "voice": VoiceConfig, "audio": AudioConfig, "music": MusicConfig}
_FILE_KEYS = {"show": ("cover",), "music": ("intro", "outro", "bed")}
"""Keys holding a file name, read relative to podcast.toml ("builtin" and "" are not files)."""


def _resolve_files(section: str, values: dict, base: Path) -> dict:
    resolved = dict(values)
    for key in _FILE_KEYS.get(section, ()):
        value = resolved.get(key)
        if isinstance(value, str) and value not in ("", "builtin"):
            resolved[key] = str(base / value)
    return resolved


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
        sections[name] = cls(**_resolve_files(name, values, path.parent))
    output = data.pop("output_dir", "output")
    templates = data.pop("templates_dir", None)
    if data:
        raise ConfigError(f"{path}: unknown key {next(iter(data))}; sections are {', '.join(_SECTIONS)}")
    base = path.parent
    return Config(
        **sections,
        output_dir=base / output,
        templates_dir=base / templates if templates else None,
    )
