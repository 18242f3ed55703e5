"""Engines as plugins: the README's example engine registered through the real
entry-point lookup, then used as the story voice next to espeak at another sample rate."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from podcast.cli import app
from podcast.config import VoiceConfig
from podcast.errors import EngineError
from podcast.tts import get_engine
from podcast.tts.casting import cast
from podcast.tts.engine import ENTRY_POINT_GROUP, engine_names

README = Path(__file__).parent.parent / "README.md"


def readme_engine() -> str:
    """The minimal example engine of the README, so the documented example is the tested one."""
    text = README.read_text(encoding="utf-8")
    start = text.index("```python\n# my_engine.py")
    return text[start + len("```python\n") : text.index("```", start + 10)]


@pytest.fixture
def beep_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Install the README's example engine as a one-module distribution on sys.path, laid
    out as pip would (a dist-info folder with its entry points), plus a broken entry."""
    site = tmp_path / "site"
    (site / "my_engine-1.0.dist-info").mkdir(parents=True)
    (site / "my_engine.py").write_text(readme_engine())
    (site / "my_engine-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: my-engine\nVersion: 1.0\n")
    (site / "my_engine-1.0.dist-info" / "entry_points.txt").write_text(
        textwrap.dedent(f"""\
            [{ENTRY_POINT_GROUP}]
            beep = my_engine:BeepEngine
            broken = my_engine:NoSuchEngine
            """)
    )
    monkeypatch.syspath_prepend(str(site))
    return "beep"


def test_builtin_engines_are_registered_as_entry_points() -> None:
    assert {"pyttsx3", "piper"} <= set(engine_names())


def test_a_plugin_engine_is_found_by_name(beep_plugin: str) -> None:
    assert beep_plugin in engine_names()
    engine = get_engine(beep_plugin)
    assert [v.id for v in engine.voices()] == ["beep"]


def test_a_broken_plugin_is_an_error_not_a_crash(beep_plugin: str) -> None:
    with pytest.raises(EngineError, match="engine 'broken' cannot be loaded"):
        get_engine("broken")


def test_unknown_engine_lists_the_registered_ones() -> None:
    with pytest.raises(EngineError, match="unknown engine 'nope'; choose one of: .*piper.*pyttsx3"):
        get_engine("nope")


def test_voices_lists_the_plugin(runner, beep_plugin: str) -> None:
    result = runner.invoke(app, ["voices"])
    assert result.exit_code == 0, result.output
    assert "beep     beep " in result.stdout


def test_mixed_engines_and_sample_rates_in_one_episode(runner, beep_plugin: str, short_digest: Path, tmp_path: Path) -> None:
    """Anchor at espeak's 22,050 Hz, stories from the plugin at 16,000 Hz: every
    story keeps its true length in the programme (words × 60 / rate seconds)."""
    from podcast import pipeline
    from podcast.config import Config
    import datetime as dt

    voice = VoiceConfig(engine="pyttsx3").overridden(story_engine=beep_plugin, story_rate=120)
    config = Config(voice=voice, output_dir=tmp_path)
    plan = pipeline.plan_episode(short_digest, config, dt.date(2026, 11, 25))
    assert {role: v.engine.name for role, v in plan.voices.items()} == {"anchor": "pyttsx3", "story": "beep"}
    episode = pipeline.render_episode(plan, config)
    stories = [s for s in plan.script.segments if s.role == "story"]
    story_chapters = [c for c in episode.chapters if c.title in {s.title for s in stories}]
    kinds = [s.kind for s in plan.script.segments]
    for segment, chapter in zip(stories, story_chapters):
        following = kinds[plan.script.segments.index(segment) + 1]
        pause = config.audio.pause_after_segment_ms + (config.audio.pause_before_story_ms if following == "story" else 0)
        # A chapter runs to the next one's start: the story's audio, then the pause after it
        # (which the join of two encoded pieces keeps to within half an MP3 frame, 13 ms).
        assert chapter.end - chapter.start - pause / 1000 == pytest.approx(segment.words * 60 / 120, abs=0.015)
    assert episode.path.exists()


def test_roles_get_distinct_voices_by_default_and_the_same_when_configured() -> None:
    default = cast(VoiceConfig(engine="pyttsx3"))
    assert default["anchor"].voice != default["story"].voice
    same = cast(VoiceConfig(engine="pyttsx3", voice="gmw/en-us"))
    assert same["anchor"].voice == same["story"].voice == "gmw/en-us"
