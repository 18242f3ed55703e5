"""The RSS feed: feedgen with its iTunes extension plus our small standards extension.

feedgen 1.0 writes `itunes:explicit` only as yes/no/clean and knows no Podcasting 2.0
tags, so `StandardsExtension` adds `itunes:explicit` true/false, `podcast:guid`,
`podcast:locked`, `podcast:chapters` and `podcast:transcript`, and puts each item's
HTML description in CDATA. The feed depends only on the catalog and the config
(lastBuildDate is the newest episode's date), so publishing twice gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from ..config import ShowConfig
from .catalog import CatalogEntry
from .html import notes_html

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
"""The Podcast Index namespace for podcast:guid."""
FEED_NAME = "feed.xml"
GENERATOR = "roundup-podcast"
TRANSCRIPT_TYPES = {"transcript_vtt": "text/vtt", "transcript_srt": "application/x-subrip"}


def feed_guid(feed_url: str) -> str:
    """podcast:guid: UUIDv5 of the feed URL without scheme and trailing slashes.

    >>> feed_guid("https://podnews.net/rss")
    '9b024349-ccf0-5f69-a609-6b82873eab3c'
    """
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(FEED_GUID_NAMESPACE, bare))


def audio_type(name: str) -> str:
    """The enclosure MIME type Apple expects for an audio file name.

    >>> audio_type("2026-11-25-show.m4a")
    'audio/x-m4a'
    """
    return "audio/x-m4a" if name.lower().endswith((".m4a", ".aac")) else "audio/mpeg"


def publication_time(date: dt.date) -> dt.datetime:
    """An episode's pubDate: midnight UTC of its digest date (stable across re-makes)."""
    return dt.datetime.combine(date, dt.time(0, 0), tzinfo=dt.timezone.utc)


@dataclass(frozen=True)
class EpisodeLinks:
    """Where an episode's files are served, as absolute URLs."""

    page: str
    audio: str
    chapters: str | None = None
    transcripts: tuple[tuple[str, str], ...] = ()
    """(url, MIME type) per transcript format."""
    cover: str | None = None
    """The episode's own cover image, when it has one."""


def _sub(parent: etree._Element, namespace: str, name: str, text: str | None = None, **attrs: str) -> None:
    element = etree.SubElement(parent, f"{{{namespace}}}{name}", attrs)
    element.text = text


class StandardsExtension(BaseExtension):
    """Channel tags feedgen lacks (set by `FeedWriter`)."""

    def __init__(self) -> None:
        self.explicit = False
        self.guid = ""
        self.locked = True
        self.owner = ""
        self.hub = ""

    def extend_ns(self) -> dict[str, str]:
        return {"itunes": ITUNES_NS, "podcast": PODCAST_NS, "atom": ATOM_NS}

    def extend_rss(self, feed: etree._Element) -> etree._Element:
        channel = feed[0]
        if self.hub:  # WebSub: subscribers learn where to hear of updates
            _sub(channel, ATOM_NS, "link", href=self.hub, rel="hub")
        _sub(channel, ITUNES_NS, "explicit", "true" if self.explicit else "false")
        _sub(channel, PODCAST_NS, "guid", self.guid)
        _sub(channel, PODCAST_NS, "locked", "yes" if self.locked else "no", **({"owner": self.owner} if self.owner else {}))
        return feed


class StandardsEntryExtension(BaseEntryExtension):
    """Item tags feedgen lacks, and the description as CDATA."""

    def __init__(self) -> None:
        self.html = ""
        self.chapters: str | None = None
        self.transcripts: tuple[tuple[str, str], ...] = ()

    def extend_rss(self, item: etree._Element) -> etree._Element:
        description = item.find("description")
        if description is not None:
            description.text = etree.CDATA(self.html)
        for url, mime in self.transcripts:
            _sub(item, PODCAST_NS, "transcript", url=url, type=mime)
        if self.chapters:
            _sub(item, PODCAST_NS, "chapters", url=self.chapters, type="application/json+chapters")
        return item


def build_feed(
    show: ShowConfig, show_title: str, feed_url: str, site_url: str, cover_url: str | None,
    episodes: list[tuple[CatalogEntry, EpisodeLinks]], hub: str = "",
) -> bytes:
    """The RSS document for `episodes` (newest first), as UTF-8 bytes; `hub` is a WebSub hub to name."""
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension("standards", StandardsExtension, StandardsEntryExtension)
    fg.title(show_title)
    fg.description(show.description)
    fg.link(href=feed_url, rel="self", type="application/rss+xml")
    fg.link(href=site_url, rel="alternate")  # feedgen takes <link> from the last call
    fg.language(show.language)
    if show.copyright:
        fg.copyright(show.copyright)
    fg.generator(GENERATOR)
    fg.docs("")  # feedgen's default <docs> is a URL outside the base URL; RSS makes it optional
    newest = episodes[0][0].date if episodes else dt.date(2000, 1, 1)
    fg.lastBuildDate(publication_time(newest))
    fg.podcast.itunes_author(show.author)
    if show.email:
        fg.podcast.itunes_owner(name=show.owner_name or show.author, email=show.email)
    if cover_url:
        fg.podcast.itunes_image(cover_url)
        fg.image(url=cover_url, title=show_title, link=site_url)
    category = {"cat": show.category, **({"sub": show.subcategory} if show.subcategory else {})}
    fg.podcast.itunes_category(category)
    fg.podcast.itunes_type("episodic")
    fg.standards.explicit = show.explicit
    fg.standards.guid = feed_guid(feed_url)
    fg.standards.locked = show.locked
    fg.standards.owner = show.email
    fg.standards.hub = hub
    for entry, links in episodes:
        item = fg.add_entry(order="append")
        html = notes_html(entry.notes)
        item.guid(entry.guid, permalink=False)
        item.title(entry.title)
        item.link(href=links.page)
        item.description(html)
        item.content(html, type="CDATA")
        item.enclosure(links.audio, str(entry.size), audio_type(entry.audio))
        item.pubDate(publication_time(entry.date))
        item.podcast.itunes_duration(round(entry.seconds))
        item.podcast.itunes_episode_type("full")
        if entry.season:
            item.podcast.itunes_season(entry.season)
        if entry.episode:
            item.podcast.itunes_episode(entry.episode)
        if links.cover:
            item.podcast.itunes_image(links.cover)
        item.standards.html = html
        item.standards.chapters = links.chapters
        item.standards.transcripts = links.transcripts
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)
