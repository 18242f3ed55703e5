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


def test_a_lone_edited_clip_spoken_in_the_command_sounds_as_from_a_worker(short_digest: Path, tmp_path: Path) -> None:
    """A re-make with one story edited speaks that one clip in its own process (espeak still
    fresh there); the episode is byte for byte the one a cold make of the edited digest gives,
    where every clip comes from a fresh worker. Run as commands: the test process has spoken."""
    import subprocess
    import sys

    command = [str(Path(sys.executable).with_name("roundup-podcast")), "make", "--date", "2026-11-25", "--engine", "pyttsx3"]

    def make(out: Path, *flags: str) -> bytes:
        done = subprocess.run([*command, str(short_digest), "-o", str(out), *flags], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return Path(done.stdout.strip()).read_bytes()

    make(tmp_path / "edited")
    short_digest.write_text(short_digest.read_text().replace("forty minutes", "thirty minutes"), encoding="utf-8")
    assert make(tmp_path / "edited") == make(tmp_path / "cold", "--no-cache")
