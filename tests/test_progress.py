"""Progress a producer can read: the library's MakeProgress, and how `make` shows it on a
terminal, in a log, with --quiet and with --json (single and batch)."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
from pathlib import Path

from conftest import SHORT_DIGEST, TONE
from mutagen.mp3 import MP3

from podcast.cli import app
from podcast.config import Config, VoiceConfig
from podcast.pipeline import plan_episode, render_episode
from podcast.progress import DONE, ENCODING, SPEAKING, MakeProgress
from publishing import cli_command

SECOND = SHORT_DIGEST.replace("Morning Brief: Chips and Trains", "Evening Brief: Ports and Planes")


def test_render_reports_speaking_then_encoding_then_done_with_times(short_digest: Path, tmp_path: Path) -> None:
    config = Config(voice=VoiceConfig(engine="tone"), output_dir=tmp_path / "out")
    seen: list[MakeProgress] = []
    plan = plan_episode(short_digest, config)
    episode = render_episode(plan, config, seen.append)
    stages = [s.stage for s in seen]
    assert stages == sorted(stages, key=[SPEAKING, ENCODING, DONE].index)  # never back to an earlier stage
    assert stages[0] == SPEAKING and stages[-1] == DONE and ENCODING in stages
    fractions = [s.fraction for s in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1
    spoken = [s for s in seen if s.stage == SPEAKING]
    assert [s.segments_done for s in spoken] == list(range(len(plan.script.segments) + 1))
    encoded = [s for s in seen if s.stage == ENCODING]
    assert encoded[-1].pieces_done == encoded[-1].pieces_total > 0
    final = seen[-1]
    clips_seconds = final.audio_seconds
    assert abs(final.expected_seconds - clips_seconds) < 1e-6 and final.encoded_seconds == clips_seconds
    assert 0 < clips_seconds < episode.seconds  # speech only: the pauses and music come on top
    assert final.speaking_seconds > 0 and final.encoding_seconds > 0


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_log_shows_plain_lines_then_the_programme_in_order(runner, short_digest: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["make", str(short_digest), "--date", "2026-11-25", "-o", str(tmp_path), *TONE])
    assert result.exit_code == 0, result.output
    lines = _lines(result.stderr)
    spoke = [line for line in lines if re.match(r"\[\d/5\] spoke ", line)]
    encoded = [line for line in lines if re.match(r"\[\d/\d\] encoded pieces: ", line)]
    assert len(spoke) == 5 and spoke[-1].startswith("[5/5]") and encoded and encoded[-1].startswith("[5/5]")
    programme = lines[lines.index("Programme:") + 1:][:5]
    assert [row.split()[1] for row in programme] == ["intro", "headlines", "story", "story", "outro"]
    assert "Chip maker opens a new plant" in programme[2] and "Rail link opens between two cities" in programme[3]
    assert re.fullmatch(r"Spoke 5 segments in \d+\.\d s, encoded in \d+\.\d s", lines[lines.index("Programme:") + 6])
    assert result.stdout == f"{tmp_path / '2026-11-25-morning-brief.mp3'}\n"


def test_quiet_prints_only_the_path(runner, short_digest: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["make", str(short_digest), "-o", str(tmp_path), "--quiet", *TONE])
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == (f"{next(tmp_path.glob('*.mp3'))}\n", "")


def test_json_prints_one_object_per_episode(runner, short_digest: Path, tmp_path: Path) -> None:
    second = tmp_path / "evening.txt"
    second.write_text(SECOND, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["make", str(short_digest), str(second), "-o", str(out), "--date", "2026-11-25", "--json", *TONE])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["path"] for o in objects] == [str(out / f"2026-11-25-{n}-brief.mp3") for n in ("morning", "evening")]
    for data in objects:
        assert set(data) == {"path", "duration", "size", "loudness", "chapters", "timings"}
        assert abs(data["duration"] - MP3(data["path"]).info.length) < 0.1
        assert -17.5 < data["loudness"]["integrated_lufs"] < -14.5 and data["loudness"]["true_peak_dbtp"] <= -1.0
        assert [c["title"] for c in data["chapters"]][0] == "Intro" and len(data["chapters"]) == 5
        timings = data["timings"]
        assert timings["speaking"] > 0 and timings["encoding"] > 0
        assert abs(timings["total"] - timings["speaking"] - timings["encoding"]) < 0.01


def test_terminal_shows_one_live_bar_with_counts_and_eta(short_digest: Path, tmp_path: Path) -> None:
    """On a real terminal (a pseudo-terminal here) the bar covers speaking and encoding, with an ETA."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    process = subprocess.Popen(
        cli_command("make", str(short_digest), "-o", str(tmp_path), *TONE), stdout=subprocess.PIPE, stderr=follower, env=env
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    stdout = process.communicate(timeout=120)[0].decode()
    assert process.returncode == 0
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode("utf-8", "replace"))
    assert "Speaking" in text and "Encoding" in text and "ETA" in text
    assert re.search(r"5/5 segments, \d+\.\d s of audio, \d/\d pieces encoded", text)
    assert "Programme:" in text and "[1/5] spoke" not in text  # the bar, not log lines
    assert stdout.strip().endswith("-morning-brief.mp3")
