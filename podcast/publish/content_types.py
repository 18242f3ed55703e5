"""What every file of the site is, for the servers and stores that hand it out.

One table, read by `serve` (the local server), `publish --to` (Content-Type and
Cache-Control stored with each object) and `publish --verify` (what a live host must
send). A file the player or a later feature adds to the site is covered by adding
its suffix here.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

CONTENT_TYPES: dict[str, str] = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".xml": "application/rss+xml",
    ".vtt": "text/vtt",
    ".srt": "application/x-subrip",
    ".chapters.json": "application/json+chapters",
    ".json": "application/json",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
"""Suffix → Content-Type; the longest matching suffix wins (`.chapters.json` before `.json`)."""

SAME_AUDIO = {"audio/mp4": {"audio/x-m4a", "audio/m4a", "audio/aac"}}
"""Content-Types a player treats as the one in CONTENT_TYPES (the feed names m4a `audio/x-m4a`, as Apple asks)."""

IMMUTABLE = "public, max-age=31536000, immutable"
"""Files whose name changes when their content does: a cache may keep them for a year."""
SHORT = "public, max-age=300"
"""Everything else (feed, pages, style): apps and CDNs see a new episode within five minutes."""

CONTENT_NAMED = ("media/",)
"""Folders of the site whose files are named by their content (see site.py)."""


def content_type(name: str) -> str:
    """The Content-Type to serve a file with.

    >>> content_type("media/ab12/2026-11-25-show.chapters.json"), content_type("feed.xml"), content_type("x.M4A")
    ('application/json+chapters', 'application/rss+xml', 'audio/mp4')
    """
    lower = name.lower()
    matches = [suffix for suffix in CONTENT_TYPES if lower.endswith(suffix)]
    if matches:
        return CONTENT_TYPES[max(matches, key=len)]
    return mimetypes.guess_type(lower)[0] or "application/octet-stream"


def cache_control(path: str) -> str:
    """The Cache-Control of a site file by its path in the site.

    >>> cache_control("media/3f2a9c1e0b7d/2026-11-25-show.mp3") == IMMUTABLE, cache_control("feed.xml") == SHORT
    (True, True)
    """
    return IMMUTABLE if PurePosixPath(path).as_posix().startswith(CONTENT_NAMED) else SHORT


def same_type(sent: str, expected: str) -> bool:
    """Whether a server's Content-Type is the expected one (parameters and case aside).

    >>> same_type("audio/x-m4a", "audio/mp4"), same_type("text/html", "text/html; charset=utf-8"), same_type("text/plain", "text/vtt")
    (True, True, False)
    """
    bare = sent.split(";")[0].strip().lower()
    wanted = expected.split(";")[0].strip().lower()
    return bare == wanted or bare in SAME_AUDIO.get(wanted, set())
