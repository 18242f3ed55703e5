"""The episode's file formats: how a piece is encoded, and how joined pieces become the file.

Pieces are encoded as bare frame streams (MP3 without its Xing and ID3
headers, AAC as ADTS) so that joining them is concatenation (see frames.py);
an MP3 episode is then that stream, an M4A episode that stream copied into an
MP4 container with its chapters, without encoding again.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..config import AudioConfig
from ..errors import ConfigError
from .ffmpeg import run_ffmpeg, run_ffmpeg_into


@dataclass(frozen=True)
class AudioFormat:
    """How one output format is named, served and encoded."""

    name: str
    suffix: str
    mime: str
    codec: tuple[str, ...]
    """ffmpeg output options before the bitrate."""
    stream: str
    """The ffmpeg muxer, with its options, that writes a piece as a bare frame stream (tee syntax)."""
    frames: str
    """The frame format of that stream: for frames.count_frames, and ffmpeg's demuxer that reads it."""
    priming: int
    """Samples of encoder and decoder delay before a piece's first sample is heard (measured at every rate)."""
    codec_loss_lu: float
    """How much quieter the encoder's output reads than its input (measured on speech), made up in
    advance so pieces land on target at the first encode."""
    sample_rates: tuple[int, ...]

    def frame_samples(self, rate: int) -> int:
        """Samples per encoded frame: AAC 1024; MP3 1152, or 576 below 32 kHz (MPEG-2 and 2.5)."""
        if self.frames == "aac":
            return 1024
        return 1152 if rate >= 32000 else 576

    def join_allowance(self, rate: int) -> int:
        """Samples a join adds to the pause before it, on average: the next piece's priming,
        and the last frame's padding, half a frame on average. Pieces end that much short."""
        return self.priming + self.frame_samples(rate) // 2


FORMATS = {
    "mp3": AudioFormat(
        "mp3", ".mp3", "audio/mpeg", ("-codec:a", "libmp3lame"), "f=mp3:write_xing=0:id3v2_version=0",
        "mp3", 1105, 0.4, (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000),
    ),
    "m4a": AudioFormat(
        "m4a", ".m4a", "audio/x-m4a", ("-codec:a", "aac"), "f=adts",
        "aac", 1024, 0.0, (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000),
    ),
}


def audio_format(audio: AudioConfig) -> AudioFormat:
    """The configured format, its sample rate and bitrate checked before any audio is made."""
    try:
        chosen = FORMATS[audio.format]
    except KeyError:
        raise ConfigError(f"unknown audio format {audio.format!r}; choose one of: {', '.join(FORMATS)}") from None
    if audio.sample_rate not in chosen.sample_rates:
        rates = ", ".join(str(r) for r in chosen.sample_rates)
        raise ConfigError(f"[audio] sample_rate {audio.sample_rate} is not possible for {chosen.name}; use one of {rates}")
    kbps = audio.bitrate.lower().removesuffix("k")
    if not kbps.isdigit() or not 8 <= int(kbps) <= 320:
        raise ConfigError(f"[audio] bitrate {audio.bitrate!r} is not a bitrate; write it like \"96k\" (8k to 320k)")
    if audio.channels not in (1, 2):
        raise ConfigError(f"[audio] channels {audio.channels} must be 1 (mono) or 2 (stereo)")
    return chosen


def encode_piece(
    inputs: list[tuple[Path, int]], graph: str, path: Path, audio: AudioConfig, meter: list[str]
) -> subprocess.CompletedProcess:
    """Encode raw mono float32 inputs (file, rate) through the filter `graph` to a frame stream at `path`,
    measuring the stream with the ffmpeg options `meter` as it is written; return the meter's result.

    The graph reads `[0:a]`, `[1:a]`… and its last output is what gets encoded.
    The encoder tees its frames into a second ffmpeg that decodes and meters
    them at the same time, on the other core, instead of reading the file again.
    """
    chosen = audio_format(audio)
    sources = [option for pcm, rate in inputs for option in ("-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", str(pcm))]
    encoder = [
        *sources, "-filter_complex", graph,
        "-ar", str(audio.sample_rate), "-ac", str(audio.channels), *chosen.codec, "-b:a", audio.bitrate,
        "-f", "tee", f"[{chosen.stream}]{path}|[{chosen.stream}]pipe:1",
    ]
    return run_ffmpeg_into(encoder, ["-f", chosen.frames, "-i", "pipe:0", *meter])


def _concatenate(streams: list[Path], target: Path) -> None:
    with target.open("wb") as joined:
        for stream in streams:
            with stream.open("rb") as piece:
                shutil.copyfileobj(piece, joined)


def write_episode(streams: list[Path], path: Path, audio: AudioConfig, chapters: Path, workdir: Path) -> None:
    """Join the pieces' frame streams into the episode file at `path`.

    MP3 is the joined stream itself (tags are added afterwards); M4A copies the
    joined ADTS stream into MP4 with `chapters` (an ffmetadata file), moov first
    so players can start before the download ends. Nothing is encoded again.
    """
    if audio_format(audio).name == "mp3":
        _concatenate(streams, path)
        return
    joined = workdir / "episode.aac"
    _concatenate(streams, joined)
    run_ffmpeg(
        [
            "-f", "aac", "-i", str(joined), "-f", "ffmetadata", "-i", str(chapters), "-map", "0:a", "-map_chapters", "1",
            "-c", "copy", "-movflags", "+faststart", "-f", "mp4", str(path),
        ]
    )
