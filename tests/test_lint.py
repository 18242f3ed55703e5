"""`preview --lint`: what a voice should not read is found, and nothing is left in any test digest."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA, EXAMPLE
from podcast.cli import app
from podcast.script.lint import LEFTOVERS, lint_text


def _digests() -> list[Path]:
    """The example and every digest under tests/data (speech rule lists and expected outputs are not digests)."""
    inputs = [p for stage in ("read", "script") for p in (DATA / stage).iterdir()]
    inputs += list((DATA / "feed").glob("*.txt"))
    return [EXAMPLE] + sorted(p for p in inputs if p.suffix != ".json" or p.name.endswith(".in.json"))


@pytest.mark.parametrize("digest", _digests(), ids=lambda p: p.name)
def test_no_leftovers_in_any_test_digest(runner, digest: Path) -> None:
    result = runner.invoke(app, ["preview", str(digest), "--lint", "--date", "2026-11-25"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("No leftovers")


def test_lint_lists_each_leftover_and_exits_1(runner, tmp_path: Path) -> None:
    digest = tmp_path / "leftovers.txt"
    digest.write_text("Night Desk: Notes\n**A story**\nIt costs 5 points 🚀 in Moscow (Москва).\n", encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    # A user's template can bring back what the writer removed: the lint still finds it.
    (templates / "outro.txt.j2").write_text("Visit https://example.com/a {{ show }} <b>now</b> ~ x\n", encoding="utf-8")
    for kind in ("intro", "headlines", "story"):
        (templates / f"{kind}.txt.j2").write_text((EXAMPLE.parent.parent / "scripts_templates" / f"{kind}.txt.j2").read_text())
    result = runner.invoke(app, ["preview", str(digest), "--lint", "--templates", str(templates)])
    assert result.exit_code == 1, result.output
    kinds = {line.split(": ")[1].rsplit(" '", 1)[0] for line in result.output.splitlines()[:-1]}
    assert kinds == {"url", "symbol"}, result.output
    assert result.output.splitlines()[-1].startswith("3 leftovers a voice should not read")


@pytest.mark.parametrize(
    ("spoken", "kind"),
    [
        ("See www.example.com today.", "url"),
        ("The **bold** claim.", "markup"),
        ("A stray ] bracket.", "bracket"),
        ("Chinaâ€™s exports.", "mojibake"),
        ("Launch day 🚀.", "emoji"),
        ("The Москва office.", "foreign script"),
        ("It rose 7 percent.", "number"),
        ("It costs € nothing.", "symbol"),
    ],
)
def test_each_kind_of_leftover_is_found(spoken: str, kind: str) -> None:
    assert kind in LEFTOVERS
    assert {f.kind for f in lint_text(spoken, "Story")} == {kind}
