"""`make --publish` for real: catalog, GUIDs, re-makes, episodes commands, atomicity, concurrency."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import feedparser
import pytest
from conftest import TONE
from typer.testing import CliRunner

from podcast.cli import app
from podcast.config import load_config
from podcast.publish import catalog_entry, publish, publish_episode
from podcast.publish import site as site_module
from podcast.publish.catalog import episode_guid, open_catalog
from podcast.publish.catalog_sqlite import SqliteBackend
from podcast.models import Episode, ShowNotes
from publishing import DATES, PublishedShow, cli_command, copy_show, media_path, write_show


def _feed(published_show: PublishedShow):
    return feedparser.parse((published_show.output / "site" / "feed.xml").read_bytes())


def test_three_dates_and_a_remake_give_three_episodes(published_show: PublishedShow) -> None:
    feed = _feed(published_show)
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == 3
    guids = [entry.id for entry in feed.entries]
    assert guids == [episode_guid("Morning Brief", dt.date.fromisoformat(d)) for d in reversed(DATES)]
    for entry, date in zip(feed.entries, reversed(DATES)):
        audio = published_show.output / f"{date}-morning-brief.mp3"
        (enclosure,) = entry.enclosures
        assert enclosure.href == f"http://127.0.0.1:{published_show.port}/{media_path(audio)}"
        assert int(enclosure.length) == audio.stat().st_size
        assert (published_show.output / "site" / media_path(audio)).read_bytes() == audio.read_bytes()


def test_remade_episode_is_the_new_audio(published_show: PublishedShow) -> None:
    result = CliRunner().invoke(app, ["episodes", "show", DATES[1], "--config", str(published_show.config)])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    remade = published_show.output / f"{DATES[1]}-morning-brief.mp3"
    assert shown["size"] == remade.stat().st_size
    other = json.loads(CliRunner().invoke(app, ["episodes", "show", DATES[0], "--config", str(published_show.config)]).stdout)
    assert shown["seconds"] < other["seconds"]  # spoken at 220 instead of 175 wpm
    assert shown["notes"]["headings"] == ["Chip maker opens a new plant", "Rail link opens between two cities"]
    assert [c["title"] for c in shown["chapters"]][0] == "Intro"


def test_episodes_list_is_newest_first(published_show: PublishedShow) -> None:
    result = CliRunner().invoke(app, ["episodes", "list", "--config", str(published_show.config)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(reversed(DATES))
    assert all(line.endswith("Chips and Trains") for line in lines)


def test_catalog_rows_match_the_files(published_show: PublishedShow) -> None:
    with sqlite3.connect(published_show.output / "catalog.sqlite") as db:
        rows = db.execute("SELECT date, audio, size FROM episodes ORDER BY date").fetchall()
    assert [(d, a) for d, a, _ in rows] == [(d, f"{d}-morning-brief.mp3") for d in DATES]
    assert all(size == (published_show.output / audio).stat().st_size for _, audio, size in rows)


def test_publishing_again_gives_the_same_feed_bytes(published_show: PublishedShow) -> None:
    before = (published_show.output / "site" / "feed.xml").read_bytes()
    result = CliRunner().invoke(app, ["publish", "--config", str(published_show.config)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("feed.xml")
    assert (published_show.output / "site" / "feed.xml").read_bytes() == before
    assert len([p for p in published_show.output.iterdir() if p.name.startswith(".site-")]) == 1


def _snapshot(output: Path) -> tuple:
    site = output / "site"
    files = sorted((p.relative_to(site).as_posix(), p.read_bytes()) for p in site.rglob("*") if p.is_file())
    return (output / "catalog.sqlite").read_bytes(), site.resolve(), files


def test_failed_publish_leaves_catalog_feed_and_site_as_they_were(published_show: PublishedShow, tmp_path: Path, monkeypatch) -> None:
    show = copy_show(published_show, tmp_path / "show")
    before = _snapshot(show.output)

    def broken_feed(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(site_module, "build_feed", broken_feed)
    result = CliRunner().invoke(app, ["episodes", "remove", DATES[0], "--config", str(show.config)])
    assert result.exit_code == 1
    assert re.fullmatch(
        f"Error: cannot write the site {re.escape(str(show.output / 'site'))}: No space left on device; it needs more space "
        r"and [\d.]+ [MG]B is free there; free some space or choose another --output\n", result.stderr
    ), result.stderr
    assert _snapshot(show.output) == before
    assert [p.name for p in show.output.iterdir() if p.name.startswith(".site")] == [before[1].name]
    monkeypatch.undo()
    assert CliRunner().invoke(app, ["episodes", "remove", DATES[0], "--config", str(show.config)]).exit_code == 0


def test_a_build_left_by_a_killed_run_is_cleared_by_the_next_publish(published_show: PublishedShow, tmp_path: Path) -> None:
    show = copy_show(published_show, tmp_path / "show")
    stale = show.output / ".site-killedrun"
    (stale / "media").mkdir(parents=True)
    result = CliRunner().invoke(app, ["publish", "--config", str(show.config)])
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert [p.name for p in show.output.glob(".site-*")] == [(show.output / "site").resolve().name]


def test_missing_audio_fails_the_publish_and_says_what_to_do(published_show: PublishedShow, tmp_path: Path) -> None:
    show = copy_show(published_show, tmp_path / "show")
    before = _snapshot(show.output)
    audio = show.output / f"{DATES[0]}-morning-brief.mp3"
    audio.unlink()
    result = CliRunner().invoke(app, ["publish", "--config", str(show.config)])
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {audio} is missing but listed in the catalog; re-make that "
        f"episode or drop it with 'roundup-podcast episodes remove {audio.name}'\n"
    ))
    assert _snapshot(show.output) == before


def test_two_makes_at_once_both_land(short_digest: Path, tmp_path: Path) -> None:
    """Two makes wait for the catalog while another publisher holds it, then both land."""
    config = write_show(tmp_path / "show", "https://example.com/brief/")
    output = tmp_path / "show" / "output"
    dates = DATES[:2]
    with open_catalog(SqliteBackend(output)):
        runs = [
            subprocess.Popen(cli_command("make", str(short_digest), "--date", date, "--config", str(config), "--publish", *TONE),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for date in dates
        ]
        deadline = time.monotonic() + 120
        while not all((output / f"{d}-morning-brief.mp3").exists() for d in dates) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        assert [run.poll() for run in runs] == [None, None]  # both made, both waiting to publish
    for run in runs:
        _, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stderr.decode()
    feed = feedparser.parse((output / "site" / "feed.xml").read_bytes())
    assert [e.published[:16] for e in feed.entries] == ["Tue, 24 Nov 2026", "Mon, 23 Nov 2026"]


def test_remove_drops_the_episode_from_feed_and_site(published_show: PublishedShow, tmp_path: Path) -> None:
    show = copy_show(published_show, tmp_path / "show")
    result = CliRunner().invoke(app, ["episodes", "remove", DATES[0], "--config", str(show.config)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"Removed {DATES[0]} Chips and Trains (")
    assert result.stderr.endswith(f"site/feed.xml lists 2 episodes (http://127.0.0.1:{show.port}/feed.xml)\n")
    feed = feedparser.parse((show.output / "site" / "feed.xml").read_bytes())
    assert [e.id for e in feed.entries] == [episode_guid("Morning Brief", dt.date.fromisoformat(d)) for d in reversed(DATES[1:])]
    assert not (show.output / "site" / "episodes" / f"{DATES[0]}-morning-brief.html").exists()
    assert (show.output / f"{DATES[0]}-morning-brief.mp3").exists()  # files stay


def test_episode_commands_explain_a_missing_catalog_or_episode(published_show: PublishedShow, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["episodes", "list", "--output", str(tmp_path / "none")])
    assert (result.exit_code, result.stderr) == (
        1, f"Error: no catalog in {tmp_path / 'none'}; make an episode with 'roundup-podcast make DIGEST --publish' first\n"
    )
    result = CliRunner().invoke(app, ["episodes", "show", "1999-01-01", "--config", str(published_show.config)])
    assert (result.exit_code, result.stderr) == (
        1, "Error: no episode '1999-01-01' in the catalog; 'roundup-podcast episodes list' shows dates and GUIDs\n"
    )


def test_publish_without_base_url_fails_before_any_audio_is_made(short_digest: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["make", str(short_digest), "--publish", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [show] base_url is not set; add base_url = ")
    assert not (tmp_path / "out").exists()


def test_library_publish_of_an_entry(published_show: PublishedShow, tmp_path: Path) -> None:
    """The library calls the CLI makes: an Episode becomes a catalog entry, added then replaced."""
    show = copy_show(published_show, tmp_path / "show")
    config = load_config(show.config)
    audio = show.output / "2026-12-01-morning-brief.mp3"
    shutil.copyfile(show.output / f"{DATES[0]}-morning-brief.mp3", audio)
    episode = Episode(audio, "Extra edition", dt.date(2026, 12, 1), 12.0, audio.stat().st_size)
    entry = catalog_entry(episode, "Morning Brief", ShowNotes("Extra.", ("One bullet",), ("One story",)))
    replaced, published = publish_episode(entry, config)
    assert (replaced, published.episodes) == (False, 4)
    assert publish_episode(entry, config) == (True, published)
    assert publish(config).feed_url == f"http://127.0.0.1:{show.port}/feed.xml"
    renamed = dataclasses.replace(entry, guid="another-show-same-file")
    assert publish_episode(renamed, config)[1].episodes == 4  # the file's older row gave way


def test_real_side_files_reach_feed_and_site(published_show: PublishedShow) -> None:
    """The audio stage's chapters, transcripts and cover are linked from the feed and served in media/."""
    from lxml import etree

    base = f"http://127.0.0.1:{published_show.port}/"
    site = published_show.output / "site"
    channel = etree.fromstring((site / "feed.xml").read_bytes()).find("channel")
    itunes, podcast = "{http://www.itunes.com/dtds/podcast-1.0.dtd}", "{https://podcastindex.org/namespace/1.0}"
    show_cover = channel.find(f"{itunes}image").get("href").removeprefix(base)  # no cover configured: the newest generated one
    assert re.fullmatch(r"media/cover-[0-9a-f]{12}\.jpg", show_cover)
    assert (site / show_cover).read_bytes() == (published_show.output / f"{DATES[-1]}-morning-brief.jpg").read_bytes()
    for item, date in zip(channel.findall("item"), reversed(DATES)):
        chapters = item.find(f"{podcast}chapters")
        assert chapters.get("type") == "application/json+chapters"
        served = json.loads((site / chapters.get("url").removeprefix(base)).read_text())
        assert [c["title"] for c in served["chapters"]][:2] == ["Intro", "Headlines"]
        assert item.find(f"{itunes}image").get("href") == base + media_path(published_show.output / f"{date}-morning-brief.jpg")
        transcripts = {t.get("type"): t.get("url") for t in item.findall(f"{podcast}transcript")}
        assert set(transcripts) == {"text/vtt", "application/x-subrip"}
        for url in [*transcripts.values(), chapters.get("url")]:
            name = url.rsplit("/", 1)[1]
            assert url == base + media_path(published_show.output / name)
            assert (site / url.removeprefix(base)).read_bytes() == (published_show.output / name).read_bytes()
        page = (site / "episodes" / f"{date}-morning-brief.html").read_text()
        assert "<h2>Transcript</h2>" in page and "A chip maker opened a plant in Ohio" in page

