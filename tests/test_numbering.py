"""itunes:season / itunes:episode under each numbering policy, stable across re-makes and removals."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from podcast.cli import app
from podcast.config import Config, PublishConfig
from podcast.models import Episode, ShowNotes
from podcast.publish import catalog_entry, publish, publish_episode, remove_episode
from publishing import golden_config

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"


def _config(output: Path, numbering: str, catalog: str = "") -> Config:
    return dataclasses.replace(golden_config(output), publish=PublishConfig(numbering=numbering), catalog=catalog)


def _add(config: Config, date: str, size: int = 1000) -> None:
    """An episode with stand-in audio (numbering reads only the catalog)."""
    config.output_dir.mkdir(parents=True, exist_ok=True)
    audio = config.output_dir / f"{date}-show.mp3"
    audio.write_bytes(b"\xff" * size)
    episode = Episode(audio, f"News of {date}", dt.date.fromisoformat(date), 60.0, size)
    publish_episode(catalog_entry(episode, "Show", ShowNotes("Notes.", (), ())), config)


def _numbers(config: Config) -> dict[str, tuple[str | None, str | None]]:
    """pubDate day → (itunes:season, itunes:episode) as the feed says."""
    channel = etree.fromstring((config.output_dir / "site" / "feed.xml").read_bytes()).find("channel")
    return {
        item.findtext("link").rsplit("/", 1)[1][:10]: (item.findtext(f"{ITUNES}season"), item.findtext(f"{ITUNES}episode"))
        for item in channel.findall("item")
    }


def test_sequential_numbers_survive_remake_and_removal(tmp_path: Path, catalog_url: str) -> None:
    config = _config(tmp_path / "out", "sequential", catalog_url)
    for date in ("2026-11-24", "2026-11-23", "2026-11-25"):  # a late back-fill gets the next number; none moves
        _add(config, date)
    assert _numbers(config) == {"2026-11-25": (None, "3"), "2026-11-24": (None, "1"), "2026-11-23": (None, "2")}
    _add(config, "2026-11-24", size=2000)  # re-made: same GUID, same number
    remove_episode("2026-11-25", config)  # the highest number goes ...
    _add(config, "2026-11-26")  # ... and is never given again
    assert _numbers(config) == {"2026-11-26": (None, "4"), "2026-11-24": (None, "1"), "2026-11-23": (None, "2")}


def test_yearly_numbers_start_again_each_year(tmp_path: Path, catalog_url: str) -> None:
    config = _config(tmp_path / "out", "yearly", catalog_url)
    for date in ("2025-12-30", "2025-12-31", "2026-01-01"):
        _add(config, date)
    _add(config, "2026-01-02")
    assert _numbers(config) == {
        "2026-01-02": ("2026", "2"), "2026-01-01": ("2026", "1"), "2025-12-31": ("2025", "2"), "2025-12-30": ("2025", "1"),
    }


def test_numbers_are_given_when_turned_on_and_kept_while_turned_off(tmp_path: Path) -> None:
    unnumbered = _config(tmp_path / "out", "none")
    assert PublishConfig().numbering == "none"
    for date in ("2026-11-24", "2026-11-23"):
        _add(unnumbered, date)
    assert _numbers(unnumbered) == {"2026-11-24": (None, None), "2026-11-23": (None, None)}
    numbered = _config(tmp_path / "out", "sequential")
    publish(numbered)
    assert _numbers(numbered) == {"2026-11-24": (None, "2"), "2026-11-23": (None, "1")}
    publish(unnumbered)
    assert _numbers(unnumbered) == {"2026-11-24": (None, None), "2026-11-23": (None, None)}
    publish(numbered)
    assert _numbers(numbered) == {"2026-11-24": (None, "2"), "2026-11-23": (None, "1")}


def test_a_catalog_from_before_numbering_gets_numbered(tmp_path: Path) -> None:
    output = tmp_path / "out"
    config = _config(output, "none")
    _add(config, "2026-11-23")
    with sqlite3.connect(output / "catalog.sqlite") as db:  # as an earlier version left it
        db.execute("DROP TABLE numbering")
        for column in ("season", "episode", "numbering"):
            db.execute(f"ALTER TABLE episodes DROP COLUMN {column}")
    result = CliRunner().invoke(app, ["episodes", "list", "--output", str(output)])
    assert result.exit_code == 0 and "2026-11-23" in result.stdout
    publish(_config(output, "sequential"))
    assert _numbers(config) == {"2026-11-23": (None, "1")}


@pytest.mark.parametrize("value", ["weekly", "Sequential"])
def test_an_unknown_policy_is_refused(tmp_path: Path, value: str) -> None:
    (tmp_path / "podcast.toml").write_text(f'[publish]\nnumbering = "{value}"\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["episodes", "list", "--config", str(tmp_path / "podcast.toml")])
    assert result.exit_code == 1
    assert f"[publish] numbering '{value}' is not one of: none, yearly, sequential" in result.stderr
