"""A disk that fills up or fails while speaking, encoding, writing side files or publishing:
one `Error:` line saying what could not be written and how much space it needs, the previous
episode, catalog, feed and site untouched, and no partial file of the run left behind.

A real small tmpfs where the machine lets the tests mount one (as root); injected
OSErrors everywhere.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import SHORT_DIGEST, TONE
from typer.testing import CliRunner

from podcast.cli import app
from podcast.lifetime import LEFTOVER

FIRST, SECOND = "2026-11-24", "2026-11-25"


def _show(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "brief.txt").write_text(SHORT_DIGEST, encoding="utf-8")
    config = folder / "podcast.toml"
    config.write_text(f'[show]\ntitle = "Disk Test"\nbase_url = "http://localhost:8000/"\n[cache]\nmax_mb = 64\n')
    return config


def _make(config: Path, output: Path, date: str, *extra: str):
    return CliRunner().invoke(app, ["make", str(config.parent / "brief.txt"), "--date", date, "--publish", "--config",
                                    str(config), "--output", str(output), "--jobs", "2", *TONE, *extra])


def state(output: Path) -> dict:
    """What a failed run must leave exactly as it was: episode files, catalog rows, the site's link and feed."""
    with sqlite3.connect(output / "catalog.sqlite") as db:
        rows = sorted(db.execute("SELECT guid, audio, size FROM episodes").fetchall())
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in output.iterdir() if p.is_file() and p.name[0] != "."}
    site = output / "site"
    return {"rows": rows, "files": files, "link": os.readlink(site), "feed": (site / "feed.xml").read_bytes()}


def _scratch_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob(f"roundup-*.{os.getpid()}.*")
            if not p.name.startswith(("roundup-multiprocessing.", "roundup-cache."))}
    # not the fork server's (still in use), nor an S3 cache's working copy: these tests write to a folder,
    # and the cluster tests' caches, made in this process, go only when the garbage collector gets to them


@pytest.fixture(autouse=True)
def _scratch_before(monkeypatch) -> None:
    """This process's scratch folders from earlier tests (an S3 cache's working copy lives as
    long as its cache object), which are not this test's to judge."""
    monkeypatch.setattr(sys.modules[__name__], "_EARLIER", _scratch_folders())


_EARLIER: set[str] = set()


def leftovers(output: Path) -> list[str]:
    """Partial files anywhere in the output folder, and the scratch folders this process made since the test began."""
    partial = [str(p) for p in output.rglob("*") if LEFTOVER.match(p.name) or p.suffix == ".f32"]
    scratch = sorted(_scratch_folders() - _EARLIER)
    return partial + scratch


def assert_one_error(result, *expected: str) -> str:
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "Traceback" not in result.stderr, result.stderr
    for text in expected:
        assert text in errors[0], errors[0]
    return errors[0]


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 12 MB tmpfs; skipped (with the reason) where this machine does not let the tests mount one."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the injected-error tests cover the same paths")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(disk)], capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs: {mounted.stderr.strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_at_every_stage_fails_cleanly(small_disk: Path, tmp_path: Path) -> None:
    """The second episode is made on a disk left with less and less room: it fails while speaking,
    then while encoding, each time in one line, leaving everything as it was; with room it is made."""
    config = _show(tmp_path / "show")
    output = small_disk / "out"
    assert _make(config, output, FIRST).exit_code == 0
    before = state(output)
    stages = set()
    for room in (200_000, 1_200_000, 2_400_000, 3_400_000):
        ballast = small_disk / "ballast"
        free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
        ballast.write_bytes(b"\0" * max(free - room, 0))
        result = _make(config, output, SECOND)
        ballast.unlink()
        if result.exit_code == 0:
            break
        line = assert_one_error(result, "No space left on device; it needs about ", "free some space or choose another --output")
        stages.add(line.split()[4])
        assert state(output) == before
        assert leftovers(output) == []
    assert {"clip", "episode's"} <= stages, stages
    assert _make(config, output, SECOND).exit_code == 0
    assert len(state(output)["rows"]) == 2


@pytest.mark.parametrize(
    ("target", "code", "expected"),
    [
        ("vtt", errno.ENOSPC, "No space left on device; it needs about"),  # a side file
        ("vtt", errno.EIO, "Input/output error (the disk failed)"),  # a side file on a failing disk
    ],
)
def test_injected_write_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, code: int, expected: str) -> None:
    config = _show(tmp_path / "show")
    output = tmp_path / "out"
    assert _make(config, output, FIRST).exit_code == 0
    before = state(output)
    real_write = Path.write_bytes

    def write_bytes(self: Path, data: bytes) -> int:
        if self.name.endswith(f".{target}") or f".{target}." in self.name:
            raise OSError(code, os.strerror(code))
        return real_write(self, data)

    def write_text(self: Path, text: str, *args, **kwargs) -> int:
        return write_bytes(self, text.encode("utf-8"))

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    monkeypatch.setattr(Path, "write_text", write_text)
    result = _make(config, output, SECOND)
    monkeypatch.undo()
    assert_one_error(result, expected)
    assert state(output) == before
    assert leftovers(output) == []


def test_injected_full_disk_while_publishing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The episode is made, but the site does not fit: the catalog, feed and site stay as they were."""
    import podcast.publish.site as site

    config = _show(tmp_path / "show")
    output = tmp_path / "out"
    assert _make(config, output, FIRST).exit_code == 0
    before = state(output)
    monkeypatch.setattr(site.shutil, "disk_usage", lambda path: SimpleNamespace(total=1 << 30, used=0, free=1000))
    result = _make(config, output, SECOND)
    line = assert_one_error(result, "cannot write the site ", "No space left on device; it needs about ", "0.001 MB is free")
    after = state(output)
    assert {k: after[k] for k in ("rows", "link", "feed")} == {k: before[k] for k in ("rows", "link", "feed")}, line
    assert [p for p in output.glob(".site-*") if p.name != before["link"]] == []
    assert leftovers(output) == []
