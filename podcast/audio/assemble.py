"""Assemble stage: checked clips → one encoded, tagged episode file.

The programme is built once as a list of PCM chunks and joined a single time,
so assembly stays linear in the number of segments (pydub's `+` in a loop is
quadratic and its `append` crossfades into the speech).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pydub import AudioSegment

from ..config import AudioConfig, ShowConfig
from ..errors import OutputError
from ..models import Chapter, Clip, Episode
from .ffmpeg import run_ffmpeg
from .tags import write_tags


def _pause_after(clips: list[Clip], n: int, audio: AudioConfig) -> int:
    """Milliseconds of silence after clip n: longer before a story starts."""
    if n + 1 >= len(clips):
        return 0
    pause = audio.pause_after_segment_ms
    if clips[n + 1].segment.kind == "story":
        pause += audio.pause_before_story_ms
    return pause


def build_programme(clips: list[Clip], audio: AudioConfig) -> tuple[AudioSegment, list[Chapter]]:
    """Join clips with their pauses; return the audio and where each segment lies."""
    loaded = [AudioSegment.from_wav(str(c.path)) for c in clips]
    rate = max(a.frame_rate for a in loaded)
    chunks: list[bytes] = []
    chapters = []
    position = 0.0
    for n, (clip, sound) in enumerate(zip(clips, loaded)):
        sound = sound.set_channels(1).set_sample_width(2).set_frame_rate(rate)
        chunks.append(sound.raw_data)
        start, position = position, position + len(sound.raw_data) / (2 * rate)
        silence = AudioSegment.silent(_pause_after(clips, n, audio), frame_rate=rate)
        chunks.append(silence.raw_data)
        chapters.append(Chapter(clip.segment.title, start, position))
        position += len(silence.raw_data) / (2 * rate)
    programme = AudioSegment(data=b"".join(chunks), sample_width=2, frame_rate=rate, channels=1)
    return programme, chapters


def encode_mp3(programme: AudioSegment, path: Path, audio: AudioConfig) -> None:
    """Encode PCM to MP3 (CBR) at the configured rate and channel count."""
    run_ffmpeg(
        [
            "-f", "s16le", "-ar", str(programme.frame_rate), "-ac", "1", "-i", "pipe:0",
            "-ar", str(audio.sample_rate), "-ac", str(audio.channels),
            "-codec:a", "libmp3lame", "-b:a", audio.bitrate, "-f", "mp3", str(path),
        ],
        stdin=programme.raw_data,
    )


def assemble(
    clips: list[Clip], path: Path, title: str, date: dt.date, show: ShowConfig, show_name: str, audio: AudioConfig
) -> Episode:
    """Write the episode to `path` atomically: a temporary name, then a rename."""
    programme, chapters = build_programme(clips, audio)
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.partial{path.suffix}")
    try:
        encode_mp3(programme, temporary, audio)
        write_tags(temporary, title=title, show=show_name, author=show.author, date=date, genre=show.genre)
        os.replace(temporary, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}; check the output folder") from None
    finally:
        temporary.unlink(missing_ok=True)
    return Episode(
        path=path,
        title=title,
        date=date,
        seconds=programme.duration_seconds,
        size=path.stat().st_size,
        chapters=tuple(chapters),
    )
