"""The feed as real consumers read it (feedparser, podcastparser), and golden feeds.

Golden cases: each digest `tests/data/feed/<name>.txt` is published on two dates
(the newer with chapters and transcript files, the older without) with stand-in
audio of known length; the feed must equal `<name>.xml` byte for byte.
UPDATE_GOLDEN=1 rewrites the expected files.
"""

from __future__ import annotations

import dataclasses
import email.utils
import io
import re
import uuid
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree

from conftest import UPDATE
from podcast.publish.feed import feed_guid
from publishing import BASE, DATA, golden_config, publish_digest, unhashed

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"


CASES = sorted((DATA / "feed").glob("*.txt"))
EXAMPLE_CASE = DATA / "feed" / "daily-tech-roundup.txt"


@pytest.mark.parametrize("digest", CASES, ids=lambda p: p.name)
def test_feed_golden(digest: Path, tmp_path: Path) -> None:
    actual = publish_digest(digest, tmp_path / "out").read_bytes()
    expected = digest.with_suffix(".xml")
    if UPDATE or not expected.exists():
        expected.write_bytes(actual)
        if not UPDATE:
            pytest.fail(f"wrote missing golden file {expected}; review it and commit")
    assert actual.decode() == expected.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def feed_bytes(tmp_path_factory) -> bytes:
    return publish_digest(EXAMPLE_CASE, tmp_path_factory.mktemp("feed") / "out").read_bytes()


def test_feedparser_reads_it_without_complaint(feed_bytes: bytes) -> None:
    feed = feedparser.parse(feed_bytes)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert feed.feed.title == "Daily Tech Roundup"
    assert feed.feed.link == BASE
    assert feed.feed.language == "en-us"
    assert feed.feed.image.href.startswith(BASE + "media/cover-")
    assert feed.feed.tags[0].term == "News"
    assert feed.feed.author_detail.email == "podcast@example.com"
    newest, older = feed.entries
    assert newest.published_parsed[:3] == (2026, 11, 25)
    assert newest.id != older.id
    assert newest.enclosures[0].type == "audio/mpeg"
    assert newest.enclosures[0].length == str(256 * 41)
    assert "<li>" in newest.summary and "<ol>" in newest.content[0].value


def test_podcastparser_keeps_title_enclosure_length_duration_and_guid(feed_bytes: bytes) -> None:
    parsed = podcastparser.parse(BASE + "feed.xml", io.BytesIO(feed_bytes))
    assert parsed["title"] == "Daily Tech Roundup"
    newest, older = parsed["episodes"]
    assert newest["title"].startswith("EV Battery Startups Spearhead Race for Solid-State, TikTok")
    assert {**newest["enclosures"][0], "url": unhashed(newest["enclosures"][0]["url"])} == {"url": BASE + "media/2026-11-25-show.mp3", "file_size": 256 * 41, "mime_type": "audio/mpeg"}
    assert older["enclosures"][0]["file_size"] == 256 * 40
    assert newest["total_time"] > 60
    assert uuid.UUID(newest["guid"]) and newest["guid"] != older["guid"]
    assert newest["published"] > older["published"]
    assert "<li>EV battery startups take the driver’s seat in the race for solid-state</li>" in newest["description_html"]


def test_standard_tags_are_spelled_as_apple_and_podcast_index_want(feed_bytes: bytes) -> None:
    channel = etree.fromstring(feed_bytes).find("channel")
    assert channel.findtext(f"{ITUNES}explicit") == "false"
    assert channel.find(f"{ITUNES}category").get("text") == "News"
    assert channel.find(f"{ITUNES}category/{ITUNES}category").get("text") == "Tech News"
    assert channel.findtext(f"{PODCAST}guid") == feed_guid(BASE + "feed.xml")
    assert channel.find(f"{PODCAST}locked").get("owner") == "podcast@example.com"
    assert channel.find("{http://www.w3.org/2005/Atom}link").get("href") == BASE + "feed.xml"
    newest, older = channel.findall("item")
    assert newest.find("guid").get("isPermaLink") == "false"
    assert newest.findtext(f"{ITUNES}duration").isdigit()
    transcripts = {t.get("type"): unhashed(t.get("url")) for t in newest.findall(f"{PODCAST}transcript")}
    assert transcripts == {"text/vtt": BASE + "media/2026-11-25-show.vtt", "application/x-subrip": BASE + "media/2026-11-25-show.srt"}
    chapters = newest.find(f"{PODCAST}chapters")
    assert (unhashed(chapters.get("url")), chapters.get("type")) == (BASE + "media/2026-11-25-show.chapters.json", "application/json+chapters")
    assert older.find(f"{PODCAST}chapters") is None and older.find(f"{PODCAST}transcript") is None
    for item in (newest, older):
        date = item.findtext("pubDate")
        assert date.split(",")[0] == email.utils.parsedate_to_datetime(date).strftime("%a")
    assert b"<description><![CDATA[<p>" in feed_bytes
    assert all(url.startswith(BASE) for url in _urls(feed_bytes))


def _urls(feed_bytes: bytes) -> list[str]:
    """Every URL in the feed except the namespace declarations."""
    root = etree.fromstring(feed_bytes)
    namespaces = set(root.nsmap.values())
    text = feed_bytes.decode()
    return [url for url in re.findall(r"https?://[^\s\"'<]+", text) if url not in namespaces]


def test_explicit_show_says_true(tmp_path: Path) -> None:
    output = tmp_path / "out"
    config = golden_config(output)
    explicit = dataclasses.replace(config, show=dataclasses.replace(config.show, explicit=True, locked=False))
    publish_digest(EXAMPLE_CASE, output)
    from podcast.publish import publish

    channel = etree.fromstring(publish(explicit).feed.read_bytes()).find("channel")
    assert channel.findtext(f"{ITUNES}explicit") == "true"
    assert channel.findtext(f"{PODCAST}locked") == "no"


def test_feed_guid_matches_the_podcast_index_example() -> None:
    assert feed_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert feed_guid("http://podnews.net/rss/") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
