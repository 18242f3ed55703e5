"""Hostile and oversized digests: refused in one line, or read with nothing invisible and no markup spoken."""

from __future__ import annotations

import json
from pathlib import Path

from podcast.cli import app
from podcast.digest import read_digest
from podcast.digest.formats import detect_format

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol9 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<rss version="2.0"><channel><title>Evil &lol9; News</title>
<item><title>Grid &lol9; upgrade &#x202E;gnp.exe</title>
<description>The grid operator &lol9; approved the upgrade. Work starts in May.</description></item>
<item><title>Rail&#x200B; strike ends</title><description>Trains run again &amp; on time from Monday.</description></item>
</channel></rss>
"""


def test_a_digest_over_the_size_limit_is_refused_before_any_work(runner, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Title\n\n**Story**\n" + "Words of the story. " * 120_000)  # 2.29 MB
    result = runner.invoke(app, ["make", str(big), "--output", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: {big} is 2.29 MB, over the 2 MB a digest may be; split it, or raise [script] max_digest_mb in podcast.toml"
    ]
    assert not (tmp_path / "out").exists()
    small = tmp_path / "small.txt"
    small.write_text("Title\n\n**Story**\n" + "Words of the story. " * 600)  # 12 KB
    (tmp_path / "podcast.toml").write_text("[script]\nmax_digest_mb = 0.01\n")
    result = runner.invoke(app, ["preview", str(small), "--config", str(tmp_path / "podcast.toml")])
    assert result.exit_code == 1 and "is 0.0115 MB, over the 0.01 MB a digest may be" in result.stderr


def test_a_feed_with_a_doctype_is_read_as_a_feed_and_entities_are_never_spoken(runner, tmp_path: Path) -> None:
    path = tmp_path / "evil.xml"
    path.write_text(BILLION_LAUGHS)
    assert detect_format(BILLION_LAUGHS).name == "rss"
    result = runner.invoke(app, ["preview", str(path), "--format", "json", "--date", "2026-11-25"])
    assert result.exit_code == 0, result.output
    script = json.loads(result.stdout)
    spoken = " ".join(s["text"] for s in script["segments"])
    assert "The grid operator approved the upgrade." in spoken
    assert "Trains run again and on time" in spoken
    assert "lol" not in spoken.lower() and "&" not in spoken and "xml" not in spoken.lower()


def test_bidi_overrides_and_invisible_characters_never_reach_script_or_feed(tmp_path: Path) -> None:
    digest = tmp_path / "d.json"
    digest.write_text(json.dumps({
        "title": "Morning\u200b Brief: Grid \u202eevil\u202c news",
        "stories": [{"title": "Grid\u2066 upgrade\u2069\u00ad", "body": "The \ufeffgrid\u200d operator\u0007 approved it. Work starts soon."}],
    }))
    read = read_digest(digest)
    texts = [read.title, read.stories[0].title, read.stories[0].body]
    assert texts == ["Morning Brief: Grid evil news", "Grid upgrade", "The grid operator approved it. Work starts soon."]


def test_invisible_characters_in_settings_or_catalog_never_reach_feed_or_pages(tmp_path: Path) -> None:
    """A show title typed with a bidi override and an entry that predates the cleaning: the published
    feed and every page hold none of the invisible characters, and still parse."""
    import dataclasses
    import datetime as dt

    import feedparser
    from publishing import golden_config

    from podcast.models import ShowNotes
    from podcast.publish.catalog import CatalogEntry
    from podcast.publish.site import publish_site

    invisible = "\u202e\u2066\u200b\u00ad\x07\ufeff"
    output = tmp_path / "out"
    output.mkdir()
    (output / "e.mp3").write_bytes(b"\xff\xfb" * 100)
    config = golden_config(output)
    config = dataclasses.replace(config, show=dataclasses.replace(config.show, title=f"Night\u202e Desk\x07", cover=None))
    entry = CatalogEntry(guid="g", show="Night Desk", date=dt.date(2026, 11, 25), title=f"Grid{invisible} upgrade",
                         notes=ShowNotes(f"Note\u200b one.", (f"Bul\u2066let",), ()), audio="e.mp3", size=200, seconds=1.0)
    published = publish_site([entry], config)
    for page in [published.feed, *published.site.rglob("*.html")]:
        text = page.read_text(encoding="utf-8")
        assert not any(c in text for c in invisible), (page, [c for c in invisible if c in text])
    feed = feedparser.parse(published.feed.read_bytes())
    assert (feed.feed.title, feed.entries[0].title) == ("Night Desk", "Grid upgrade")
