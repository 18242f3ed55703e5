"""Publish stage: Episode → catalog → feed + site (and a local server to preview them).

The catalog's transaction is the one commit point: feed and site are built from
the catalog inside it and swapped in after it, and a site left behind by a kill
between the two is brought level by the next command (see `_change_and_publish`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from ..checkpoints import checkpoint
from ..config import Config
from ..errors import ConfigError, OutputError
from ..models import Digest, Episode, ShowNotes
from .catalog import Backend, Catalog, CatalogEntry, backend_for, episode_guid, open_catalog
from .layout import SITE_NAME

__all__ = [
    "CatalogEntry", "Published", "catalog_backend", "catalog_entry", "embed_episode", "find_episode", "list_episodes",
    "notes_from_digest", "publish", "publish_episode", "remove_episode", "repair_site", "site_base_url",
]

T = TypeVar("T")
LOCK_NAME = ".publish.lock"


@dataclass(frozen=True)
class Published:
    """What a publish produced."""

    site: Path
    feed: Path
    feed_url: str
    episodes: int
    warnings: tuple[str, ...] = ()


def site_base_url(config: Config) -> str:
    """The configured base URL with one trailing slash, or a ConfigError saying how to set it."""
    if not config.show.base_url:
        raise ConfigError(
            "[show] base_url is not set; add base_url = \"https://example.com/podcast/\" to podcast.toml "
            "(or run 'roundup-podcast init'); use http://localhost:8000/ to preview with 'roundup-podcast serve'"
        )
    return config.show.base_url.rstrip("/") + "/"


def notes_from_digest(digest: Digest, left_out: tuple[str, ...] = ()) -> ShowNotes:
    """The show notes of a digest: its standfirst, summary bullets and story headings, and the
    headings of the stories `left_out` of the audio."""
    return ShowNotes(digest.standfirst, digest.hub, tuple(story.title for story in digest.stories), tuple(left_out))


def catalog_entry(episode: Episode, show: str, notes: ShowNotes) -> CatalogEntry:
    """The catalog row of a made episode: its files are named relative to the episode's folder, and
    only the side files that lie in it are published (a configured cover elsewhere is the show's)."""

    def beside(path: Path | None) -> str | None:
        return path.name if path is not None and path.parent == episode.path.parent else None

    return CatalogEntry(
        guid=episode_guid(show, episode.date), show=show, date=episode.date, title=episode.title, notes=notes,
        audio=episode.path.name, size=episode.size, seconds=episode.seconds, chapters=episode.chapters,
        chapters_file=beside(episode.chapters_path), transcript_vtt=beside(episode.transcript_vtt),
        transcript_srt=beside(episode.transcript_srt), cover=beside(episode.cover_path),
    )


def catalog_backend(config: Config) -> Backend:
    """The show's catalog: `catalog` in podcast.toml, or the SQLite file in the output folder.

    An output at a URL has no SQLite catalog: SQLite's lock holds on one machine only,
    and each machine has its own working copy, so their catalogs would part ways.
    """
    if config.output_url and not config.catalog:
        raise ConfigError(
            f"the SQLite catalog cannot live at {config.output_url}: publishing to an output at a URL needs a "
            'shared catalog; set catalog = "postgresql://user@host/db" in podcast.toml'
        )
    return backend_for(config.catalog, config.output_dir)


@contextlib.contextmanager
def publish_lock(output: Path) -> Iterator[None]:
    """One publisher at a time in an output folder, from its catalog transaction to its site swap.

    The catalog's own lock ends at its commit; this one also covers the swap that
    follows, so a slower publisher can never swap an older site over a newer one.
    The lock dies with its process: a killed publish leaves nothing to clean up.
    """
    try:
        output.mkdir(parents=True, exist_ok=True)
        handle = open(output / LOCK_NAME, "a+b")
    except OSError as exc:
        raise OutputError(f"cannot lock the output folder {output}: {exc.strerror}; check the output folder") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _change_and_publish(config: Config, change: Callable[[Catalog], T]) -> tuple[T, Published]:
    """Change the catalog and rebuild feed and site from it, with the catalog's commit as the one commit point.

    The new site is built aside inside the catalog transaction, so any failure
    rolls the catalog back and leaves the old site (an output at a URL gets its
    copy then too, see `_send_site`); after the commit the link is swapped to the build. A run killed between the two leaves a complete build
    named for the committed catalog, which the next command that reads the
    catalog swaps in (`repair_site`).
    """
    from .site import stage_site, swap_in  # deferred: feed and site modules cost start-up time that making an episode need not pay

    site_base_url(config)
    staged = None
    with publish_lock(config.output_dir):
        try:
            with open_catalog(catalog_backend(config)) as catalog:
                result = change(catalog)
                catalog.number(config.publish.numbering)
                checkpoint("catalog-changed")
                staged = stage_site(_shown(catalog.entries(), config), config)
                checkpoint("site-staged")
                if config.output_url:
                    _send_site(staged.build, config)
        except BaseException:
            if staged:
                shutil.rmtree(staged.build, ignore_errors=True)
            raise
        checkpoint("catalog-committed")
        swap_in(staged.build)
        checkpoint("site-swapped")
    return result, staged.published


def _send_site(build: Path, config: Config) -> None:
    """Send a staged site to `<output URL>/site/`, feed last, before the catalog commits: the catalog's
    write lock, which every machine's publish takes, keeps an older site from landing over a newer one."""
    from .site import digest_cache
    from .upload import upload_site

    upload_site(build, f"{config.output_url}/{SITE_NAME}/", config.publish, digest_cache(config))


def _shown(entries: list[CatalogEntry], config: Config) -> list[CatalogEntry]:
    """The entries as feed and site show them: numbers given under another policy stay stored, unshown."""
    if config.publish.numbering == "none":
        return [dataclasses.replace(e, season=None, episode=None) for e in entries]
    return entries


def _catalog_entries(config: Config) -> list[CatalogEntry] | None:
    """Every episode of the catalog as the site shows them, or None when there is no catalog yet."""
    try:
        with open_catalog(catalog_backend(config), write=False) as catalog:
            return _shown(catalog.entries(), config)
    except OutputError:  # none yet (nothing was ever published), or out of reach: then the command's own read says so
        return None


def repair_site(config: Config) -> bool:
    """Bring the site level with the catalog if a publish was killed after its commit; True when it had to.

    One catalog read when nothing is wrong; also clears builds that killed
    publishes left. With no base URL there is no site to repair.
    """
    from .site import built, clear_other_builds, shows, stage_site, swap_in

    output = config.output_dir
    if not config.show.base_url:
        return False
    with publish_lock(output):
        entries = _catalog_entries(config)
        link = output / SITE_NAME
        if entries is None or shows(entries, output) or (not entries and not link.is_symlink()):
            clear_other_builds(output)
            return False
        swap_in(built(entries, output) or stage_site(entries, config).build)
    return True


def publish(config: Config) -> Published:
    """Rebuild feed and site from the catalog."""
    return _change_and_publish(config, lambda catalog: None)[1]


def publish_episode(entry: CatalogEntry, config: Config) -> tuple[bool, Published]:
    """Add (or replace, same GUID) an episode and rebuild; True when it replaced one."""
    return _change_and_publish(config, lambda catalog: catalog.put(entry))


def list_episodes(config: Config) -> list[CatalogEntry]:
    """Every catalogued episode, newest first."""
    repair_site(config)
    with open_catalog(catalog_backend(config), write=False) as catalog:
        return catalog.entries()


def _lookup(catalog: Catalog, key: str) -> CatalogEntry:
    entry = catalog.find(key)
    if entry is None:
        raise OutputError(f"no episode {key!r} in the catalog; 'roundup-podcast episodes list' shows dates and GUIDs")
    return entry


def find_episode(key: str, config: Config) -> CatalogEntry:
    """An episode by GUID, date or audio file name."""
    repair_site(config)
    with open_catalog(catalog_backend(config), write=False) as catalog:
        return _lookup(catalog, key)


def embed_episode(key: str, config: Config, fmt: str = "html") -> str:
    """The snippet that puts an episode's player beside its digest on any web page (html, markdown or json)."""
    from .embed import embed_snippet  # deferred: see _change_and_publish

    return embed_snippet(find_episode(key, config), config, fmt)


def remove_episode(key: str, config: Config) -> tuple[CatalogEntry, Published]:
    """Drop an episode from the catalog and rebuild feed and site (its files stay in the output folder)."""

    def drop(catalog: Catalog) -> CatalogEntry:
        entry = _lookup(catalog, key)
        catalog.remove(entry.guid)
        return entry

    return _change_and_publish(config, drop)

