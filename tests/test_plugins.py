"""Engines as plugins: a test engine registered through the real entry-point lookup,
then used as the story voice next to espeak at a different sample rate."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from podcast.cli import app
from podcast.config import VoiceConfig
from podcast.errors import EngineError
from podcast.tts import cast, get_engine
from podcast.tts.engine import ENTRY_POINT_GROUP, engine_names

TONE_ENGINE = '''
"""A plugin engine: one 440 Hz beep per word, at 16 kHz, so it is never silent."""
import math
import struct
import wave

from podcast.tts import Voice

RATE = 16000


class ToneEngine:
    name = "tone"

    def voices(self):
        return [Voice(self.name, "beep", "Beep", "en", "")]

    def default_voice(self, role):
        return "beep"

    def synthesize(self, text, voice, rate, path):
        frames = int(RATE * len(text.split()) * 60 / rate)
        beep = [int(8000 * math.sin(2 * math.pi * 440 * i / RATE)) for i in range(frames)]
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(RATE)
            wav.writeframes(struct.pack(f"<{frames}h", *beep))
'''


@pytest.fixture
def tone_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Install a one-module distribution `tone-engine` on sys.path, as pip would lay it out."""
    site = tmp_path / "site"
    (site / "tone_engine-1.0.dist-info").mkdir(parents=True)
    (site / "tone_engine.py").write_text(TONE_ENGINE)
    (site / "tone_engine-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: tone-engine\nVersion: 1.0\n")
    (site / "tone_engine-1.0.dist-info" / "entry_points.txt").write_text(
        textwrap.dedent(f"""\
            [{ENTRY_POINT_GROUP}]
            tone = tone_engine:ToneEngine
            broken = tone_engine:NoSuchEngine
            """)
    )
    monkeypatch.syspath_prepend(str(site))
    return "tone"


def test_builtin_engines_are_registered_as_entry_points() -> None:
    assert {"pyttsx3", "piper"} <= set(engine_names())


def test_a_plugin_engine_is_found_by_name(tone_plugin: str) -> None:
    assert tone_plugin in engine_names()
    engine = get_engine(tone_plugin)
    assert [v.id for v in engine.voices()] == ["beep"]


def test_a_broken_plugin_is_an_error_not_a_crash(tone_plugin: str) -> None:
    with pytest.raises(EngineError, match="engine 'broken' cannot be loaded"):
        get_engine("broken")


def test_unknown_engine_lists_the_registered_ones() -> None:
    with pytest.raises(EngineError, match="unknown engine 'nope'; choose one of: .*piper.*pyttsx3"):
        get_engine("nope")


def test_voices_lists_the_plugin(runner, tone_plugin: str) -> None:
    result = runner.invoke(app, ["voices"])
    assert result.exit_code == 0, result.output
    assert "tone     beep " in result.stdout


def test_mixed_engines_and_sample_rates_in_one_episode(runner, tone_plugin: str, short_digest: Path, tmp_path: Path) -> None:
    """Anchor at espeak's 22,050 Hz, stories from the plugin at 16,000 Hz: every
    story keeps its true length in the programme (words × 60 / rate seconds)."""
    from podcast import pipeline
    from podcast.config import Config
    import datetime as dt

    voice = VoiceConfig(engine="pyttsx3").overridden(story_engine=tone_plugin, story_rate=120)
    config = Config(voice=voice, output_dir=tmp_path)
    plan = pipeline.plan_episode(short_digest, config, dt.date(2026, 11, 25))
    assert {role: v.engine.name for role, v in plan.voices.items()} == {"anchor": "pyttsx3", "story": "tone"}
    episode = pipeline.render_episode(plan, config)
    stories = [s for s in plan.script.segments if s.role == "story"]
    story_chapters = [c for c in episode.chapters if c.title in {s.title for s in stories}]
    for segment, chapter in zip(stories, story_chapters):
        assert chapter.end - chapter.start == pytest.approx(segment.words * 60 / 120, abs=0.01)
    assert episode.path.exists()


def test_roles_get_distinct_voices_by_default_and_the_same_when_configured() -> None:
    default = cast(VoiceConfig(engine="pyttsx3"))
    assert default["anchor"].voice != default["story"].voice
    same = cast(VoiceConfig(engine="pyttsx3", voice="gmw/en-us"))
    assert same["anchor"].voice == same["story"].voice == "gmw/en-us"
