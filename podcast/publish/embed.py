"""The embeddable player: one self-contained page per episode, and the snippet to paste into a CMS.

A newsroom shows its digest's audio edition on the digest's own page. The player
page (`site/embed/<episode>.html`) carries its styles and script inline and loads
nothing but the episode's audio from its own site, so it works in an `<iframe>` on
any origin; its Content-Security-Policy lists the hashes of exactly those inline
parts, so nothing else can run or be fetched there. Without JavaScript it falls back
to the browser's own audio controls. The snippet is an `<iframe>` whose content is a
plain `<audio>` with a link, which a CMS that strips frames still shows.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from ..config import Config
from ..errors import ConfigError, OutputError
from . import site_base_url
from .catalog import CatalogEntry
from .html import clock, environment
from .layout import SITE_NAME, embed_page, episode_page, media_path

SPEEDS = (1, 1.25, 1.5, 2)
"""Playback speeds the player offers."""
HEIGHT = 360
"""The iframe's height in pixels: title and controls, with chapters and transcript scrolling beneath."""
WIDTH = 640
"""The width oEmbed asks for; the iframe itself takes its column's width (the player works from 280 px)."""


@dataclass(frozen=True)
class InlineAssets:
    """The player page's inline style and script, and the Content-Security-Policy that allows only them."""

    style: Markup
    script: Markup
    policy: str


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_assets(*scripts: str, style: str = "") -> InlineAssets:
    """The named templates' text joined for inlining, with a policy naming each by its hash."""
    env = environment()
    script = "\n".join(env.get_template(name).render() for name in scripts)
    css = env.get_template(style).render() if style else ""
    policy = (
        f"default-src 'none'; script-src {_sha256(script)}; style-src {_sha256(css)}; "
        "media-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'"
    )
    return InlineAssets(Markup(css), Markup(script), policy)


@dataclass(frozen=True)
class Snippet:
    """What a newsroom pastes beside its digest, and the URLs it points at."""

    entry: CatalogEntry
    label: str
    player: str
    audio: str
    page: str

    @property
    def iframe_title(self) -> str:
        return f"{self.label}: {self.entry.title}"


def _escape(text: str) -> str:
    return str(Markup.escape(text))


def _html(snippet: Snippet) -> str:
    minutes = clock(snippet.entry.seconds)
    kind = Path(snippet.entry.audio).suffix.lstrip(".").upper()
    return (
        f'<iframe src="{_escape(snippet.player)}" title="{_escape(snippet.iframe_title)}" width="100%" height="{HEIGHT}" '
        f'style="width:100%;max-width:46rem;height:{HEIGHT}px;border:0" loading="lazy">\n'
        f'<audio controls preload="none" src="{_escape(snippet.audio)}">'
        f'<a href="{_escape(snippet.audio)}">{_escape(snippet.label)} ({minutes}, {kind})</a></audio>\n'
        "</iframe>"
    )


def _markdown(snippet: Snippet) -> str:
    """A link for Markdown renderers that drop frames (most do), then the iframe for those that keep HTML."""
    text = f"{snippet.label}: {snippet.entry.title} ({clock(snippet.entry.seconds)})"
    for char in "\\[]":
        text = text.replace(char, "\\" + char)
    return f"[{text}]({snippet.page})\n\n{_html(snippet)}"


def _json(snippet: Snippet) -> str:
    """oEmbed's "rich" response fields, plus the URLs a CMS may want on their own."""
    return json.dumps(
        {
            "version": "1.0", "type": "rich", "title": snippet.entry.title, "provider_name": snippet.entry.show,
            "html": _html(snippet), "width": WIDTH, "height": HEIGHT,
            "player_url": snippet.player, "audio_url": snippet.audio, "page_url": snippet.page,
            "date": snippet.entry.date.isoformat(), "duration": round(snippet.entry.seconds, 3), "label": snippet.label,
        },
        indent=2, ensure_ascii=False,
    )


SNIPPET_FORMATS: dict[str, Callable[[Snippet], str]] = {"html": _html, "markdown": _markdown, "json": _json}
"""How `episodes embed --format` prints the snippet."""


def embed_snippet(entry: CatalogEntry, config: Config, fmt: str = "html") -> str:
    """The snippet for `entry` in `fmt`; the player page must have been published."""
    if fmt not in SNIPPET_FORMATS:
        raise ConfigError(f"--format {fmt!r} is not a snippet format; choose one of: {', '.join(SNIPPET_FORMATS)}")
    base = site_base_url(config)
    page = embed_page(entry.audio)
    if not (config.output_dir / SITE_NAME / page).is_file():
        raise OutputError(f"{config.output_dir / SITE_NAME / page} is not published yet; run 'roundup-podcast publish' first")
    snippet = Snippet(entry, config.show.player_label, base + page, base + media_path(config.output_dir / entry.audio), base + episode_page(entry.audio))
    return SNIPPET_FORMATS[fmt](snippet)
