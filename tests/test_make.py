"""`make` end to end with the real engine and the real encoder, read back from the MP3."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import TONE
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from podcast.audio.ffmpeg import ffmpeg_exe
from podcast.cli import app


def _decoded_seconds(path: Path) -> float:
    """Duration by decoding every frame with ffmpeg (independent of the tags)."""
    result = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", "8000", "-"],
        capture_output=True,
        check=True,
    )
    return len(result.stdout) / 2 / 8000


def test_make_writes_a_tagged_mp3_of_the_right_length(runner, short_digest: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["make", str(short_digest), "--date", "2026-11-25", "--output", str(out)])
    assert result.exit_code == 0, result.output
    episode = out / "2026-11-25-morning-brief.mp3"
    assert result.stdout.strip() == str(episode)
    assert "[4/4] spoke outro: Outro" in result.stderr or "Made" in result.stderr

    mp3 = MP3(str(episode))
    assert mp3.info.sample_rate == 44100
    assert mp3.info.channels == 1
    assert mp3.info.bitrate == 96000
    decoded = _decoded_seconds(episode)
    assert 10 < decoded < 60
    assert abs(mp3.info.length - decoded) / decoded < 0.02

    tags = ID3(str(episode))
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == "Chips and Trains"
    assert str(tags["TALB"]) == "Morning Brief"
    assert str(tags["TDRC"]) == "2026-11-25"
    assert str(tags["TCON"]) == "Podcast"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".cache", episode.stem + ".script.json"]
        + [episode.stem + suffix for suffix in (".mp3", ".chapters.json", ".vtt", ".srt", ".jpg")]
    )  # no temporary files left
    assert not list(out.glob(".cache/**/.*partial*"))


def test_remake_replaces_the_episode(runner, short_digest: Path, tmp_path: Path) -> None:
    args = ["make", str(short_digest), "--date", "2026-11-25", "--output", str(tmp_path), *TONE]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, [*args, "--rate", "220"]).exit_code == 0
    assert len(list(tmp_path.glob("*.mp3"))) == 1


def test_make_reports_what_it_made(runner, short_digest: Path, tmp_path: Path) -> None:
    args = ["make", str(short_digest), "--date", "2026-01-02", "-o", str(tmp_path), "--engine", "pyttsx3"]
    result = runner.invoke(app, [*args, "--rate", "190", "--story-rate", "150"])
    assert result.exit_code == 0
    assert "Engine: pyttsx3 (anchor: pyttsx3 gmw/en-gb-x-rp, 190 wpm; story: pyttsx3 gmw/en-us+edward, 150 wpm)" in result.stderr
    assert "Made 0:" in result.stderr


def test_pip_only_ffmpeg_encodes_when_no_system_ffmpeg(monkeypatch, engine, tmp_path: Path) -> None:
    """A fresh machine has no system ffmpeg: imageio-ffmpeg's binary must do the job."""
    import shutil

    from podcast.audio import ffmpeg as ffmpeg_module

    monkeypatch.setattr(shutil, "which", lambda name: None)  # the wheel's binary needs no system one
    ffmpeg_module.ffmpeg_exe.cache_clear()
    try:
        exe = ffmpeg_module.ffmpeg_exe()
        assert "imageio_ffmpeg" in exe
        wav = tmp_path / "clip.wav"
        engine.synthesize("Encoding without a system ffmpeg.", engine.default_voice(), 175, wav)
        ffmpeg_module.run_ffmpeg(["-i", str(wav), "-codec:a", "libmp3lame", "-b:a", "96k", str(tmp_path / "clip.mp3")])
        assert MP3(str(tmp_path / "clip.mp3")).info.length > 1.0
    finally:
        ffmpeg_module.ffmpeg_exe.cache_clear()
