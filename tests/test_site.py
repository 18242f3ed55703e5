"""The show website: valid, escaped, served with ranges, and seen by headless Chromium."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import urllib.request
from pathlib import Path

import html5lib
import pytest

from podcast.publish.serve import make_server, parse_range
from lxml import etree

from podcast.models import Chapter, ShowNotes
from podcast.publish.catalog import CatalogEntry
from podcast.publish.site import publish_site
from publishing import DATA, DATES, PublishedShow, golden_config, publish_digest, require_tool, served

XHTML = "{http://www.w3.org/1999/xhtml}"


def _parse(path: Path):
    """Parse strictly as HTML5: any parse error fails the test."""
    return html5lib.HTMLParser(strict=True).parse(path.read_bytes())


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("site") / "out"
    publish_digest(DATA / "feed" / "escaping.txt", output)
    return output / "site"


def test_every_page_is_valid_html(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert [p.relative_to(hostile_site).as_posix() for p in pages] == [
        "episodes/2026-11-24-show.html", "episodes/2026-11-25-show.html", "index.html",
    ]
    for page in pages:
        document = _parse(page)
        assert document.get("lang") == "en-us"
        assert document.find(f"{XHTML}head/{XHTML}title").text


HOSTILE = '</title><script>alert("x")</script> & ]]> <img src=x onerror=alert(1)>'


def test_nothing_from_a_digest_becomes_markup(tmp_path: Path) -> None:
    """Markup in any digest-made field (title, notes, chapters, transcript) is shown as text."""
    output = tmp_path / "out"
    output.mkdir()
    (output / "e.mp3").write_bytes(b"\xff\xfb" * 100)
    (output / "e.vtt").write_text(f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Anchor>{HOSTILE.replace('&', '&amp;')}\n")
    entry = CatalogEntry(
        guid="g", show=HOSTILE, date=dt.date(2026, 11, 25), title=HOSTILE,
        notes=ShowNotes(HOSTILE, (HOSTILE,), (HOSTILE,)), audio="e.mp3", size=200, seconds=1.0,
        chapters=(Chapter(HOSTILE, 0.0, 1.0),), transcript_vtt="e.vtt",
    )
    config = dataclasses.replace(golden_config(output), show=dataclasses.replace(golden_config(output).show, cover=None))
    published = publish_site([entry], config)
    for page in sorted(published.site.rglob("*.html")):
        document = _parse(page)
        assert document.findall(f".//{XHTML}script") == [], page
        assert document.findall(f".//{XHTML}img") == [], page
        assert document.find(f"{XHTML}head/{XHTML}title").text.startswith(HOSTILE), page
        assert "".join(document.itertext()).count(HOSTILE) >= (5 if page.parent.name == "episodes" else 2), page
    item = etree.fromstring(published.feed.read_bytes()).find("channel/item")
    assert item.findtext("title") == HOSTILE
    notes = html5lib.parseFragment(item.findtext("description"))
    assert not list(notes.iter(f"{XHTML}script")) and not list(notes.iter(f"{XHTML}img"))
    assert HOSTILE in "".join(notes.itertext())


def test_digest_text_that_looks_like_markup_is_escaped(hostile_site: Path) -> None:
    index = _parse(hostile_site / "index.html")
    titles = [a.text for a in index.iter(f"{XHTML}a") if a.get("href", "").startswith("episodes/")]
    assert len(titles) == 2 and "]]>" in titles[0]
    page = "".join(_parse(hostile_site / "episodes" / "2026-11-25-show.html").itertext())
    assert "A bullet with &lt;img src=x onerror=alert(1)&gt; inside." in page
    assert "AT&T says 1 < 2" in page


def test_index_has_a_player_per_episode_and_works_without_javascript(hostile_site: Path) -> None:
    index = _parse(hostile_site / "index.html")
    players = index.findall(f".//{XHTML}audio")
    assert [p.get("src") for p in players] == ["media/2026-11-25-show.mp3", "media/2026-11-24-show.mp3"]
    assert all(p.get("controls") is not None for p in players)
    assert all(p.find(f"{XHTML}a").get("href") == p.get("src") for p in players)  # a download link without audio support


def test_episode_page_has_notes_chapters_transcript_and_files(hostile_site: Path) -> None:
    page = _parse(hostile_site / "episodes" / "2026-11-25-show.html")
    headings = [h.text for h in page.iter(f"{XHTML}h2")]
    assert headings == ["Show notes", "Chapters", "Transcript", "Files"]
    text = "".join(page.itertext())
    assert "Heading with tags & ]]> in it: x < y" in text
    assert "Anchor: Good morning." in " ".join(text.split())
    links = [a.get("href") for a in page.iter(f"{XHTML}a")]
    assert "../media/2026-11-25-show.vtt" in links and "../media/2026-11-25-show.chapters.json" in links
    older = _parse(hostile_site / "episodes" / "2026-11-24-show.html")
    assert [h.text for h in older.iter(f"{XHTML}h2")] == ["Show notes", "Chapters"]


def test_cover_is_served_under_a_content_name(hostile_site: Path) -> None:
    (cover,) = (hostile_site / "media").glob("cover-*.png")
    assert cover.read_bytes() == (DATA / "feed" / "cover.png").read_bytes()


def _request(url: str, method: str = "GET", **headers: str):
    request = urllib.request.Request(url, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_server_answers_head_ranges_and_mime_types(hostile_site: Path) -> None:
    import threading

    server = make_server(hostile_site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}/"
    audio = (hostile_site / "media" / "2026-11-25-show.mp3").read_bytes()
    try:
        status, headers, body = _request(base + "media/2026-11-25-show.mp3", "HEAD")
        assert (status, headers["Content-Type"], int(headers["Content-Length"]), body) == (200, "audio/mpeg", len(audio), b"")
        assert headers["Accept-Ranges"] == "bytes"
        status, headers, body = _request(base + "media/2026-11-25-show.mp3", Range="bytes=100-199")
        assert (status, headers["Content-Range"], body) == (206, f"bytes 100-199/{len(audio)}", audio[100:200])
        status, headers, body = _request(base + "media/2026-11-25-show.mp3", Range="bytes=-50")
        assert (status, body) == (206, audio[-50:])
        status, headers, _ = _request(base + "media/2026-11-25-show.mp3", Range=f"bytes={len(audio)}-")
        assert (status, headers["Content-Range"]) == (416, f"bytes */{len(audio)}")
        status, headers, body = _request(base + "media/2026-11-25-show.mp3", "HEAD", Range="bytes=0-9")
        assert (status, headers["Content-Length"], body) == (206, "10", b"")
        types = {name: _request(base + name, "HEAD")[1]["Content-Type"] for name in
                 ["feed.xml", "index.html", "style.css", "media/2026-11-25-show.vtt", "media/2026-11-25-show.chapters.json"]}
        assert types == {
            "feed.xml": "application/rss+xml", "index.html": "text/html; charset=utf-8", "style.css": "text/css; charset=utf-8",
            "media/2026-11-25-show.vtt": "text/vtt", "media/2026-11-25-show.chapters.json": "application/json",
        }
        assert _request(base + "missing.mp3")[0] == 404
    finally:
        server.shutdown()
        server.server_close()


def test_parse_range_refuses_what_it_cannot_serve() -> None:
    assert parse_range("bytes=0-", 0) is None
    assert parse_range("bytes=0-1,5-6", 10) is None  # multiple ranges: served whole instead
    assert parse_range("items=0-1", 10) is None
    assert parse_range("bytes=5-500", 10) == (5, 9)


def test_serve_without_a_site_says_to_publish(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from podcast.cli import app

    result = CliRunner().invoke(app, ["serve", "--output", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (1, f"Error: nothing published in {tmp_path / 'site'}; run 'roundup-podcast publish' first\n")


def test_headless_chromium_shows_a_player_per_episode(published_show: PublishedShow, tmp_path: Path) -> None:
    chromium = require_tool("chromium", "chromium")
    with served(published_show.config, published_show.port) as log:
        result = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
             "--autoplay-policy=no-user-gesture-required", "--virtual-time-budget=5000",
             "--dump-dom", f"http://127.0.0.1:{published_show.port}/index.html"],
            capture_output=True, text=True, timeout=120,
        )
        requests = log.read_text()
    assert result.returncode == 0, result.stderr[-2000:]
    document = html5lib.parse(result.stdout)
    players = document.findall(f".//{XHTML}audio")
    assert [p.get("src") for p in players] == [f"media/{d}-morning-brief.mp3" for d in reversed(DATES)]
    assert all(p.get("controls") is not None for p in players)
    for date in DATES:  # each player fetched its episode's metadata from the server
        assert f"GET /media/{date}-morning-brief.mp3 HTTP/1.1\" 20" in requests, requests
