"""A re-run with nothing changed reuses the finished episode; any change or damage makes it again."""

from __future__ import annotations

from pathlib import Path

from conftest import TONE

from podcast.cli import app


def _make(runner, digest: Path, out: Path, *flags: str) -> Path:
    args = ["make", str(digest), "--date", "2026-11-25", "-o", str(out), *TONE, *flags]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


def test_unchanged_make_keeps_the_episode_file(runner, short_digest: Path, tmp_path: Path) -> None:
    episode = _make(runner, short_digest, tmp_path)
    first = episode.stat().st_mtime_ns
    assert _make(runner, short_digest, tmp_path).stat().st_mtime_ns == first  # not rewritten
    assert _make(runner, short_digest, tmp_path, "--no-cache").stat().st_mtime_ns != first  # rewritten


def test_damaged_episode_is_made_again(runner, short_digest: Path, tmp_path: Path) -> None:
    episode = _make(runner, short_digest, tmp_path)
    good = episode.read_bytes()
    episode.write_bytes(good[: len(good) // 2])
    assert _make(runner, short_digest, tmp_path).read_bytes() == good


def test_changed_setting_or_story_makes_it_again(runner, short_digest: Path, tmp_path: Path) -> None:
    episode = _make(runner, short_digest, tmp_path)
    good = episode.read_bytes()
    config = tmp_path / "podcast.toml"
    config.write_text('[audio]\nbitrate = "64k"\n', encoding="utf-8")
    smaller = _make(runner, short_digest, tmp_path, "--config", str(config))
    assert len(smaller.read_bytes()) < 0.8 * len(good)
    assert _make(runner, short_digest, tmp_path).read_bytes() == good
    short_digest.write_text(short_digest.read_text().replace("forty minutes", "thirty five minutes"), encoding="utf-8")
    assert _make(runner, short_digest, tmp_path).read_bytes() != good
