"""The show website: valid, escaped, served with ranges, and seen by headless Chromium."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import urllib.request
from pathlib import Path

import html5lib
import pytest

from podcast.publish.serve import make_server, parse_range
from lxml import etree

from podcast.config import load_config
from podcast.models import Chapter, ShowNotes
from podcast.publish import find_episode
from podcast.publish.catalog import CatalogEntry
from podcast.publish.site import publish_site
from publishing import DATA, DATES, PublishedShow, copy_show, golden_config, media_path, publish_digest, require_tool, served

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
        "embed/2026-11-24-show.html", "embed/2026-11-25-show.html",
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
        scripts = document.findall(f".//{XHTML}script")  # only the player's own, inline, with no digest text
        assert all(s.get("src") is None and "alert" not in (s.text or "") for s in scripts), page
        assert len(scripts) == (0 if page.name == "index.html" else 1), page
        assert document.findall(f".//{XHTML}img") == [], page
        assert HOSTILE in document.find(f"{XHTML}head/{XHTML}title").text, page
        assert "".join(document.itertext()).count(HOSTILE) >= (2 if page.name == "index.html" else 5), page
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
    assert "A bullet with <img src=x onerror=alert(1)> inside." in page  # the entities are read, the markup shown
    assert "AT&T says 1 < 2" in page


def test_index_has_a_player_per_episode_and_works_without_javascript(hostile_site: Path) -> None:
    index = _parse(hostile_site / "index.html")
    players = index.findall(f".//{XHTML}audio")
    assert [p.get("src") for p in players] == [media_path(hostile_site.parent / f"2026-11-2{d}-show.mp3") for d in (5, 4)]
    assert all(p.get("controls") is not None for p in players)
    assert all(p.find(f"{XHTML}a").get("href") == p.get("src") for p in players)  # a download link without audio support


def test_episode_page_has_notes_chapters_transcript_and_files(hostile_site: Path) -> None:
    page = _parse(hostile_site / "episodes" / "2026-11-25-show.html")
    headings = [h.text for h in page.iter(f"{XHTML}h2")]
    assert headings == ["Show notes", "Chapters", "Transcript", "Files"]
    text = "".join(page.itertext())
    assert "Heading with tags & ]]> in it: x < y" in text
    assert "0:00Anchor: Good morning." in " ".join(text.split())
    links = [a.get("href") for a in page.iter(f"{XHTML}a")]
    for name in ("2026-11-25-show.vtt", "2026-11-25-show.chapters.json"):
        assert "../" + media_path(hostile_site.parent / name) in links
    assert "../embed/2026-11-25-show.html" in links
    older = _parse(hostile_site / "episodes" / "2026-11-24-show.html")
    assert [h.text for h in older.iter(f"{XHTML}h2")] == ["Show notes", "Chapters", "Files"]


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
    mp3, vtt, chapters = (media_path(hostile_site.parent / f"2026-11-25-show{s}") for s in (".mp3", ".vtt", ".chapters.json"))
    audio = (hostile_site / mp3).read_bytes()
    try:
        status, headers, body = _request(base + mp3, "HEAD")
        assert (status, headers["Content-Type"], int(headers["Content-Length"]), body) == (200, "audio/mpeg", len(audio), b"")
        assert headers["Accept-Ranges"] == "bytes"
        status, headers, body = _request(base + mp3, Range="bytes=100-199")
        assert (status, headers["Content-Range"], body) == (206, f"bytes 100-199/{len(audio)}", audio[100:200])
        status, headers, body = _request(base + mp3, Range="bytes=-50")
        assert (status, body) == (206, audio[-50:])
        status, headers, _ = _request(base + mp3, Range=f"bytes={len(audio)}-")
        assert (status, headers["Content-Range"]) == (416, f"bytes */{len(audio)}")
        status, headers, body = _request(base + mp3, "HEAD", Range="bytes=0-9")
        assert (status, headers["Content-Length"], body) == (206, "10", b"")
        types = {name: _request(base + name, "HEAD")[1]["Content-Type"] for name in
                 ["feed.xml", "index.html", "style.css", vtt, chapters]}
        assert types == {
            "feed.xml": "application/rss+xml", "index.html": "text/html; charset=utf-8", "style.css": "text/css; charset=utf-8",
            vtt: "text/vtt", chapters: "application/json+chapters",
        }
        assert _request(base + "missing.mp3")[0] == 404
    finally:
        server.shutdown()
        server.server_close()


def test_server_shrugs_off_bad_requests(hostile_site: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Unparsable and multi-range Range headers get the whole file; huge headers get 431;
    a client that hangs up mid-file costs nothing; none of it prints a traceback."""
    import socket
    import threading

    server = make_server(hostile_site, port=0, verbose=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    mp3 = media_path(hostile_site.parent / "2026-11-25-show.mp3")
    audio = (hostile_site / mp3).read_bytes()
    try:
        for header in ["bytes=0-1,5-6", "bytes=0-" + "9" * 5000, "bytes=a-b", "pages=1-2", "bytes=--1"]:
            status, headers, body = _request(base + mp3, Range=header)
            assert (status, body) == (200, audio), header
        assert _request(base + "feed.xml", **{"X-Big": "a" * 20000})[0] == 431
        assert _request(base + "feed.xml", **{f"X-{n}": "a" * 1000 for n in range(30)})[0] == 431
        with socket.create_connection(("127.0.0.1", server.server_port)) as client:
            client.sendall(f"GET /{mp3} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            client.recv(10)
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        assert _request(base + "feed.xml")[0] == 200  # still serving
    finally:
        server.shutdown()
        server.server_close()
    assert "Traceback" not in capfd.readouterr().err


def test_parse_range_refuses_what_it_cannot_serve() -> None:
    assert parse_range("bytes=0-", 0) is None
    assert parse_range("bytes=0-1,5-6", 10) is False  # multiple ranges: served whole instead
    assert parse_range("items=0-1", 10) is False
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
    audio = [media_path(published_show.output / f"{d}-morning-brief.mp3") for d in reversed(DATES)]
    assert [p.get("src") for p in players] == audio
    assert all(p.get("controls") is not None for p in players)
    for path in audio:  # each player fetched its episode's metadata from the server
        assert f"GET /{path} HTTP/1.1\" 20" in requests, requests


def _seek_controls(document, under: str) -> list:
    return [c for c in document.iterfind(f".//{XHTML}{under}//{XHTML}button") if c.get("data-start") is not None]


def test_chapters_and_transcript_paragraphs_are_seek_controls_split_per_story(published_show: PublishedShow) -> None:
    """On the episode page and the player: a button per chapter and per paragraph, each with its
    start in seconds; the transcript has one heading per chapter, paragraphs under the chapter they start in."""
    site = published_show.output / "site"
    name = f"{DATES[-1]}-morning-brief"
    entry = find_episode(DATES[-1], load_config(published_show.config))
    for page in (site / "episodes" / f"{name}.html", site / "embed" / f"{name}.html"):
        document = _parse(page)
        chapters = _seek_controls(document, "ol")
        assert [float(c.get("data-start")) for c in chapters] == [round(c.start, 3) for c in entry.chapters], page
        assert [c.get("type") for c in chapters] == ["button"] * len(chapters)
        transcript = document.find(f".//{XHTML}*[@id='transcript']") if "embed" in page.parts else document.findall(f".//{XHTML}section")[2]
        headings = [h.text for h in transcript.iter(f"{XHTML}h3")]
        assert headings == [c.title for c in entry.chapters], page
        for chapter, next_start in zip(entry.chapters, [c.start for c in entry.chapters[1:]] + [entry.seconds]):
            section = _section_after(transcript, chapter.title)
            starts = [float(p.get("data-start")) for p in section]
            assert starts and all(chapter.start - 0.05 <= s < next_start for s in starts), (chapter, starts)
        speakers = [b.text for b in transcript.iter(f"{XHTML}span") if b.get("class") == "speaker"]
        assert set(speakers) == {"Anchor:", "Reporter:"}


def _section_after(transcript, title: str) -> list:
    """The paragraph buttons between the heading `title` and the next heading."""
    found, inside = [], False
    for element in transcript.iter():
        if element.tag == f"{XHTML}h3":
            inside = element.text == title
        elif inside and element.tag == f"{XHTML}button" and element.get("data-start"):
            found.append(element)
    return found


def test_player_page_loads_nothing_but_its_audio(published_show: PublishedShow) -> None:
    """Self-contained: inline style and script only, named by hash in its Content-Security-Policy."""
    import base64
    import hashlib

    page = published_show.output / "site" / "embed" / f"{DATES[-1]}-morning-brief.html"
    document = _parse(page)
    sources = [e.get(attr) for e in document.iter() for attr in ("src", "href") if e.get(attr)]
    assert all(not s.startswith(("http:", "https:", "//")) for s in sources), sources
    assert document.findall(f".//{XHTML}link") == []
    (script,) = document.iter(f"{XHTML}script")
    (style,) = document.iter(f"{XHTML}style")
    (policy,) = [m.get("content") for m in document.iter(f"{XHTML}meta") if m.get("http-equiv") == "Content-Security-Policy"]
    digest = lambda text: base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()  # noqa: E731
    assert f"script-src 'sha256-{digest(script.text)}'" in policy and f"style-src 'sha256-{digest(style.text)}'" in policy
    assert policy.startswith("default-src 'none';") and "media-src 'self'" in policy
    assert document.find(f".//{XHTML}p[@class='label']").text == "Listen to the full version"
    (audio,) = document.iter(f"{XHTML}audio")  # without JavaScript: the browser's own player, the transcript open
    assert audio.get("controls") is not None
    assert audio.get("src").startswith("../media/") and audio.get("src").endswith(f"/{DATES[-1]}-morning-brief.mp3")
    assert document.find(f".//{XHTML}div[@id='controls']").get("hidden") is not None
    assert document.find(f".//{XHTML}section[@id='transcript']").get("hidden") is None


def test_embed_snippet_formats(published_show: PublishedShow, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from podcast.cli import app

    show = copy_show(published_show, tmp_path / "show")
    config = show.config.read_text(encoding="utf-8").replace(
        'player_label = "Listen to the full version"', 'player_label = "Hear it & more"'
    )
    show.config.write_text(config, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["publish", "--config", str(show.config)]).exit_code == 0
    base = f"http://127.0.0.1:{show.port}/"
    name = f"{DATES[-1]}-morning-brief"
    embed = lambda *args: runner.invoke(app, ["episodes", "embed", DATES[-1], "--config", str(show.config), *args])  # noqa: E731

    html = embed().stdout
    fragment = html5lib.parseFragment(html)
    (frame,) = fragment.iter(f"{XHTML}iframe")
    assert frame.get("src") == f"{base}embed/{name}.html" and frame.get("title") == "Hear it & more: Chips and Trains"
    inner = html5lib.parseFragment(frame.text)  # what a page that drops the frame still shows
    (audio,) = inner.iter(f"{XHTML}audio")
    assert audio.get("src") == base + media_path(show.output / f"{name}.mp3") and audio.find(f"{XHTML}a").get("href") == audio.get("src")
    assert "Hear it &amp; more" in html

    markdown = embed("--format", "markdown").stdout
    assert markdown.startswith(f"[Hear it & more: Chips and Trains (") and f"]({base}episodes/{name}.html)" in markdown
    data = json.loads(embed("--format", "json").stdout)
    assert (data["type"], data["player_url"], data["html"]) == ("rich", f"{base}embed/{name}.html", html.strip())
    page = _parse(show.output / "site" / "embed" / f"{name}.html")
    assert page.find(f".//{XHTML}p[@class='label']").text == "Hear it & more"

    wrong = embed("--format", "bbcode")
    assert (wrong.exit_code, wrong.stderr) == (1, "Error: --format 'bbcode' is not a snippet format; choose one of: html, markdown, json\n")
    missing = runner.invoke(app, ["episodes", "embed", "1999-01-01", "--config", str(show.config)])
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: no episode '1999-01-01' in the catalog")
