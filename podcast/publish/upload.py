"""`publish --to`: send the built site to where listeners fetch it, feed last.

A manifest at the target (MANIFEST_NAME: site path → SHA-256) says what is there, so
only files whose content changed are sent. Files go in phases: media and side files,
then pages, then index.html and finally feed.xml, the commit point. Until the feed is
replaced, listeners see the old feed, whose files are all still there (media are named
by content, so a new version never overwrites an old one); files no longer in the
site are deleted only after the new feed is up. The manifest is rewritten as files
land, so a run that is killed part-way leaves the live feed as it was, and the next
run sends only what is still missing and then commits.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..config import Config, PublishConfig
from ..errors import ConfigError, OutputError
from . import Published
from .feed import FEED_NAME
from .notify import notify
from .site import digest_cache
from .digests import DigestCache
from .targets import Target, open_target, put

MANIFEST_NAME = ".roundup-manifest.json"
MANIFEST_EVERY_SECONDS = 5.0
"""How often the manifest is saved while files are sent: at most this much work is redone after a kill."""
COMMIT = ("index.html", FEED_NAME)
"""Sent last, in this order: the feed is the commit point."""


@dataclass(frozen=True)
class Uploaded:
    """What an upload did."""

    target: str
    sent: int
    sent_bytes: int
    unchanged: int
    deleted: int
    feed_changed: bool


def phase(path: str) -> int:
    """When a site file is sent: media and side files (0), pages (1), index.html (2), feed.xml (3).

    >>> [phase(p) for p in ("media/ab/x.mp3", "style.css", "episodes/x.html", "index.html", "feed.xml")]
    [0, 0, 1, 2, 3]
    """
    if path in COMMIT:
        return 2 + COMMIT.index(path)
    return 1 if path.endswith(".html") else 0


def site_manifest(site: Path, digests: DigestCache) -> dict[str, str]:
    """Every file of the built site (dot files aside) by its path in the site → SHA-256."""
    files = sorted(p for p in site.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(site).parts))
    manifest = {p.relative_to(site).as_posix(): digests.digest(p) for p in files}
    digests.save()
    return manifest


class _Manifest:
    """The target's manifest: read once, saved as files land (atomically where the store needs it)."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.entries: dict[str, str] = {}
        self.saved_at = time.monotonic()
        try:
            data = json.loads(target.fs.cat_file(target.path(MANIFEST_NAME)))
            if isinstance(data, dict) and isinstance(data.get("files"), dict):
                self.entries = {str(k): str(v) for k, v in data["files"].items()}
        except FileNotFoundError:
            pass
        except ValueError:
            pass  # unreadable: every file is sent again, which rewrites it

    def save(self) -> None:
        body = json.dumps({"version": 1, "files": dict(sorted(self.entries.items()))}, indent=1).encode()
        put(self.target, MANIFEST_NAME, lambda path, **headers: self.target.fs.pipe_file(path, body, **headers))
        self.saved_at = time.monotonic()

    def save_now_and_then(self) -> None:
        if time.monotonic() - self.saved_at >= MANIFEST_EVERY_SECONDS:
            self.save()


def _delete(target: Target, relative: str) -> None:
    """Delete a file and, on a file system, the folders it leaves empty (object stores have none)."""
    try:
        target.fs.rm_file(target.path(relative))
    except FileNotFoundError:
        pass
    if not target.kind.folders:
        return
    parts = relative.split("/")[:-1]
    while parts:
        try:
            target.fs.rmdir(target.path("/".join(parts)))
        except OSError:
            return  # not empty (or gone): its parents are not empty either
        parts.pop()


def upload_site(
    site: Path, url: str, publish: PublishConfig, digests: DigestCache, progress: Callable[[str, int], None] | None = None
) -> Uploaded:
    """Send the changed files of `site` to `url`, feed last, then delete what the site no longer has.

    `progress(path, bytes)` is called after each file is sent.
    """
    site = site.resolve()  # one build throughout, even if a publish swaps the link meanwhile
    if not (site / FEED_NAME).is_file():
        raise OutputError(f"nothing published in {site}; run 'roundup-podcast publish' first")
    target = open_target(url, publish)
    try:
        return _send(site, target, site_manifest(site, digests), progress)
    except OutputError:
        raise
    except Exception as exc:  # the backends raise their own kinds (botocore, asyncssh, OSError)
        raise OutputError(
            f"upload to {target.url} failed: {type(exc).__name__}: {exc}; check the target and its credentials, "
            "then run the same command again (it resumes; the live feed is unchanged until the end)"
        ) from None


def _send(site: Path, target: Target, local: dict[str, str], progress: Callable[[str, int], None] | None) -> Uploaded:
    manifest = _Manifest(target)
    changed = sorted((p for p, digest in local.items() if manifest.entries.get(p) != digest), key=lambda p: (phase(p), p))
    sent_bytes = 0
    committing = False
    for relative in changed:
        if phase(relative) >= 2 and not committing:
            manifest.save()  # everything the new feed names is recorded before the commit point
            committing = True
        source = site / relative
        put(target, relative, lambda path, **headers: target.fs.put_file(str(source), path, **headers))
        manifest.entries[relative] = local[relative]
        size = source.stat().st_size
        sent_bytes += size
        if progress:
            progress(relative, size)
        manifest.save_now_and_then()
    stale = sorted(p for p in manifest.entries if p not in local)
    if changed or stale:
        manifest.save()
    for relative in stale:
        _delete(target, relative)
        del manifest.entries[relative]
    if stale:
        manifest.save()
    return Uploaded(target.url, len(changed), sent_bytes, len(local) - len(changed), len(stale), FEED_NAME in changed)


@dataclass(frozen=True)
class Delivered:
    """An upload and the notifications that followed it."""

    uploaded: Uploaded
    notified: tuple[str, ...]
    warnings: tuple[str, ...]


def deliver(published: Published, config: Config, progress: Callable[[str, int], None] | None = None) -> Delivered:
    """Upload a published site to [publish] target, then tell the configured hubs if the feed changed."""
    if not config.publish.target:
        raise ConfigError("no upload target; give --to s3://bucket/prefix/ (or sftp://…, a folder) or set [publish] target")
    uploaded = upload_site(published.site, config.publish.target, config.publish, digest_cache(config), progress)
    if not uploaded.feed_changed:
        return Delivered(uploaded, (), ())
    notified, warnings = notify(published.feed_url, config.publish)
    return Delivered(uploaded, tuple(notified), tuple(warnings))
