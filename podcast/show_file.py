"""`roundup-podcast init`: write a commented podcast.toml from checked show settings."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from .config import ShowConfig, check_show
from .atomic import replacing
from .errors import ConfigError

FLAGS = {"base_url": "--base-url", "owner_name": "--owner", "subcategory": "--subcategory"}
"""The command-line flag of each show key whose flag is not simply --key."""

QUESTIONS = (
    ("title", "Show title"),
    ("description", "One-line description of the show"),
    ("author", "Author (shown as the show's artist)"),
    ("owner_name", "Owner name (itunes:owner; empty = the author)"),
    ("email", "Owner email (Apple and Spotify send the ownership check to it)"),
    ("language", "Language code (e.g. en, en-us)"),
    ("category", "Apple Podcasts category"),
    ("subcategory", "Apple Podcasts subcategory (may be empty)"),
    ("explicit", "Explicit content"),
    ("base_url", "Base URL where the site will be served"),
    ("cover", "Cover image, square JPEG/PNG 1400-3000 px (may be empty)"),
    ("copyright", "Copyright line (may be empty)"),
)
"""What `init` asks for, in order: (show key, question)."""


def flag_of(key: str) -> str:
    return FLAGS.get(key, f"--{key.replace('_', '-')}")


def check_init_values(show: ShowConfig, where: Path) -> None:
    """Raise a ConfigError naming the flag and the fix for the first bad value."""
    if show.cover is not None and not show.cover.is_absolute():
        show = dataclasses.replace(show, cover=where / show.cover)
    problems = check_show(show)
    if problems:
        key, problem = problems[0]
        raise ConfigError(f"{flag_of(key)} {problem}")


def _toml(value: object) -> str:
    """A TOML literal for a string, bool or path (TOML basic strings accept JSON's escapes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps("" if value is None else str(value), ensure_ascii=False)


def render_show_file(show: ShowConfig) -> str:
    env = Environment(loader=PackageLoader("podcast", "show_templates"), undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["toml"] = _toml
    return env.get_template("podcast.toml.j2").render(show=show)


def write_show_file(path: Path, show: ShowConfig, force: bool = False) -> Path:
    """Check `show` and write it to `path` as a commented podcast.toml (atomically)."""
    check_init_values(show, path.parent)
    if path.exists() and not force:
        raise ConfigError(f"{path} already exists; edit it, or pass --force to overwrite it")
    with replacing(path, "check the folder") as temporary:
        temporary.write_text(render_show_file(show), encoding="utf-8")
    return path
