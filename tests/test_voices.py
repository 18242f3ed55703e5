"""`voices`: every installed engine's voices, auditioning one; voices by role in podcast.toml."""

from __future__ import annotations

import json
import wave
from pathlib import Path

from mutagen.mp3 import MP3

from podcast.cli import app, build_config
from podcast.config import load_config


def test_voices_lists_every_installed_engine(runner) -> None:
    result = runner.invoke(app, ["voices", "--json"])
    assert result.exit_code == 0, result.output
    voices = {(v["engine"], v["id"]): v for v in json.loads(result.stdout)}
    assert voices["pyttsx3", "gmw/en-us"]["language"] == "en-us"
    assert voices["pyttsx3", "gmw/en-us+f3"]["gender"] == "female"
    assert voices["piper", "en_US-joe-medium"]["language"] == "en_US"
    assert not [key for key in voices if key[1].startswith("mb/")]


def test_say_writes_a_sample_wav(runner, tmp_path: Path) -> None:
    sample = tmp_path / "sample.wav"
    args = ["voices", "--say", "Good morning, this is the news.", "--voice", "gmw/en-us+m3", "-o", str(sample)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(sample)
    assert "Spoke with pyttsx3 voice gmw/en-us+m3" in result.stderr
    with wave.open(str(sample)) as wav:
        assert 1.0 < wav.getnframes() / wav.getframerate() < 5.0


def test_say_finds_the_engine_of_the_voice_and_writes_mp3(runner, tmp_path: Path) -> None:
    sample = tmp_path / "joe.mp3"
    result = runner.invoke(app, ["voices", "--say", "Good morning.", "--voice", "en_US-joe-medium", "-o", str(sample)])
    assert result.exit_code == 0, result.output
    assert "Spoke with piper voice en_US-joe-medium" in result.stderr
    assert 0.5 < MP3(str(sample)).info.length < 4.0
    assert [p.name for p in tmp_path.iterdir()] == ["joe.mp3"]


def test_say_with_an_unknown_voice(runner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["voices", "--say", "Hello.", "--voice", "klingon", "-o", str(tmp_path / "s.wav")])
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: no installed engine has voice 'klingon'; run 'roundup-podcast voices' to list them\n",
    )
    assert not list(tmp_path.iterdir())


def test_roles_from_podcast_toml_and_flags_over_them(tmp_path: Path) -> None:
    toml = tmp_path / "podcast.toml"
    toml.write_text(
        '[voice]\nengine = "pyttsx3"\nrate = 170\n'
        '[voice.anchor]\nvoice = "gmw/en-us+m3"\n'
        '[voice.story]\nengine = "piper"\nrate = 160\n'
    )
    voice = load_config(toml).voice
    assert (voice.for_role("anchor").engine, voice.for_role("anchor").voice, voice.for_role("anchor").rate) == ("pyttsx3", "gmw/en-us+m3", 170)
    assert (voice.for_role("story").engine, voice.for_role("story").voice, voice.for_role("story").rate) == ("piper", "", 160)
    both = build_config(toml, voice="gmw/en-gb-x-rp", rate=150, engine="pyttsx3").voice
    assert both.for_role("anchor") == both.for_role("story")
    assert (both.for_role("story").voice, both.for_role("story").rate) == ("gmw/en-gb-x-rp", 150)


def test_unknown_key_in_a_role_table(runner, short_digest: Path, tmp_path: Path) -> None:
    toml = tmp_path / "podcast.toml"
    toml.write_text('[voice.story]\npitch = 3\n')
    result = runner.invoke(app, ["preview", str(short_digest), "--config", str(toml)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {toml}: unknown key [voice.story] pitch; known keys: engine, rate, voice\n"
