"""Encoded pieces: joined frame streams keep every sample where the timeline says, and the piece
cache re-makes exactly the pieces whose inputs changed, never a damaged one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import TONE

from podcast.audio.encode import audio_format, encode_piece
from podcast.audio.ffmpeg import run_ffmpeg
from podcast.audio.frames import count_frames
from podcast.cache import FileCache, open_caches
from podcast.cli import app
from podcast.config import AudioConfig


def _decode(path: Path, rate: int) -> np.ndarray:
    result = run_ffmpeg(["-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "-ar", str(rate), "pipe:1"])
    return np.frombuffer(result.stdout, dtype="<f4")


@pytest.mark.parametrize(("fmt", "rate"), [("mp3", 44100), ("mp3", 22050), ("m4a", 48000)])
def test_joined_pieces_play_each_sample_where_the_frames_say(tmp_path: Path, fmt: str, rate: int) -> None:
    """Three pieces with a click each, encoded apart and joined: each click is heard at
    (samples of the frames before its piece) + priming + its place in the piece."""
    audio = AudioConfig(format=fmt, sample_rate=rate)
    chosen = audio_format(audio)
    clicks, streams = [1000, 7000, 300], []
    for n, (click, seconds) in enumerate(zip(clicks, (1.0, 0.73, 1.31))):
        samples = np.zeros(round(seconds * rate), dtype=np.float32)
        samples[click] = 0.9
        pcm, stream = tmp_path / f"{n}.f32", tmp_path / f"{n}.frames"
        samples.tofile(pcm)
        encode_piece([(pcm, rate)], "[0:a]anull", stream, audio, ["-f", "null", "-"])
        streams.append(stream)
    joined = tmp_path / "joined.aac"
    joined.write_bytes(b"".join(s.read_bytes() for s in streams))
    decoded = _decode(joined, rate)
    frames = [count_frames(s.read_bytes(), chosen.frames) for s in streams]
    assert sum(f.samples for f in frames) == len(decoded)
    assert frames[0].samples_per_frame == chosen.frame_samples(rate)
    before = np.cumsum([0] + [f.samples for f in frames[:-1]])
    heard = [int(np.argmax(np.abs(decoded[start : start + f.samples]))) + start for start, f in zip(before, frames)]
    assert heard == [start + chosen.priming + click for start, click in zip(before, clicks)]


def _make(runner, digest: Path, out: Path, *flags: str) -> Path:
    args = ["make", str(digest), "--date", "2026-11-25", "-o", str(out), *TONE, *flags]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return Path(result.stdout.strip())


def _pieces(out: Path) -> FileCache:
    return open_caches(out, 1024).pieces


def test_edited_story_re_encodes_only_its_piece(runner, short_digest: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _make(runner, short_digest, out)
    first = _pieces(out).keys()
    assert len(first) == 5  # intro, headlines, two stories, outro
    short_digest.write_text(short_digest.read_text().replace("forty minutes", "thirty five minutes"), encoding="utf-8")
    _make(runner, short_digest, out)
    second = _pieces(out).keys()
    assert first < second and len(second - first) == 1  # the edited story's piece, the only one made


def test_audio_setting_change_re_encodes_every_piece(runner, short_digest: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _make(runner, short_digest, out)
    first = _pieces(out).keys()
    config = tmp_path / "podcast.toml"
    config.write_text("[audio]\nloudness_lufs = -18.0\n", encoding="utf-8")
    _make(runner, short_digest, out, "--config", str(config))
    assert len(_pieces(out).keys() - first) == 5


def _truncate(cache: FileCache, key: str) -> None:
    path = cache.path(key)
    path.write_bytes(path.read_bytes()[:-700])


def _flip_a_byte(cache: FileCache, key: str) -> None:
    path = cache.path(key)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _stored_short(cache: FileCache, key: str) -> None:
    """Frames cut short, stored through the cache itself with the piece's own record: only the frame count can tell."""
    kept, data = cache.read(key), cache.path(key).read_bytes()
    short = cache.scratch(key)
    short.write_bytes(data[: len(data) // 2 + 5])
    cache.store(key, short, kept)


@pytest.mark.parametrize("damage", [_truncate, _flip_a_byte, _stored_short])
def test_damaged_piece_is_detected_and_re_made(runner, short_digest: Path, tmp_path: Path, damage) -> None:
    out = tmp_path / "out"
    good = _make(runner, short_digest, out).read_bytes()
    pieces = _pieces(out)
    damage(pieces, max(pieces.keys(), key=lambda key: pieces.path(key).stat().st_size))
    _make(runner, short_digest, out, "--config", str(_bitrate(tmp_path, "64k")))  # another episode between
    assert _make(runner, short_digest, out).read_bytes() == good


def _bitrate(folder: Path, bitrate: str) -> Path:
    config = folder / f"{bitrate}.toml"
    config.write_text(f'[audio]\nbitrate = "{bitrate}"\n', encoding="utf-8")
    return config


@pytest.mark.parametrize("broken", ["producer", "consumer"])
def test_a_failing_ffmpeg_in_a_pipe_is_an_error_not_a_hang(broken: str) -> None:
    from podcast.audio.ffmpeg import run_ffmpeg_into
    from podcast.errors import AudioError

    producer = ["-f", "lavfi", "-i", "sine=d=30", "-f", "wav", "pipe:1"]
    consumer = ["-f", "wav", "-i", "pipe:0", "-f", "null", "-"]
    if broken == "producer":
        producer = ["-f", "lavfi", "-i", "no_such_source", "-f", "wav", "pipe:1"]
    else:
        consumer = ["-f", "wav", "-i", "pipe:0", "-af", "no_such_filter", "-f", "null", "-"]
    with pytest.raises(AudioError, match="ffmpeg failed"):
        run_ffmpeg_into(producer, consumer)
