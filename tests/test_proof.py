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


class _Transcriber:
    """Writes what it is given to speak into the clip; its listener hears that text back, but for
    the words it is set to mishear in one sentence: a recogniser that hears a name differently
    from one sentence to the next, as Whisper does."""

    name, phoneme_input = "transcriber", ""

    def __init__(self, misheard_in: str, misheard: str) -> None:
        self.misheard_in, self.misheard = misheard_in, misheard

    def synthesize(self, text: str, voice: str, rate: int, path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    def transcribe(self, audio: Path) -> list:
        from podcast.qa.findings import HeardWord

        text = audio.read_text(encoding="utf-8")
        if self.misheard_in in text.split():
            text = text.replace(self.misheard, "dance")
        return [HeardWord(word, float(n), n + 0.5) for n, word in enumerate(text.split())]


def test_a_respelling_wins_only_if_heard_right_in_each_sentence_it_would_replace(tmp_path: Path) -> None:
    from podcast.models import Clip, Segment
    from podcast.qa.proof import _misheard, audition, proof_clips
    from podcast.script.lexicon import builtin_lexicon
    from podcast.tts.casting import RoleVoice

    text = "ByteDance sued on Monday. The court heard ByteDance. Later ByteDance said nothing."
    clip_path = tmp_path / "clip.txt"
    clip_path.write_text(text.replace("court heard ByteDance", "court heard dance"), encoding="utf-8")
    clip = Clip(Segment("story", "A story", text, role="story"), clip_path, 5.0)
    engine = _Transcriber("Later", "Byte Dance")  # the first respelling is misheard in the third sentence
    voices = {"story": RoleVoice("story", engine, "v", 175)}
    (missed,) = _misheard([clip], voices, engine)
    assert [s for s, _ in missed.sentences] == ["The court heard ByteDance.", "ByteDance sued on Monday."]
    fix = audition(missed, builtin_lexicon(), engine, tmp_path)
    assert (fix.respelling, fix.tried[0]) == ("Byte Dance", "Byte Dance")  # heard right where it is auditioned

    engine.misheard_in = "sued"  # now misheard where it was heard right before: it breaks that sentence
    fix = audition(missed, builtin_lexicon(), engine, tmp_path)
    assert fix.respelling != "Byte Dance" and fix.tried[0] == "Byte Dance"
    assert [(f.word, f.respelling) for f in proof_clips([clip], voices, builtin_lexicon(), engine)] == [("ByteDance", fix.respelling)]
