"""The CLI: help, preview, voices and the exact error line for each bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TONE

from podcast.cli import app

COMMANDS = [
    "make", "preview", "voices", "init", "publish", "serve", "episodes list", "episodes show", "episodes embed", "episodes remove",
    "cache info", "cache clear",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_ending_in_an_example(runner, command: str) -> None:
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Example: roundup-podcast " + command in result.stdout


def test_preview_prints_segments_with_durations_and_total(runner, short_digest: Path) -> None:
    result = runner.invoke(app, ["preview", str(short_digest), "--date", "2026-11-25"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Morning Brief: Chips and Trains\n")
    assert "[intro] Intro (0:" in out
    assert "Wednesday, November twenty-fifth, twenty twenty-six" in out
    assert "[story] Chip maker opens a new plant (0:" in out
    assert "para." not in out and "MOST POPULAR" not in out and "Listen to" not in out
    assert out.rstrip().splitlines()[-1].startswith("Total: 0:")
    assert out.rstrip().endswith("in 5 segments")


def test_preview_uses_my_templates(runner, short_digest: Path, tmp_path: Path) -> None:
    from podcast.script.writer import bundled_templates

    for template in bundled_templates().glob("*.j2"):
        (tmp_path / template.name).write_text(template.read_text())
    (tmp_path / "outro.txt.j2").write_text("Goodbye from the test desk.")
    result = runner.invoke(app, ["preview", str(short_digest), "--templates", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Goodbye from the test desk." in result.stdout


def test_voices_lists_english(runner) -> None:
    result = runner.invoke(app, ["voices"])
    assert result.exit_code == 0
    assert "gmw/en-us " in result.stdout
    assert "mb/" not in result.stdout


def _error(runner, args: list[str]) -> tuple[int, str]:
    result = runner.invoke(app, args)
    return result.exit_code, result.stderr


def test_missing_digest(runner, tmp_path: Path) -> None:
    code, err = _error(runner, ["make", str(tmp_path / "nope.txt"), "-o", str(tmp_path)])
    assert (code, err) == (1, f"Error: digest file {tmp_path / 'nope.txt'} not found; check the path\n")


def test_empty_digest(runner, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n")
    code, err = _error(runner, ["make", str(path), "-o", str(tmp_path / "out")])
    assert (code, err) == (1, f"Error: {path} is empty; give a digest with a title and stories\n")
    assert not (tmp_path / "out").exists()


def test_binary_digest(runner, tmp_path: Path) -> None:
    path = tmp_path / "song.mp3"
    path.write_bytes(b"ID3\x03\x00\x00\x00\x00\x00" + bytes(range(256)))
    code, err = _error(runner, ["preview", str(path)])
    assert code == 1
    assert err == f"Error: {path} looks like a binary file, not a text digest; give a digest in json, rss, atom, html, yaml, markdown, text\n"


def test_undecodable_digest(runner, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 news\n**Heading**\nBody.".encode("latin-1"))
    code, err = _error(runner, ["preview", str(path)])
    assert (code, err) == (1, f"Error: {path} is not valid UTF-8 (byte 3); re-save it as UTF-8\n")


def test_digest_without_stories(runner, tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Just a title\nand a line of text.\n")
    code, err = _error(runner, ["preview", str(path)])
    assert code == 1
    assert err.startswith(f"Error: {path}: found no stories")


def test_unknown_voice(runner, short_digest: Path, tmp_path: Path) -> None:
    code, err = _error(
        runner, ["make", str(short_digest), "--engine", "pyttsx3", "--voice", "klingon", "-o", str(tmp_path / "out")]
    )
    assert code == 1
    assert err.endswith("Error: unknown voice 'klingon' for engine pyttsx3; run 'roundup-podcast voices' to list them\n")
    assert not (tmp_path / "out").exists()


def test_unwritable_output_folder(runner, short_digest: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, err = _error(runner, ["make", str(short_digest), "-o", str(blocker / "sub")])
    assert code == 1
    assert err.endswith(f"Error: cannot write to output folder {blocker / 'sub'}: Not a directory; choose another with --output\n")


def test_bad_date(runner, short_digest: Path) -> None:
    code, err = _error(runner, ["preview", str(short_digest), "--date", "25/11/2026"])
    assert (code, err) == (1, "Error: --date '25/11/2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-25\n")


def test_failed_make_leaves_previous_episode_untouched(runner, short_digest: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["make", str(short_digest), "--date", "2026-11-25", "-o", str(out), *TONE]
    assert runner.invoke(app, args).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert "2026-11-25-morning-brief.mp3" in before
    bad_templates = tmp_path / "templates"
    bad_templates.mkdir()
    for kind in ["intro", "headlines", "story", "outro"]:
        (bad_templates / f"{kind}.txt.j2").write_text("{{ no_such_variable }}")
    code, err = _error(runner, [*args, "--templates", str(bad_templates)])
    assert code == 1
    assert err.startswith("Error: template intro.txt.j2: 'no_such_variable' is undefined")
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert not list(out.glob(".*partial*"))
