"""The show's settings: `podcast.toml` → dataclasses, one per stage's slice.

CLI flags override single fields with `dataclasses.replace`; each stage is handed
only the slice it needs.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from .errors import ConfigError
from .storage import output_location

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
    """ISO 639 language code, optionally with a region: `en`, `en-us`."""
    genre: str = "Podcast"
    owner_name: str = ""
    """Who owns the feed (itunes:owner); empty means the author."""
    email: str = ""
    """The owner's email; Apple and Spotify send the ownership check to it."""
    category: str = "News"
    """An Apple Podcasts category, e.g. `News`, `Technology`."""
    subcategory: str = "Daily News"
    """A subcategory of `category` on Apple's list, or empty."""
    explicit: bool = False
    """Whether episodes contain explicit material (itunes:explicit true/false)."""
    base_url: str = ""
    """Where the published site is reachable, e.g. `https://example.com/podcast/`; every feed URL starts with it."""
    cover: Path | None = None
    """Square JPEG or PNG, 1400–3000 px; a path relative to podcast.toml."""
    copyright: str = ""
    """The feed's copyright line, e.g. `© 2026 The Newsroom`."""
    locked: bool = True
    """podcast:locked: other platforms may not import the feed without the owner's consent."""
    player_label: str = "Listen to the full version"
    """The words above the embeddable player (site/embed/) that a newsroom pastes beside its digest."""


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
    """Engine for both roles; empty means piper, or pyttsx3 where Piper cannot load."""
    voice: str = ""
    """Voice id for both roles; empty means the engine's default voice for each role,
    which differ so the anchor and the stories sound distinct."""
    rate: int = 175
    """Words per minute."""
    lexicon: Path | None = None
    """The show's pronunciation lexicon (TOML), relative to podcast.toml; added to the built-in one.
    Unset, lexicon.toml beside podcast.toml is used when it exists (`make --proof` writes there)."""
    proof: bool = False
    """After speaking, let the offline recogniser listen and respell the names it mishears
    (`make --proof`; needs the qa extra); the winners are added to the lexicon file."""
    anchor: RoleVoiceConfig = field(default_factory=RoleVoiceConfig)
    """The voice of the intro, headlines and outro."""
    story: RoleVoiceConfig = field(default_factory=RoleVoiceConfig)
    """The voice of the stories."""
    timeout_seconds: float = 60.0
    """The least time an engine gets to speak one clip; a clip that takes longer is stopped and tried once more."""
    timeout_factor: float = 5.0
    """A long clip gets this many times its spoken length instead, when that is more than timeout_seconds."""

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


BUILTIN_MUSIC = "builtin"
"""The music setting that asks for the package's own sting or bed (audio/music.py makes them)."""


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
class CacheConfig:
    """The caches kept in the output folder under `.cache/`: spoken clips, encoded pieces, finished episodes."""

    enabled: bool = True
    """False speaks every clip afresh and leaves the cache untouched (`--no-cache`)."""
    max_mb: int = 1024
    """Size bound in megabytes of each cache; beyond it the least recently used entries go."""


@dataclass(frozen=True)
class ScriptConfig:
    """How the digest is read and what the script says."""

    digest_format: str = ""
    """Force the digest reader: a format of digest/formats.py (text, markdown, html, …); empty detects it from the content."""
    segments: dict[str, bool] = field(default_factory=dict)
    """Optional segment kinds switched on or off, by name (`whos_who = true` under [script]); see script/kinds.py."""
    max_minutes: float = 0
    """Drop whole stories from the end until the estimated episode fits; 0 means no limit."""
    max_digest_mb: float = 2.0
    """A bigger digest file is refused before any work: a daily digest is tens of kilobytes, and reading
    costs time and memory in proportion (see benchmarks/digest_size.py)."""


NUMBERING = ("none", "yearly", "sequential")
"""itunes:season/itunes:episode policies: none; the year as season and a number within it; one running number."""


@dataclass(frozen=True)
class PublishConfig:
    """Where the site is uploaded, whom to tell, and how episodes are numbered.

    Credentials never go here: each backend reads its usual places (AWS_* variables
    or ~/.aws for S3, the ssh agent or ~/.ssh for SFTP).
    """

    target: str = ""
    """Where `publish` uploads the site: s3://bucket/prefix/, sftp://user@host/path/ or a folder; empty uploads nothing."""
    endpoint_url: str = ""
    """An S3-compatible store's API endpoint (R2, MinIO); empty uses AWS_ENDPOINT_URL or AWS itself."""
    websub_hub: str = ""
    """A WebSub hub: named in the feed (atom:link rel="hub") and pinged after each upload; empty for none."""
    podping_url: str = ""
    """A Podping-style endpoint, called with ?url=FEED after each upload (token from PODPING_TOKEN); empty for none."""
    notify_timeout: float = 10.0
    """Seconds to wait for the hub or Podping; a slow or failed notification is a warning."""
    numbering: str = "none"
    """itunes:season/itunes:episode: none, yearly (season = year) or sequential; numbers never change once given."""


@dataclass(frozen=True)
class ClusterConfig:
    """Where episodes are made: this machine, or a Ray cluster (extra `cluster`)."""

    address: str = ""
    """A Ray cluster to make episodes on (`--cluster`): its address, `auto` for the one this machine
    belongs to, `local` to start one here; empty makes them on this machine."""


@dataclass(frozen=True)
class Config:
    """Everything one run needs."""

    show: ShowConfig = field(default_factory=ShowConfig)
    voice: VoiceConfig = field(default_factory=VoiceConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    music: MusicConfig = field(default_factory=MusicConfig)
    cache: CacheConfig = field(default_factory=CacheConfig)
    script: ScriptConfig = field(default_factory=ScriptConfig)
    publish: PublishConfig = field(default_factory=PublishConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    jobs: int = 0
    """Worker processes that speak clips at once; 0 means one per CPU core (`--jobs`)."""
    output_dir: Path = Path("output")
    """The folder episodes are made in: the output folder, or this machine's working copy of `output_url`."""
    output_url: str = ""
    """An fsspec URL (s3://bucket/show) every machine shares: episodes, site and caches live there; empty keeps them in `output_dir`."""
    catalog: str = ""
    """A postgresql:// URL for a catalog shared by many publishing hosts; empty is catalog.sqlite in the output folder."""
    templates_dir: Path | None = None
    """A folder of the user's own script templates; None uses the bundled ones."""


_SECTIONS = {
    "show": ShowConfig, "voice": VoiceConfig, "audio": AudioConfig, "music": MusicConfig,
    "cache": CacheConfig, "script": ScriptConfig, "publish": PublishConfig, "cluster": ClusterConfig,
}


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


def _music_files_beside(music: MusicConfig, base: Path) -> MusicConfig:
    """Music file names read relative to podcast.toml ("builtin" and "" are not files)."""
    files = {
        key: str(base / value)
        for key in ("intro", "outro", "bed")
        if (value := getattr(music, key)) not in ("", "builtin")
    }
    return dataclasses.replace(music, **files)


def _segment_switches(values: object, path: Path) -> object:
    """[script] with each optional segment kind's switch (`whos_who = true`) gathered into `segments`."""
    from .script.kinds import switches  # deferred: the kinds table imports the models

    if not isinstance(values, dict):
        return values
    values = dict(values)
    chosen = {}
    for kind in switches():
        if kind.name in values:
            chosen[kind.name] = values.pop(kind.name)
            if not isinstance(chosen[kind.name], bool):
                raise ConfigError(f"{path}: [script] {kind.name} must be true or false, not {chosen[kind.name]!r}")
    known = sorted({f.name for f in dataclasses.fields(ScriptConfig)} - {"segments"} | {k.name for k in switches()})
    for key in values:
        if key not in known:
            raise ConfigError(f"{path}: unknown key [script] {key}; known keys: {', '.join(known)}")
    return values | ({"segments": chosen} if chosen else {})


DEFAULT_LEXICON = "lexicon.toml"
"""The show's lexicon file when [voice] lexicon is not set, beside podcast.toml."""


def _default_lexicon(folder: Path) -> Path | None:
    path = folder / DEFAULT_LEXICON
    return path if path.is_file() else None


def show_lexicon_file(config: Config) -> Path:
    """Where `make --proof` records its respellings: the configured lexicon, else lexicon.toml here."""
    return config.voice.lexicon or Path(DEFAULT_LEXICON)


def load_config(path: Path | None = None) -> Config:
    """Read `path` (or ./podcast.toml when it exists) into a Config.

    A missing default file gives the defaults; a missing explicit file, a syntax
    error or an unknown key is a ConfigError naming the key.
    """
    if path is None:
        path = Path("podcast.toml")
        if not path.exists():
            return Config(voice=VoiceConfig(lexicon=_default_lexicon(Path("."))))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} not found; create it or drop --config") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None
    sections = {}
    base = path.parent
    for name, cls in _SECTIONS.items():
        values = data.pop(name, {})
        if name == "script":
            values = _segment_switches(values, path)
        sections[name] = _section(cls, values, path, name)
        if name == "show":
            sections[name] = cls(**_checked_show_values(values, path))
    sections["music"] = _music_files_beside(sections["music"], base)
    _check_publish(sections["publish"], path)
    lexicon = base / sections["voice"].lexicon if sections["voice"].lexicon else _default_lexicon(base)
    sections["voice"] = dataclasses.replace(sections["voice"], lexicon=lexicon)
    output_dir, output_url = output_location(data.pop("output_dir", "output"), base)
    templates = data.pop("templates_dir", None)
    catalog = data.pop("catalog", "")
    if catalog != "":
        from .publish.catalog import check_catalog_url  # deferred: only a show with its own catalog pays for it

        if problem := check_catalog_url(str(catalog)):
            raise ConfigError(f"{path}: {problem}")
    jobs = data.pop("jobs", 0)
    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 0:
        raise ConfigError(f"{path}: jobs must be a whole number, 0 for one per CPU core")
    if data:
        raise ConfigError(f"{path}: unknown key {next(iter(data))}; sections are {', '.join(_SECTIONS)}")
    return Config(
        **sections,
        jobs=jobs,
        output_dir=output_dir,
        output_url=output_url,
        catalog=catalog,
        templates_dir=base / templates if templates else None,
    )


def _check_publish(publish: PublishConfig, path: Path) -> None:
    """[publish] values a publish can use; a password in the target is refused (it would sit in clear text)."""
    if publish.numbering not in NUMBERING:
        raise ConfigError(f"{path}: [publish] numbering {publish.numbering!r} is not one of: {', '.join(NUMBERING)}")
    if urlsplit(publish.target).password is not None:
        raise ConfigError(
            f"{path}: [publish] target holds a password; remove it and let the backend find credentials "
            "(ssh agent or ~/.ssh keys for sftp, AWS_* variables or ~/.aws for s3)"
        )
    for key in ("endpoint_url", "websub_hub", "podping_url"):
        value = getattr(publish, key)
        if value and urlsplit(value).scheme not in ("http", "https"):
            raise ConfigError(f"{path}: [publish] {key} {value!r} is not an http(s) URL")
    if isinstance(publish.notify_timeout, bool) or not isinstance(publish.notify_timeout, (int, float)) or publish.notify_timeout <= 0:
        raise ConfigError(f"{path}: [publish] notify_timeout must be a number of seconds above 0")


def apple_categories() -> dict[str, list[str]]:
    """Apple Podcasts' categories and their subcategories (shipped as data)."""
    text = resources.files("podcast").joinpath("apple_categories.json").read_text(encoding="utf-8")
    return json.loads(text)


def _suggest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_description(value: str) -> str | None:
    size = len(value.encode("utf-8"))
    if value.strip() and size <= 4000:
        return None
    return "is empty; write a sentence or two about the show" if not value.strip() else f"is {size} bytes; Apple allows 4000, shorten it"


def check_category(value: str) -> str | None:
    categories = apple_categories()
    if value in categories:
        return None
    return f"'{value}' is not an Apple Podcasts category{_suggest(value, list(categories))}; use one of: {', '.join(categories)}"


def check_subcategory(value: str, category: str) -> str | None:
    allowed = apple_categories().get(category, [])
    if not value or value in allowed:
        return None
    if not allowed:
        return f"'{value}' is not allowed: Apple's category {category} has no subcategories; leave it empty"
    return f"'{value}' is not a subcategory of {category}{_suggest(value, allowed)}; use one of: {', '.join(allowed)}"


def check_email(value: str) -> str | None:
    if not value or re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s.]+", value):
        return None
    return f"'{value}' is not an email address; write it like news@example.com"


def check_base_url(value: str) -> str | None:
    parts = urlsplit(value)
    if not value or (parts.scheme in ("http", "https") and parts.netloc and not parts.query and not parts.fragment):
        return None
    return f"'{value}' is not an http(s) URL; write where the site will live, e.g. https://example.com/podcast/"


def check_player_label(value: str) -> str | None:
    if value.strip() and len(value) <= 80:
        return None
    return "is empty; write the words shown above the player" if not value.strip() else "is over 80 characters; shorten it"


def check_language(value: str) -> str | None:
    if re.fullmatch(r"[a-z]{2,3}(-[a-z]{2,3})?", value):
        return None
    return f"'{value}' is not an ISO 639 language code; write e.g. en or en-us (lower case)"


def check_cover(path: Path) -> str | None:
    """A cover Apple accepts: a readable square JPEG or PNG of 1400–3000 px in RGB."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            fmt, (width, height), mode = image.format, image.size, image.mode
    except FileNotFoundError:
        return f"{path} not found; give the path of a square JPEG or PNG, relative to podcast.toml"
    except (OSError, UnidentifiedImageError):
        return f"{path} is not an image; give a square JPEG or PNG"
    if fmt not in ("JPEG", "PNG"):
        return f"{path} is {fmt}; Apple takes JPEG or PNG only, convert it"
    if width != height:
        return f"{path} is {width}x{height} px, not square; crop it to a square of 1400–3000 px"
    if not 1400 <= width <= 3000:
        return f"{path} is {width}x{height} px; Apple needs 1400–3000 px, resize it"
    if mode not in ("RGB", "RGBA", "P") and not (fmt == "JPEG" and mode == "L"):
        return f"{path} is in colour mode {mode}; save it as RGB"
    return None


_CHECKS: dict[str, Callable[[str], str | None]] = {
    "description": check_description,
    "category": check_category,
    "email": check_email,
    "base_url": check_base_url,
    "language": check_language,
    "player_label": check_player_label,
}


def check_show(show: ShowConfig) -> list[tuple[str, str]]:
    """Every (key, problem) of a show's settings; each problem says the fix."""
    problems = [(key, problem) for key, check in _CHECKS.items() if (problem := check(getattr(show, key)))]
    if not any(key == "category" for key, _ in problems):
        if problem := check_subcategory(show.subcategory, show.category):
            problems.append(("subcategory", problem))
    if show.cover is not None and (problem := check_cover(show.cover)):
        problems.append(("cover", problem))
    return problems


def _checked_show_values(values: dict, path: Path) -> dict:
    """[show] values with the cover resolved beside the file, or a ConfigError naming the bad key."""
    values = dict(values)
    if values.get("cover"):
        values["cover"] = path.parent / values["cover"]
    else:
        values.pop("cover", None)
    for key in ("explicit", "locked"):
        if key in values and not isinstance(values[key], bool):
            raise ConfigError(f"{path}: [show] {key} must be true or false, not {values[key]!r}")
    problems = check_show(ShowConfig(**values))
    if problems:
        key, problem = problems[0]
        raise ConfigError(f"{path}: [show] {key} {problem}")
    return values
