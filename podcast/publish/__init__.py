"""Publish stage: Episode → catalog → feed + site (and a local server to preview them).

Every change to the catalog and the rebuild of feed and site happen in one catalog
transaction: either all of them land or none does.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from ..config import Config
from ..errors import ConfigError, OutputError
from ..models import Digest, Episode, ShowNotes
from .catalog import Backend, Catalog, CatalogEntry, backend_for, episode_guid, open_catalog

__all__ = [
    "CatalogEntry", "Published", "catalog_backend", "catalog_entry", "embed_episode", "find_episode", "list_episodes",
    "notes_from_digest", "publish", "publish_episode", "remove_episode", "site_base_url",
]

T = TypeVar("T")


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
    """The show's catalog: `catalog` in podcast.toml, or the SQLite file in the output folder."""
    return backend_for(config.catalog, config.output_dir)


def _change_and_publish(config: Config, change: Callable[[Catalog], T]) -> tuple[T, Published]:
    from .site import publish_site  # deferred: feed and site modules cost start-up time that making an episode need not pay

    site_base_url(config)
    with open_catalog(catalog_backend(config)) as catalog:
        result = change(catalog)
        catalog.number(config.publish.numbering)
        entries = catalog.entries()
        if config.publish.numbering == "none":  # numbers given under another policy stay stored, unshown
            entries = [dataclasses.replace(e, season=None, episode=None) for e in entries]
        published = publish_site(entries, config)
    return result, published


def publish(config: Config) -> Published:
    """Rebuild feed and site from the catalog."""
    return _change_and_publish(config, lambda catalog: None)[1]


def publish_episode(entry: CatalogEntry, config: Config) -> tuple[bool, Published]:
    """Add (or replace, same GUID) an episode and rebuild; True when it replaced one."""
    return _change_and_publish(config, lambda catalog: catalog.put(entry))


def list_episodes(config: Config) -> list[CatalogEntry]:
    """Every catalogued episode, newest first."""
    with open_catalog(catalog_backend(config), write=False) as catalog:
        return catalog.entries()


def _lookup(catalog: Catalog, key: str) -> CatalogEntry:
    entry = catalog.find(key)
    if entry is None:
        raise OutputError(f"no episode {key!r} in the catalog; 'roundup-podcast episodes list' shows dates and GUIDs")
    return entry


def find_episode(key: str, config: Config) -> CatalogEntry:
    """An episode by GUID, date or audio file name."""
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

