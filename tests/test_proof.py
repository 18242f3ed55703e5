"""`make --proof`: Whisper listens to Piper's clips, misheard names get respellings auditioned,
the winners reach the show's lexicon file; the written script never changes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from podcast.cli import app
from podcast.errors import OutputError
from podcast.qa.proof import Fix, record_fixes
from podcast.script.lexicon import load_lexicon

NAMES = """Battery Brief: Names
Listen to the full version
Welcome to the Battery Brief.
- DIGEST HUB
- WeLion and CATL sign a deal.
**WeLion signs a deal with CATL**
The battery maker WeLion signed a supply deal with CATL on Tuesday. ByteDance and GAC were not part of it.
- MOST POPULAR
"""


def test_proof_respells_misheard_names_into_the_lexicon_file_only(runner, tmp_path: Path) -> None:
    digest = tmp_path / "names.txt"
    digest.write_text(NAMES, encoding="utf-8")
    result = runner.invoke(app, ["make", str(digest), "--date", "2026-11-25", "-o", str(tmp_path / "out"), "--proof"])
    assert result.exit_code == 0, result.output
    proof_lines = [line for line in result.stderr.splitlines() if line.startswith("Proof: ")]
    assert '"ByteDance" was heard as "dance"; "Byte Dance" was heard right; added to lexicon.toml' in result.stderr
    lexicon = Path("lexicon.toml").read_text(encoding="utf-8")
    assert '# make --proof 2026-11-25: heard as "dance"; this respelling was heard right\nByteDance = "Byte Dance"\n' in lexicon
    assert all(line.endswith(("added to lexicon.toml", "add one to the lexicon by hand")) for line in proof_lines)
    assert load_lexicon(Path("lexicon.toml")).say["ByteDance"] == "Byte Dance"
    episode = Path(result.stdout.strip())
    script = json.loads(episode.with_suffix(".script.json").read_text(encoding="utf-8"))
    assert "ByteDance and GAC were not part of it." in json.dumps(script)
    assert "Byte Dance" not in json.dumps(script) and "Byte Dance" not in episode.with_suffix(".vtt").read_text(encoding="utf-8")

    again = runner.invoke(app, ["make", str(digest), "--date", "2026-11-25", "-o", str(tmp_path / "out")])
    assert again.exit_code == 0, again.output  # the next make reads the winners from lexicon.toml without proofing
    assert "Proof:" not in again.stderr


def test_winners_go_under_say_of_an_existing_file_and_the_rest_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "lexicon.toml"
    path.write_text('words = ["NATO"]\n\n[say]\nMary = "Mah-ree"\n\n[espeak]\nXi = "S\'i:"\n', encoding="utf-8")
    fixes = [Fix("ByteDance", "dance", "Byte Dance"), Fix("WeLion", "line in", "", ("We Lion",))]
    record_fixes(fixes, path, dt.date(2026, 11, 25))
    lexicon = load_lexicon(path)
    assert (lexicon.say["Mary"], lexicon.say["ByteDance"]) == ("Mah-ree", "Byte Dance")
    assert "WeLion" not in lexicon.say and lexicon.espeak["Xi"] == "S'i:" and "NATO" in lexicon.words
    assert path.read_text(encoding="utf-8").count("# make --proof 2026-11-25") == 1


def test_a_lexicon_file_that_cannot_be_written_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "missing-folder" / "lexicon.toml"
    with pytest.raises(OutputError, match="lexicon.toml"):
        record_fixes([Fix("ByteDance", "dance", "Byte Dance")], path, dt.date(2026, 11, 25))
    assert not path.exists()
