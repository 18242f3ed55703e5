"""Where each thing lives in the published site, relative to its root (and to the output folder)."""

from __future__ import annotations

from pathlib import Path

SITE_NAME = "site"
"""The site's folder (a link to the current build) in the output folder."""
MEDIA = "media"
"""Audio, chapters, transcripts and covers."""
PAGES = "episodes"
"""One HTML page per episode."""
EMBED = "embed"
"""One embeddable player page per episode."""


def episode_page(audio: str) -> str:
    """`2026-11-25-show.mp3` → `episodes/2026-11-25-show.html`."""
    return f"{PAGES}/{Path(audio).stem}.html"


def embed_page(audio: str) -> str:
    """`2026-11-25-show.mp3` → `embed/2026-11-25-show.html`."""
    return f"{EMBED}/{Path(audio).stem}.html"


def media(name: str) -> str:
    return f"{MEDIA}/{name}"
