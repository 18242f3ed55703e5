"""`make --publish` for real: catalog, GUIDs, re-makes, episodes commands, atomicity, concurrency."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import time
from pathlib import Path

import feedparser
import pytest
from typer.testing import CliRunner

from podcast.cli import app
from podcast.config import load_config
from podcast.publish import catalog_entry, publish, publish_episode
from podcast.publish import site as site_module
from podcast.publish.catalog import episode_guid, open_catalog
from publishing import DATES, PublishedShow, cli_command, make_published, write_show


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
        assert enclosure.href == f"http://127.0.0.1:{published_show.port}/media/{audio.name}"
        assert int(enclosure.length) == audio.stat().st_size
        assert (published_show.output / "site" / "media" / audio.name).read_bytes() == audio.read_bytes()


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


def test_failed_publish_leaves_catalog_feed_and_site_as_they_were(short_digest: Path, tmp_path: Path, monkeypatch) -> None:
    config = write_show(tmp_path / "show", "https://example.com/brief/")
    make_published(config, short_digest, DATES[0])
    output = tmp_path / "show" / "output"
    before = _snapshot(output)

    def broken_feed(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(site_module, "build_feed", broken_feed)
    result = CliRunner().invoke(app, ["make", str(short_digest), "--date", DATES[1], "--config", str(config), "--publish"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"Error: cannot write the site in {output}: No space left on device; check the output folder"
    assert _snapshot(output) == before
    assert [p.name for p in output.iterdir() if p.name.startswith(".site")] == [before[1].name]


def test_a_build_left_by_a_killed_run_is_cleared_by_the_next_publish(published_show: PublishedShow) -> None:
    stale = published_show.output / ".site-killedrun"
    (stale / "media").mkdir(parents=True)
    result = CliRunner().invoke(app, ["publish", "--config", str(published_show.config)])
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert [p.name for p in published_show.output.glob(".site-*")] == [(published_show.output / "site").resolve().name]


def test_missing_audio_fails_the_publish_and_says_what_to_do(short_digest: Path, tmp_path: Path) -> None:
    config = write_show(tmp_path / "show", "https://example.com/brief/")
    make_published(config, short_digest, DATES[0])
    output = tmp_path / "show" / "output"
    before = _snapshot(output)
    (output / f"{DATES[0]}-morning-brief.mp3").unlink()
    result = CliRunner().invoke(app, ["publish", "--config", str(config)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {output / (DATES[0] + '-morning-brief.mp3')} is missing but listed in the catalog; re-make that "
        f"episode or drop it with 'roundup-podcast episodes remove {DATES[0]}-morning-brief.mp3'\n"
    )
    assert _snapshot(output) == before


def test_two_makes_at_once_both_land(short_digest: Path, tmp_path: Path) -> None:
    """Three makes wait for the catalog while another publisher holds it, then all three land."""
    config = write_show(tmp_path / "show", "https://example.com/brief/")
    output = tmp_path / "show" / "output"
    with open_catalog(output):
        runs = [
            subprocess.Popen(cli_command("make", str(short_digest), "--date", date, "--config", str(config), "--publish"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for date in DATES
        ]
        deadline = time.monotonic() + 120
        while not all((output / f"{d}-morning-brief.mp3").exists() for d in DATES) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)
        assert [run.poll() for run in runs] == [None, None, None]  # all made, all waiting to publish
    for run in runs:
        _, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stderr.decode()
    feed = feedparser.parse((output / "site" / "feed.xml").read_bytes())
    assert [e.published[:16] for e in feed.entries] == ["Wed, 25 Nov 2026", "Tue, 24 Nov 2026", "Mon, 23 Nov 2026"]


def test_remove_drops_the_episode_from_feed_and_site(short_digest: Path, tmp_path: Path) -> None:
    config = write_show(tmp_path / "show", "https://example.com/brief/")
    for date in DATES[:2]:
        make_published(config, short_digest, date)
    result = CliRunner().invoke(app, ["episodes", "remove", DATES[0], "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"Removed {DATES[0]} Chips and Trains (")
    assert result.stderr.endswith("site/feed.xml lists 1 episode (https://example.com/brief/feed.xml)\n")
    output = tmp_path / "show" / "output"
    feed = feedparser.parse((output / "site" / "feed.xml").read_bytes())
    assert [e.id for e in feed.entries] == [episode_guid("Morning Brief", dt.date(2026, 11, 24))]
    assert not (output / "site" / "episodes" / f"{DATES[0]}-morning-brief.html").exists()
    assert (output / f"{DATES[0]}-morning-brief.mp3").exists()  # files stay


def test_episode_commands_explain_a_missing_catalog_or_episode(tmp_path: Path, short_digest: Path) -> None:
    result = CliRunner().invoke(app, ["episodes", "list", "--output", str(tmp_path / "none")])
    assert (result.exit_code, result.stderr) == (
        1, f"Error: no catalog in {tmp_path / 'none'}; make an episode with 'roundup-podcast make DIGEST --publish' first\n"
    )
    config = write_show(tmp_path / "show", "https://example.com/brief/")
    make_published(config, short_digest, DATES[0])
    result = CliRunner().invoke(app, ["episodes", "show", "1999-01-01", "--config", str(config)])
    assert (result.exit_code, result.stderr) == (
        1, "Error: no episode '1999-01-01' in the catalog; 'roundup-podcast episodes list' shows dates and GUIDs\n"
    )


def test_publish_without_base_url_fails_before_any_audio_is_made(short_digest: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["make", str(short_digest), "--publish", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: [show] base_url is not set; add base_url = ")
    assert not (tmp_path / "out").exists()


def test_library_publish_of_an_entry(short_digest: Path, tmp_path: Path) -> None:
    """The library path the CLI uses, step by step: make, entry, publish, rebuild."""
    from podcast import pipeline

    config = load_config(write_show(tmp_path / "show", "https://example.com/brief/"))
    plan = pipeline.plan_episode(short_digest, config, dt.date(2026, 11, 25), publish=True)
    episode = pipeline.render_episode(plan, config)
    entry = catalog_entry(episode, plan.script.show, plan.notes)
    replaced, published = publish_episode(entry, config)
    assert (replaced, published.episodes) == (False, 1)
    assert publish_episode(entry, config)[0] is True
    assert publish(config).feed_url == "https://example.com/brief/feed.xml"

