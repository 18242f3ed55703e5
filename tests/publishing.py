"""Helpers for the publish tests: a show folder, real `make --publish` runs, a live server."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
from conftest import TONE
from typer.testing import CliRunner

from podcast.cli import app
from podcast.config import Config, ShowConfig
from podcast.digest import read_digest
from podcast.models import Chapter, Episode
from podcast.pipeline import make_script
from podcast.publish import catalog_entry, notes_from_digest, publish_episode
from servers import free_port

DATA = Path(__file__).parent / "data"
COVER = DATA / "feed" / "cover.png"
DATES = ["2026-11-23", "2026-11-24", "2026-11-25"]
BASE = "https://example.com/podcast/"


def media_path(file: Path) -> str:
    """Where the site serves an output file: media/<12 hex of its SHA-256>/<its name> (see site.py)."""
    return f"media/{hashlib.sha256(file.read_bytes()).hexdigest()[:12]}/{file.name}"


def unhashed(url: str) -> str:
    """A site URL with the content folder of its media taken out, to compare with a plain name.

    >>> unhashed("https://example.com/media/0123456789ab/x.mp3")
    'https://example.com/media/x.mp3'
    """
    return re.sub(r"(^|/)media/[0-9a-f]{12}/", r"\1media/", url)


def write_show(folder: Path, base_url: str, cover: bool = True) -> Path:
    """A podcast.toml written by `init` with flags only (no prompts), output beside it.

    Without `cover` the audio stage generates each episode's cover and the show uses the newest.
    """
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(COVER, folder / "cover.png")
    config = folder / "podcast.toml"
    args = [
        "init", "--config", str(config), "--title", "Morning Brief", "--author", "The Desk",
        "--email", "desk@example.com", "--base-url", base_url, "--language", "en-us",
        "--category", "News", "--subcategory", "Daily News", *(["--cover", "cover.png"] if cover else []),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return config


@dataclass(frozen=True)
class PublishedShow:
    """A show folder with real episodes published (see conftest's `published_show`)."""

    config: Path
    output: Path
    port: int


def make_three_day_show(folder: Path, digest_text: str) -> PublishedShow:
    """Three real episodes on three dates, then the middle one re-made at another rate."""
    port = free_port()
    config = write_show(folder, f"http://127.0.0.1:{port}/", cover=False)
    digest = folder / "brief.txt"
    digest.write_text(digest_text, encoding="utf-8")
    for date in DATES:
        make_published(config, digest, date)
    make_published(config, digest, DATES[1], "--rate", "220")
    return PublishedShow(config, folder / "output", port)


def copy_show(show: PublishedShow, folder: Path) -> PublishedShow:
    """A private copy of a published show (the site link is copied as a link), to change freely."""
    shutil.copytree(show.config.parent, folder, symlinks=True)
    return PublishedShow(folder / show.config.name, folder / show.output.name, show.port)


def show_at(show: PublishedShow, folder: Path, base_url: str, **publish: object) -> PublishedShow:
    """A copy of `show` served from `base_url`, with [publish] settings, rebuilt."""
    copy = copy_show(show, folder)
    text = re.sub(r'(?m)^base_url = ".*"$', f'base_url = "{base_url}"', copy.config.read_text(encoding="utf-8"))
    if publish:
        text += "\n[publish]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in publish.items())
    copy.config.write_text(text, encoding="utf-8")
    return copy


def publish_cli(show: PublishedShow, *args: str) -> str:
    """`publish` with `args` on a show; its stderr (progress and upload report)."""
    result = CliRunner().invoke(app, ["publish", "--config", str(show.config), *args])
    assert result.exit_code == 0, result.output
    return result.stderr


def make_published(config: Path, digest: Path, date: str, *extra: str) -> None:
    """One real `make --publish` (the tone engine's clips, real MP3)."""
    result = CliRunner().invoke(app, ["make", str(digest), "--date", date, "--config", str(config), "--publish", *TONE, *extra])
    assert result.exit_code == 0, result.output


def cli_command(*args: str) -> list[str]:
    """The installed console script as a separate process (for concurrency and the server).

    `python -c` would import the source tree from the working folder instead of the
    installed package (which alone carries the bundled templates).
    """
    return [str(Path(sys.executable).with_name("roundup-podcast")), *args]


@contextlib.contextmanager
def served(config: Path, port: int) -> Iterator[Path]:
    """`roundup-podcast serve` in its own process; yields the file its request log goes to."""
    log = config.parent / "serve.log"
    with open(log, "wb") as sink:
        process = subprocess.Popen(
            cli_command("serve", "--port", str(port), "--config", str(config)), stderr=sink, stdout=sink
        )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            assert process.poll() is None, log.read_text()
            time.sleep(0.05)
        yield log
    finally:
        process.terminate()
        process.wait(timeout=10)


def require_tool(name: str, package: str) -> str:
    """The path of a system tool, or skip saying how to install it (CI installs it in .ci/run)."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not found; install it with 'apt-get install {package}' (.ci/run does) to run this test")
    return path


def tool_environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GPODDER")}
    env.update(GPODDER_HOME=str(home), GPODDER_DOWNLOAD_DIR=str(home / "downloads"), HOME=str(home))
    return env


def golden_config(output: Path) -> Config:
    show = ShowConfig(
        title="", author="The Newsroom", description="Tech news, read aloud every morning.", language="en-us",
        owner_name="Newsroom Desk", email="podcast@example.com", category="News", subcategory="Tech News",
        base_url=BASE, cover=COVER, copyright="© 2026 The Newsroom",
    )
    return Config(show=show, output_dir=output)


def publish_digest(digest: Path, output: Path) -> Path:
    """Publish `digest` on two dates with stand-in audio; return the feed path."""
    config = golden_config(output)
    output.mkdir(parents=True, exist_ok=True)
    for n, date in enumerate([dt.date(2026, 11, 24), dt.date(2026, 11, 25)]):
        script = make_script(digest, config, date)
        stem = f"{date.isoformat()}-show"
        audio = output / f"{stem}.mp3"
        audio.write_bytes(bytes(range(256)) * (40 + n))
        digest_value = read_digest(digest)
        titles = ["Intro", "Headlines", *(story.title for story in digest_value.stories), "Outro"]
        chapters = tuple(Chapter(title, 30.0 * i, 30.0 * (i + 1)) for i, title in enumerate(titles))
        episode = Episode(audio, script.title, date, 30.0 * len(titles), audio.stat().st_size, chapters)
        side = {}
        if n == 1:
            for key, suffix, text in [
                ("chapters_path", ".chapters.json", '{"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}]}'),
                ("transcript_vtt", ".vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n<v Anchor>Good morning.\n"),
                ("transcript_srt", ".srt", "1\n00:00:00,000 --> 00:00:02,000\nGood morning.\n"),
            ]:
                side[key] = output / f"{stem}{suffix}"
                side[key].write_text(text, encoding="utf-8")
            side["cover_path"] = output / f"{stem}.cover.png"
            shutil.copyfile(COVER, side["cover_path"])
        episode = dataclasses.replace(episode, **side)
        publish_episode(catalog_entry(episode, script.show, notes_from_digest(digest_value)), config)
    return output / "site" / "feed.xml"
