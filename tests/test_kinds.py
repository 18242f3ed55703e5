"""Segment kinds are one table: a kind registered there, with its template, is written,
estimated, paused, switched from podcast.toml and the command line, and spoken."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import EXAMPLE, SHORT_DIGEST
from podcast import pipeline
from podcast.cli import make
from podcast.cli.options import with_segment_switches
from podcast.config import AudioConfig, Config, ScriptConfig, VoiceConfig, load_config
from podcast.models import Segment
from podcast.script import kinds
from podcast.script.kinds import SEGMENT_KINDS, SegmentKind, pause_after
from podcast.script.writer import bundled_templates

README = Path(__file__).parent.parent / "README.md"
DATE = dt.date(2026, 11, 25)


def readme_block(language: str, after: str) -> str:
    """The README's code block in `language` that follows the line `after`."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"```{language}\n", text.index(after)) + len(language) + 4
    return text[start : text.index("```", start)]


@pytest.fixture
def recap(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The README's example kind in the table before the outro; its template in a templates folder."""
    entry = eval(readme_block("python", "## Adding a segment kind"), {"SegmentKind": SegmentKind})
    monkeypatch.setattr(kinds, "SEGMENT_KINDS", (*SEGMENT_KINDS[:-1], entry, SEGMENT_KINDS[-1]))
    folder = tmp_path / "templates"
    shutil.copytree(bundled_templates(), folder, ignore=shutil.ignore_patterns("__*"))
    (folder / "recap.txt.j2").write_text(readme_block("jinja", "## Adding a segment kind"), encoding="utf-8")
    return folder


def _kinds(config: Config) -> list[str]:
    return [s.kind for s in pipeline.make_script(EXAMPLE, config, DATE).segments]


def test_a_registered_kind_is_switched_by_podcast_toml(recap: Path, tmp_path: Path) -> None:
    assert "recap" not in _kinds(Config(templates_dir=recap))  # off by default, as its entry says
    config_file = tmp_path / "podcast.toml"
    config_file.write_text("[script]\nrecap = true\n", encoding="utf-8")
    config = load_config(config_file)
    assert _kinds(dataclasses.replace(config, templates_dir=recap))[-2:] == ["recap", "outro"]


def test_a_registered_kind_gets_command_line_flags_and_its_estimate(recap: Path) -> None:
    app = typer.Typer()
    app.command()(with_segment_switches(make.preview.__wrapped__))  # the CLI built from the patched table
    assert "--recap" in CliRunner().invoke(app, ["--help"]).stdout
    result = CliRunner().invoke(app, [str(EXAMPLE), "--date", "2026-11-25", "--templates", str(recap), "--recap"])
    assert result.exit_code == 0, result.output
    section = result.stdout.split("[recap] Recap (")[1].split("[outro]")[0]
    assert re.match(r"0:\d\d\)\nOnce more, today's stories\. EV battery startups", section)
    off = CliRunner().invoke(app, [str(EXAMPLE), "--templates", str(recap), "--no-recap"])
    assert "[recap]" not in off.stdout


def test_a_registered_kind_is_spoken_with_its_chapter(recap: Path, tmp_path: Path) -> None:
    digest = tmp_path / "brief.txt"
    third = "**Port reopens after the storm**\nThe port reopened on Wednesday.\n- MOST POPULAR\n"
    digest.write_text(SHORT_DIGEST.replace("- MOST POPULAR\n", third), encoding="utf-8")
    config = Config(
        voice=VoiceConfig(engine="tone"), output_dir=tmp_path / "out", templates_dir=recap,
        script=ScriptConfig(segments={"recap": True}),
    )
    episode = pipeline.make_episode(digest, config, DATE)
    assert [c.title for c in episode.chapters][-2:] == ["Recap", "Outro"]


def test_the_pause_rule_reads_each_kind_s_lead_in() -> None:
    """The extra silence before a story comes from its entry; other kinds have none."""
    segments = [Segment("intro", "I", "Hi."), Segment("story", "S", "A.", "story"), Segment("outro", "O", "Bye.")]
    audio = AudioConfig(pause_after_segment_ms=500, pause_before_story_ms=900)
    assert [pause_after(segments, n, audio) for n in range(3)] == [1.4, 0.5, 0.0]
