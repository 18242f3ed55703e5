"""Parallel synthesis gives the very same episode as a serial run, and as a run from the cache."""

from __future__ import annotations

from pathlib import Path

from podcast.cli import app


def _make(runner, digest: Path, out: Path, *flags: str) -> bytes:
    args = ["make", str(digest), "--date", "2026-11-25", "-o", str(out), "--engine", "pyttsx3", *flags]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip()).read_bytes()


def test_parallel_serial_and_cached_episodes_are_byte_identical(runner, short_digest: Path, tmp_path: Path) -> None:
    serial = _make(runner, short_digest, tmp_path / "serial", "--jobs", "1", "--no-cache")
    parallel = _make(runner, short_digest, tmp_path / "parallel", "--jobs", "3", "--no-cache")
    filled = _make(runner, short_digest, tmp_path / "cached", "--jobs", "2")
    reused = _make(runner, short_digest, tmp_path / "cached", "--jobs", "2")
    assert len(serial) > 100_000
    assert parallel == serial
    assert filled == serial
    assert reused == serial
