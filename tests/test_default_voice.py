"""The plain install speaks with Piper, reproducibly; pyttsx3 for drafts and where Piper cannot load."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLE

from podcast.cli import app


def test_draft_speaks_with_espeak(runner, short_digest: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["make", str(short_digest), "--date", "2026-11-25", "-o", str(tmp_path), "--draft"])
    assert result.exit_code == 0, result.output
    assert "Engine: pyttsx3 (anchor: pyttsx3 gmw/en-gb-x-rp" in result.stderr
    assert Path(result.stdout.strip()).stat().st_size > 50_000


def test_draft_with_another_engine_is_refused(runner, short_digest: Path) -> None:
    result = runner.invoke(app, ["make", str(short_digest), "--draft", "--engine", "piper"])
    assert result.exit_code == 1
    assert result.stderr.endswith("Error: --draft speaks with pyttsx3; leave out --engine and --story-engine, or --draft\n")


def test_falls_back_to_espeak_with_a_notice_when_the_neural_runtime_cannot_load(short_digest: Path, tmp_path: Path) -> None:
    """A real failed import: an onnxruntime that cannot load its library, first on the path of a fresh process."""
    broken = tmp_path / "broken" / "onnxruntime"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text(
        'raise ImportError("libonnxruntime.so.1.32.0: cannot open shared object file: No such file or directory")\n'
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(broken.parent), os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-c", "from podcast.cli import main; main()", "make", str(short_digest),
               "--date", "2026-11-25", "-o", str(tmp_path / "out")]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "Notice: Piper's neural runtime cannot load (ImportError: libonnxruntime.so.1.32.0: cannot open shared "
        "object file: No such file or directory); reinstall roundup-podcast with pip; speaking with pyttsx3 "
        "(espeak-ng) instead (--engine pyttsx3 hides this notice)"
    )
    assert lines[1].startswith("Engine: pyttsx3 ")
    assert Path(result.stdout.strip()).stat().st_size > 50_000


def test_the_example_is_the_same_bytes_whatever_jobs_and_after_cache_clear(runner, tmp_path: Path) -> None:
    """Piper by default, spoken with two sentences at once and then one, the cache cleared between."""
    args = ["make", str(EXAMPLE), "--date", "2026-11-25", "-o", str(tmp_path)]
    first = runner.invoke(app, [*args, "--jobs", "2"])
    assert first.exit_code == 0, first.output
    assert "Engine: piper (anchor: piper en_US-joe-medium+deep, 175 wpm; story: piper en_US-joe-medium" in first.stderr
    episode = Path(first.stdout.strip())
    made_first = episode.read_bytes()
    assert runner.invoke(app, ["cache", "clear", "-o", str(tmp_path)]).exit_code == 0
    episode.unlink()  # or the finished episode itself would be reused
    second = runner.invoke(app, [*args, "--jobs", "1"])
    assert second.exit_code == 0, second.output
    assert "spoke" in second.stderr  # spoken again, not taken from a cache
    assert episode.read_bytes() == made_first


def test_voices_says_which_voices_speak_by_default(runner) -> None:
    result = runner.invoke(app, ["voices"])
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(
        "Default voices: anchor: piper en_US-joe-medium+deep; story: piper en_US-joe-medium "
        "(make --draft speaks with pyttsx3, fast and rough)\n"
    )
