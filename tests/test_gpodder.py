"""gPodder's command-line client subscribes to the served feed and downloads every episode."""

from __future__ import annotations

import subprocess
from pathlib import Path

from publishing import DATES, PublishedShow, require_tool, served, tool_environment


def _gpo(gpo: str, env: dict[str, str], *args: str) -> str:
    result = subprocess.run([gpo, *args], env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_gpo_downloads_every_episode_byte_identical(published_show: PublishedShow, tmp_path: Path) -> None:
    gpo = require_tool("gpo", "gpodder")
    env = tool_environment(tmp_path / "gpodder")
    feed_url = f"http://127.0.0.1:{published_show.port}/feed.xml"
    with served(published_show.config, published_show.port):
        _gpo(gpo, env, "subscribe", feed_url)
        assert "3 new episodes" in _gpo(gpo, env, "update")
        listing = _gpo(gpo, env, "episodes", "--guid", feed_url)
        assert "3 episodes downloaded." in _gpo(gpo, env, "download", feed_url)
    guids = [line.split()[1] for line in listing.splitlines() if line.strip()[:2] in ("1.", "2.", "3.")]
    shown = {line.split()[2] for line in _episode_list(published_show)}
    assert set(guids) == shown and len(guids) == 3
    downloads = sorted((tmp_path / "gpodder" / "downloads").rglob("*.mp3"))
    assert [p.name for p in downloads] == [f"{d}-morning-brief.mp3" for d in DATES]
    for path in downloads:
        assert path.read_bytes() == (published_show.output / path.name).read_bytes()


def _episode_list(show: PublishedShow) -> list[str]:
    from typer.testing import CliRunner

    from podcast.cli import app

    return CliRunner().invoke(app, ["episodes", "list", "--config", str(show.config)]).stdout.splitlines()
