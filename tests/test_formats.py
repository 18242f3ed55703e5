"""Digest formats are one table: detection, `--from`, batch folders, errors and the README
follow it, and a format registered there (the README's example) is read like the others."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import TONE

from podcast.cli import app
from podcast.digest import formats, read_digest
from podcast.digest.formats import DIGEST_FORMATS, DigestFormat
from test_kinds import readme_block

README = Path(__file__).parent.parent / "README.md"
ORG = "* Morning Brief: Ports\n** Port reopens after the storm\nThe port reopened on Wednesday.\n** Ferries resume\nFerries run again.\n"


def test_the_readme_table_is_the_registry() -> None:
    text = README.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+)` \| (.*?) \| (.*) \|$", text[text.index("## Digest formats") :], re.MULTILINE)
    assert rows == [(f.name, ", ".join(f"`{s}`" for s in f.suffixes), f.description) for f in DIGEST_FORMATS]


@pytest.fixture
def org(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The README's Org reader as a module, and its entry in the table before markdown and text."""
    module = tmp_path / "site" / "podcast_org_example.py"
    module.parent.mkdir()
    module.write_text(readme_block("python", "## Adding a digest format"), encoding="utf-8")
    monkeypatch.syspath_prepend(str(module.parent))
    monkeypatch.delitem(sys.modules, "podcast_org_example", raising=False)
    entry = eval(readme_block("python", "and one entry, placed before"), {"DigestFormat": DigestFormat})
    entry = DigestFormat("org", "podcast_org_example:read_org", *[getattr(entry, f) for f in ("detect", "suffixes", "description")])
    monkeypatch.setattr(formats, "DIGEST_FORMATS", (*DIGEST_FORMATS[:-2], entry, *DIGEST_FORMATS[-2:]))


def test_a_registered_format_is_detected_forced_and_found_in_folders(org, runner, tmp_path: Path) -> None:
    digest = tmp_path / "brief.org"
    digest.write_text(ORG, encoding="utf-8")
    read = read_digest(digest)
    assert (read.title, [s.title for s in read.stories]) == ("Morning Brief: Ports", ["Port reopens after the storm", "Ferries resume"])
    forced = runner.invoke(app, ["preview", str(digest), "--from", "org", "--date", "2026-11-25"])
    assert forced.exit_code == 0, forced.output
    assert "[story] Ferries resume" in forced.stdout
    wrong = runner.invoke(app, ["preview", str(tmp_path / "brief.org"), "--from", "orgg"])
    assert wrong.stderr == "Error: unknown digest format 'orgg'; choose one of: json, rss, atom, html, yaml, org, markdown, text\n"
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "ports.org").write_text(ORG, encoding="utf-8")
    batch = runner.invoke(app, ["make", str(folder), "-o", str(tmp_path / "out"), "--date", "2026-11-25", *TONE])
    assert batch.exit_code == 0, batch.output
    assert batch.stdout.splitlines()[1].split()[:2] == ["ports.org", "made"]


def test_a_bad_outline_is_one_error_line(org, runner, tmp_path: Path) -> None:
    digest = tmp_path / "bad.org"
    digest.write_text("* Only a title\n", encoding="utf-8")
    result = runner.invoke(app, ["preview", str(digest)])
    assert (result.exit_code, result.stderr) == (1, f"Error: {digest}: no '* Title' line or no '** Story' heading; write the outline as the README shows\n")
