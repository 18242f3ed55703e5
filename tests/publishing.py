"""Helpers for the publish tests: a show folder, real `make --publish` runs, a live server."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import pytest
from typer.testing import CliRunner

from podcast.cli import app

DATA = Path(__file__).parent / "data"
COVER = DATA / "feed" / "cover.png"
DATES = ["2026-11-23", "2026-11-24", "2026-11-25"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_show(folder: Path, base_url: str, *extra: str) -> Path:
    """A podcast.toml written by `init` with flags only (no prompts), output beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(COVER, folder / "cover.png")
    config = folder / "podcast.toml"
    args = [
        "init", "--config", str(config), "--title", "Morning Brief", "--author", "The Desk",
        "--email", "desk@example.com", "--base-url", base_url, "--language", "en-us",
        "--category", "News", "--subcategory", "Daily News", "--cover", "cover.png", *extra,
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return config


def make_published(config: Path, digest: Path, date: str, *extra: str) -> None:
    """One real `make --publish` (real speech, real MP3)."""
    result = CliRunner().invoke(app, ["make", str(digest), "--date", date, "--config", str(config), "--publish", *extra])
    assert result.exit_code == 0, result.output


def cli_command(*args: str) -> list[str]:
    """The installed CLI as a separate process (for concurrency and the server)."""
    return [sys.executable, "-c", "from podcast.cli import main; main()", *args]


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
