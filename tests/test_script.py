"""Preview formats, --from, --check, who's who, --max-minutes and the lexicon, run as a user would."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pydub import AudioSegment

from conftest import DATA, EXAMPLE
from podcast.cli import app
from podcast.config import Config
from podcast.digest.formats import detect_format
from podcast.models import Script, Segment
from podcast.pipeline import make_script
from podcast.script.lexicon import load_lexicon
from podcast.tts import speak
from podcast.tts.casting import RoleVoice

DETECTED = {".txt": "text", ".md": "markdown", ".html": "html", ".yaml": "yaml", ".json": "json"}


def _preview(runner, *args: str):
    result = runner.invoke(app, ["preview", *args])
    assert result.exit_code == 0, result.output
    return result


def test_preview_json_has_exactly_the_documented_shape(runner) -> None:
    document = json.loads(_preview(runner, str(EXAMPLE), "--date", "2026-11-25", "--format", "json").stdout)
    assert set(document) == {"title", "date", "segments", "total_seconds"}
    assert document["date"] == "2026-11-25"
    assert [s["kind"] for s in document["segments"]] == ["intro", "headlines", *["story"] * 5, "outro"]
    for segment in document["segments"]:
        assert set(segment) == {"kind", "title", "text", "seconds"}
        assert segment["seconds"] > 0
    speech = sum(s["seconds"] for s in document["segments"])
    assert speech < document["total_seconds"] < speech + 20  # the pauses between segments
    script = make_script(EXAMPLE, Config(), dt.date(2026, 11, 25))
    assert [s["text"] for s in document["segments"]] == [s.text for s in script.segments]


def test_preview_ssml_is_valid_xml_with_a_paragraph_per_segment(runner) -> None:
    root = ET.fromstring(_preview(runner, str(EXAMPLE), "--format", "ssml").stdout.encode())
    ns = "{http://www.w3.org/2001/10/synthesis}"
    assert root.tag == f"{ns}speak"
    assert len(root.findall(f"{ns}p")) == 8
    assert len(root.findall(f"{ns}break")) == 7


def test_preview_markdown_has_a_heading_per_segment(runner) -> None:
    out = _preview(runner, str(EXAMPLE), "--format", "markdown").stdout
    assert out.startswith("# Daily Tech Roundup: ")
    assert len(re.findall(r"^## .+ \(\d+:\d\d\)$", out, re.MULTILINE)) == 8


def test_unknown_preview_format_is_one_error_line(runner) -> None:
    result = runner.invoke(app, ["preview", str(EXAMPLE), "--format", "mp3"])
    assert result.exit_code == 1
    assert result.stderr == "Error: --format 'mp3' is not a preview format; choose one of: text, markdown, json, ssml\n"


@pytest.mark.parametrize(
    "source", [p for p in sorted((DATA / "read").iterdir()) if p.suffix != ".json" or p.name.endswith(".in.json")],
    ids=lambda p: p.name,
)
def test_format_is_detected_from_the_content(source: Path) -> None:
    expected = {"rss-feed.xml": "rss", "atom-feed.xml": "atom"}.get(source.name) or DETECTED[source.suffix]
    assert detect_format(source.read_text(encoding="utf-8")).name == expected


def test_from_forces_the_reader(runner, tmp_path: Path) -> None:
    digest = tmp_path / "brief.txt"
    digest.write_text("# Brief\n\n## Rail link opens\n\nTrains run from Monday.\n", encoding="utf-8")
    assert "[story] Rail link opens" in _preview(runner, str(digest)).stdout
    forced = runner.invoke(app, ["preview", str(digest), "--from", "json"])
    assert forced.exit_code == 1
    assert forced.stderr.startswith(f"Error: {digest} is not valid JSON (line 1")
    unknown = runner.invoke(app, ["preview", str(digest), "--from", "docx"])
    assert unknown.stderr == "Error: unknown digest format 'docx'; choose one of: json, rss, atom, html, yaml, markdown, text\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("每日科技新闻\n**电池初创企业在固态竞赛中领先**\n中国电池行业正在以两种截然不同的速度推进电动汽车固态电池技术。\n",
         "is written in Chinese, Japanese or Korean; the voices speak English, so give an English digest (or set [show] language"),
        ("# Resumen\n\n## El gobierno anuncia medidas\n\n" + "El gobierno de España anunció el lunes un paquete de medidas "
         "para reducir la inflación, que incluye ayudas para las familias con menos ingresos y una rebaja de los impuestos "
         "sobre la electricidad durante los próximos seis meses según el ministerio.\n",
         "is written in a language other than English; the voices speak English, so give an English digest (or set [show] language"),
        ('{"title": "T", "stories": []}', ": 'stories' must be a list with at least one story; see the digest format in the README"),
        ("<rss version='2.0'><channel><title>Empty</title></channel></rss>", "has no items to read"),
    ],
    ids=["chinese", "spanish", "json-without-stories", "feed-without-items"],
)
def test_nothing_to_read_is_one_clear_error(runner, tmp_path: Path, text: str, message: str) -> None:
    digest = tmp_path / "digest"
    digest.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["preview", str(digest)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {digest}") and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_check_suggests_lexicon_entries(runner) -> None:
    out = _preview(runner, str(EXAMPLE), "--check").stdout
    assert 'CATL = "see eh tee el"' in out
    assert re.search(r'^KunShan = "Kun-Shan" +# glossary name not in the lexicon$', out, re.MULTILINE)
    assert "Xiaomi" not in out  # not in the digest
    assert "Aion" not in out  # in the built-in lexicon


def test_whos_who_is_off_by_default_and_reads_the_glossary_when_asked(runner) -> None:
    assert "[whos_who]" not in _preview(runner, str(EXAMPLE)).stdout
    out = _preview(runner, str(EXAMPLE), "--whos-who").stdout
    section = out.split("[whos_who] Who's who")[1].split("[outro]")[0]
    assert "ByteDance Limited is seeking to expedite" in section or "China-based ByteDance Limited" in section
    assert section.count("is a") >= 3


def test_no_sentence_is_said_twice(runner) -> None:
    document = json.loads(_preview(runner, str(EXAMPLE), "--format", "json", "--whos-who").stdout)
    sentences = [s for seg in document["segments"] for s in re.split(r"(?<=[.!?])\s+", seg["text"]) if len(s.split()) >= 3]
    assert len(sentences) == len(set(sentences))


def test_max_minutes_drops_whole_stories_from_the_end_and_says_which(runner) -> None:
    full = json.loads(_preview(runner, str(EXAMPLE), "--format", "json").stdout)
    result = _preview(runner, str(EXAMPLE), "--format", "json", "--max-minutes", "3")
    trimmed = json.loads(result.stdout)
    assert trimmed["total_seconds"] <= 180 < full["total_seconds"]
    kept = [s["title"] for s in trimmed["segments"] if s["kind"] == "story"]
    all_titles = [s["title"] for s in full["segments"] if s["kind"] == "story"]
    assert kept == all_titles[: len(kept)] and len(kept) < len(all_titles)
    dropped = all_titles[len(kept):]
    assert result.stderr == f"Dropped {len(dropped)} stories to fit 3 minutes: {'; '.join(dropped)}\n"
    finally_story = [s for s in trimmed["segments"] if s["kind"] == "story"][-1]
    assert finally_story["text"].startswith("Finally: ")


class RecordingEngine:
    """The real espeak engine, remembering the text it was given."""

    name = "pyttsx3"
    phoneme_input = "espeak"

    def __init__(self, engine) -> None:
        self.engine = engine
        self.texts: list[str] = []

    def synthesize(self, text: str, voice: str, rate: int, path: Path) -> None:
        self.texts.append(text)
        self.engine.synthesize(text, voice, rate, path)


def test_lexicon_is_applied_at_synthesis_only(engine, tmp_path: Path) -> None:
    lexicon_file = tmp_path / "lexicon.toml"
    lexicon_file.write_text('words = ["CATL"]\n[say]\nMary = "Mah-ree"\n', encoding="utf-8")
    lexicon = load_lexicon(lexicon_file)
    recorder = RecordingEngine(engine)
    segment = Segment("story", "T", "Mary met CATL and GAC about EVs in Guangzhou.", "story")
    script = Script("Show", "Title", dt.date(2026, 11, 25), (segment,))
    voices = {role: RoleVoice(role, recorder, "gmw/en-us", 175) for role in ("anchor", "story")}
    clips = speak(script, voices, tmp_path, lexicon=lexicon)
    assert recorder.texts == ["Mah-ree met CATL and jee eh see about ee vee's in [[gw'A:NdZ'oU]]."]
    assert clips[0].segment.text == segment.text  # the transcript and notes keep the written words
    assert 2 < clips[0].seconds < 6


def test_espeak_phoneme_input_is_spoken_as_phonemes(engine, tmp_path: Path) -> None:
    """Read as phonemes, `[[gw'A:NdZ'oU]]` is one short word; read as text it would be a string of symbols."""
    engine.synthesize("[[gw'A:NdZ'oU]]", "gmw/en-us", 175, tmp_path / "p.wav")
    engine.synthesize("Gwahng-joe", "gmw/en-us", 175, tmp_path / "r.wav")
    phonemes, respelled = (AudioSegment.from_wav(str(tmp_path / f"{n}.wav")).duration_seconds for n in "pr")
    assert abs(phonemes - respelled) < 0.3


def test_bad_lexicon_is_one_error_line(runner, tmp_path: Path) -> None:
    (tmp_path / "lexicon.toml").write_text('[say]\nAion = 3\n', encoding="utf-8")
    (tmp_path / "podcast.toml").write_text('[voice]\nlexicon = "lexicon.toml"\n', encoding="utf-8")
    result = runner.invoke(app, ["preview", str(EXAMPLE), "--config", str(tmp_path / "podcast.toml"), "--check"])
    assert result.exit_code == 1
    assert result.stderr == f'Error: lexicon {tmp_path / "lexicon.toml"}: [say] Aion must be text, e.g. Xiaomi = "Shau-mee"\n'


def test_a_show_in_another_language_reads_its_own_digests(runner, tmp_path: Path) -> None:
    digest = tmp_path / "resumen.md"
    digest.write_text(
        "# Resumen diario\n\n## El gobierno anuncia medidas\n\nEl gobierno de España anunció el lunes un paquete de medidas "
        "para reducir la inflación, que incluye ayudas para las familias con menos ingresos y una rebaja de los impuestos "
        "sobre la electricidad durante los próximos seis meses según el ministerio.\n",
        encoding="utf-8",
    )
    (tmp_path / "podcast.toml").write_text('[show]\nlanguage = "es"\n', encoding="utf-8")
    out = _preview(runner, str(digest), "--config", str(tmp_path / "podcast.toml")).stdout
    assert "[story] El gobierno anuncia medidas" in out
