"""Where each thing lives in the published site, relative to its root (and to the output folder)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

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


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's content, in hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def media_path(source: Path, digest: Callable[[Path], str] = file_digest) -> str:
    """`2026-11-25-show.mp3` → `media/<12 hex of its SHA-256>/2026-11-25-show.mp3` (`digest` hashes the file).

    The folder changes whenever the content does, so hosts may cache media for good
    (content_types.IMMUTABLE) and a re-made episode reaches listeners under a new URL.
    """
    return f"{MEDIA}/{digest(source)[:12]}/{source.name}"
