"""The feed as real consumers read it (feedparser, podcastparser), and golden feeds.

Golden cases: each digest `tests/data/feed/<name>.txt` is published on two dates
(the newer with chapters and transcript files, the older without) with stand-in
audio of known length; the feed must equal `<name>.xml` byte for byte.
UPDATE_GOLDEN=1 rewrites the expected files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import io
import uuid
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree

from conftest import UPDATE
from podcast.config import Config, ShowConfig
from podcast.digest import read_digest
from podcast.models import Chapter
from podcast.pipeline import estimate, make_script
from podcast.publish import catalog_entry, notes_from_digest, publish_episode
from podcast.publish.feed import feed_guid
from podcast.models import Episode
from publishing import COVER, DATA

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
BASE = "https://example.com/podcast/"


def _golden_config(output: Path) -> Config:
    show = ShowConfig(
        title="", author="The Newsroom", description="Tech news, read aloud every morning.", language="en-us",
        owner_name="Newsroom Desk", email="podcast@example.com", category="News", subcategory="Tech News",
        base_url=BASE, cover=COVER, copyright="© 2026 The Newsroom",
    )
    return Config(show=show, output_dir=output)


def publish_digest(digest: Path, output: Path) -> Path:
    """Publish `digest` on two dates with stand-in audio; return the feed path."""
    config = _golden_config(output)
    output.mkdir(parents=True, exist_ok=True)
    for n, date in enumerate([dt.date(2026, 11, 24), dt.date(2026, 11, 25)]):
        script = make_script(digest, config, date)
        stem = f"{date.isoformat()}-show"
        audio = output / f"{stem}.mp3"
        audio.write_bytes(bytes(range(256)) * (40 + n))
        estimates = estimate(script, config)
        starts = [sum(e.seconds for e in estimates[:i]) for i in range(len(estimates) + 1)]
        chapters = tuple(Chapter(e.title, round(a, 3), round(b, 3)) for e, a, b in zip(estimates, starts, starts[1:]))
        episode = Episode(audio, script.title, date, starts[-1], audio.stat().st_size, chapters)
        side = {}
        if n == 1:
            for key, suffix, text in [
                ("chapters_file", ".chapters.json", '{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}]}'),
                ("transcript_vtt", ".vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Anchor>Good morning.\n"),
                ("transcript_srt", ".srt", "1\n00:00:00,000 --> 00:00:02,000\nGood morning.\n"),
            ]:
                side[key] = output / f"{stem}{suffix}"
                side[key].write_text(text, encoding="utf-8")
        publish_episode(catalog_entry(episode, script.show, notes_from_digest(read_digest(digest)), side), config)
    return output / "site" / "feed.xml"


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
    assert newest["enclosures"][0] == {"url": BASE + "media/2026-11-25-show.mp3", "file_size": 256 * 41, "mime_type": "audio/mpeg"}
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
    transcripts = {t.get("type"): t.get("url") for t in newest.findall(f"{PODCAST}transcript")}
    assert transcripts == {"text/vtt": BASE + "media/2026-11-25-show.vtt", "application/x-subrip": BASE + "media/2026-11-25-show.srt"}
    chapters = newest.find(f"{PODCAST}chapters")
    assert (chapters.get("url"), chapters.get("type")) == (BASE + "media/2026-11-25-show.chapters.json", "application/json+chapters")
    assert older.find(f"{PODCAST}chapters") is None and older.find(f"{PODCAST}transcript") is None
    for item in (newest, older):
        date = item.findtext("pubDate")
        assert date.split(",")[0] == email.utils.parsedate_to_datetime(date).strftime("%a")
    assert b"<description><![CDATA[<p>" in feed_bytes
    assert all(url.startswith(BASE) for url in _urls(feed_bytes))


def _urls(feed_bytes: bytes) -> list[str]:
    root = etree.fromstring(feed_bytes)
    return [v for e in root.iter() for k, v in e.attrib.items() if k in ("href", "url")] + [e.text for e in root.iter("link")]


def test_explicit_show_says_true(tmp_path: Path) -> None:
    output = tmp_path / "out"
    config = _golden_config(output)
    explicit = dataclasses.replace(config, show=dataclasses.replace(config.show, explicit=True, locked=False))
    publish_digest(EXAMPLE_CASE, output)
    from podcast.publish import publish

    channel = etree.fromstring(publish(explicit).feed.read_bytes()).find("channel")
    assert channel.findtext(f"{ITUNES}explicit") == "true"
    assert channel.findtext(f"{PODCAST}locked") == "no"


def test_feed_guid_matches_the_podcast_index_example() -> None:
    assert feed_guid("https://podnews.net/rss") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
    assert feed_guid("http://podnews.net/rss/") == "9b024349-ccf0-5f69-a609-6b82873eab3c"
