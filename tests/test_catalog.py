"""The catalog's semantics, one suite run against each backend: SQLite and a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import subprocess
import threading
import time
from pathlib import Path

import feedparser
import pytest
from conftest import TONE
from typer.testing import CliRunner

from podcast.cli import app
from podcast.errors import ConfigError, OutputError
from podcast.models import Chapter, ShowNotes
from podcast.publish import site as site_module
from podcast.publish.catalog import CatalogEntry, backend_for, episode_guid, open_catalog
from publishing import DATES, cli_command, write_show


def _entry(date: str, show: str = "Morning Brief", **changes) -> CatalogEntry:
    day = dt.date.fromisoformat(date)
    values = dict(
        guid=episode_guid(show, day), show=show, date=day, title=f"Brief of {date} – café ünïcode",
        notes=ShowNotes("Standfirst.", ("One", "Two"), ("Story",)), audio=f"{date}-{show.lower().replace(' ', '-')}.mp3",
        size=3_000_000_000, seconds=271.123456789, chapters=(Chapter("Intro", 0.0, 12.5), Chapter("Story", 12.5, 271.123456789)),
        chapters_file=f"{date}.chapters.json", transcript_vtt=f"{date}.vtt", transcript_srt=None, cover=None,
    )
    return CatalogEntry(**{**values, **changes})


@pytest.fixture
def backend(catalog_url: str, tmp_path: Path):
    return backend_for(catalog_url, tmp_path / "output")


def test_an_entry_comes_back_exactly(backend) -> None:
    entry = _entry(DATES[0])
    with open_catalog(backend) as catalog:
        assert catalog.put(entry) is False
    with open_catalog(backend, write=False) as catalog:
        assert catalog.get(entry.guid) == entry
        assert catalog.entries() == [entry]


def test_the_same_guid_replaces_and_the_same_file_gives_way(backend) -> None:
    first = _entry(DATES[0])
    with open_catalog(backend) as catalog:
        catalog.put(first)
        assert catalog.put(_entry(DATES[0], title="Re-made")) is True
        assert [e.title for e in catalog.entries()] == ["Re-made"]
        moved = _entry(DATES[0], guid="another-show-same-file")
        assert catalog.put(moved) is False
        assert catalog.entries() == [moved]


def test_find_and_remove(backend) -> None:
    entries = [_entry(date) for date in DATES]
    with open_catalog(backend) as catalog:
        for entry in entries:
            catalog.put(entry)
    with open_catalog(backend) as catalog:
        assert catalog.find(DATES[1]) == entries[1]
        assert catalog.find(entries[2].guid) == entries[2]
        assert catalog.find(entries[0].audio) == entries[0]
        assert catalog.find("1999-01-01") is None
        catalog.remove(entries[1].guid)
    with open_catalog(backend, write=False) as catalog:
        assert [e.date.isoformat() for e in catalog.entries()] == [DATES[2], DATES[0]]


def test_entries_are_newest_first_then_by_show_in_byte_order(backend) -> None:
    shows = ["alpha", "Zeta", "Beta", "Éclair"]
    with open_catalog(backend) as catalog:
        for show in shows:
            catalog.put(_entry(DATES[0], show))
        catalog.put(_entry(DATES[1], "alpha"))
    with open_catalog(backend, write=False) as catalog:
        listed = [(e.date.isoformat(), e.show) for e in catalog.entries()]
    assert listed == [(DATES[1], "alpha"), *[(DATES[0], show) for show in ["Beta", "Zeta", "alpha", "Éclair"]]]


def test_an_error_inside_the_block_changes_nothing(backend) -> None:
    with open_catalog(backend) as catalog:
        catalog.put(_entry(DATES[0]))
    with pytest.raises(OSError):
        with open_catalog(backend) as catalog:
            catalog.remove(_entry(DATES[0]).guid)
            catalog.put(_entry(DATES[1]))
            raise OSError("the site could not be written")
    with open_catalog(backend, write=False) as catalog:
        assert catalog.entries() == [_entry(DATES[0])]


def test_reading_a_catalog_never_written_says_to_publish_first(backend) -> None:
    with pytest.raises(OutputError, match=r"^no catalog in .*; make an episode with 'roundup-podcast make DIGEST --publish' first$"):
        with open_catalog(backend, write=False):
            pass


def test_a_second_writer_waits_for_the_first_and_then_sees_its_episode(backend) -> None:
    holding, seen = threading.Event(), []

    def second() -> None:
        holding.wait()
        with open_catalog(backend) as catalog:
            seen.append([e.guid for e in catalog.entries()])
            catalog.put(_entry(DATES[1]))

    waiter = threading.Thread(target=second)
    waiter.start()
    with open_catalog(backend) as catalog:
        catalog.put(_entry(DATES[0]))
        holding.set()
        time.sleep(1.0)
        assert seen == []  # still waiting for the write lock
    waiter.join(timeout=60)
    assert seen == [[_entry(DATES[0]).guid]]
    with open_catalog(backend, write=False) as catalog:
        assert [e.date.isoformat() for e in catalog.entries()] == [DATES[1], DATES[0]]


def _show_with_catalog(folder: Path, catalog_url: str) -> Path:
    config = write_show(folder, "https://example.com/brief/")
    if catalog_url:
        config.write_text(f'catalog = "{catalog_url}"\n' + config.read_text())
    return config


def _feed_dates(config: Path) -> list[str]:
    feed = feedparser.parse((config.parent / "output" / "site" / "feed.xml").read_bytes())
    return [entry.published[:16] for entry in feed.entries]


def test_two_makes_publish_at_once_and_both_land(catalog_url: str, short_digest: Path, tmp_path: Path) -> None:
    config = _show_with_catalog(tmp_path / "show", catalog_url)
    runs = [
        subprocess.Popen(cli_command("make", str(short_digest), "--date", date, "--config", str(config), "--publish", *TONE),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for date in DATES[:2]
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=180)
        assert run.returncode == 0, stderr.decode()
    assert _feed_dates(config) == ["Tue, 24 Nov 2026", "Mon, 23 Nov 2026"]
    listed = CliRunner().invoke(app, ["episodes", "list", "--config", str(config)])
    assert [line.split()[0] for line in listed.stdout.splitlines()] == [DATES[1], DATES[0]]
    if catalog_url:
        assert not (tmp_path / "show" / "output" / "catalog.sqlite").exists()


def test_a_failed_publish_leaves_the_catalog_as_it_was(catalog_url: str, short_digest: Path, tmp_path: Path, monkeypatch) -> None:
    config = _show_with_catalog(tmp_path / "show", catalog_url)
    made = CliRunner().invoke(app, ["make", str(short_digest), "--date", DATES[0], "--config", str(config), "--publish", *TONE])
    assert made.exit_code == 0, made.output
    backend = backend_for(catalog_url, tmp_path / "show" / "output")
    with open_catalog(backend, write=False) as catalog:
        before = catalog.entries()

    def broken_feed(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(site_module, "build_feed", broken_feed)
    result = CliRunner().invoke(app, ["make", str(short_digest), "--date", DATES[1], "--config", str(config), "--publish", *TONE])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(
        f"Error: cannot write the site {tmp_path / 'show' / 'output' / 'site'}: No space left on device; it needs more space"
    )
    with open_catalog(backend, write=False) as catalog:
        assert catalog.entries() == before
    assert _feed_dates(config) == ["Mon, 23 Nov 2026"]


def test_a_catalog_url_of_another_kind_is_a_config_error(tmp_path: Path) -> None:
    config = _show_with_catalog(tmp_path / "show", "mysql://db.example.com/podcast")
    result = CliRunner().invoke(app, ["publish", "--config", str(config)])
    assert (result.exit_code, result.stderr) == (1, (
        f"Error: {config}: catalog must be a postgresql://… URL (or left out for catalog.sqlite "
        "in the output folder), not mysql://db.example.com/podcast\n"
    ))
    with pytest.raises(ConfigError):
        backend_for("sqlite.db", tmp_path)


def test_an_unreachable_server_is_one_error_line_without_the_password(short_digest: Path, tmp_path: Path) -> None:
    from publishing import free_port

    url = f"postgresql://news:secret@127.0.0.1:{free_port()}/podcast"
    config = _show_with_catalog(tmp_path / "show", url)
    result = CliRunner().invoke(app, ["episodes", "list", "--config", str(config)])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: cannot connect to the catalog {url.replace(':secret@', ':***@')}: ")
    assert line.endswith("; check the catalog URL in podcast.toml and that the server runs")
    assert "secret" not in line


def test_without_the_driver_a_postgresql_catalog_says_how_to_install_it(short_digest: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "psycopg", None)  # as if the extra were not installed
    config = _show_with_catalog(tmp_path / "show", "postgresql://news@127.0.0.1/podcast")
    result = CliRunner().invoke(app, ["make", str(short_digest), "--config", str(config), "--publish"])
    assert (result.exit_code, result.stderr) == (1, (
        "Error: a postgresql:// catalog needs the PostgreSQL driver; install it with: pip install 'roundup-podcast[postgresql]'\n"
    ))
    assert not (tmp_path / "show" / "output").exists()  # refused before any audio was made
