"""The episode's file formats and the one ffmpeg call that writes them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import AudioConfig
from ..errors import ConfigError
from .ffmpeg import run_ffmpeg


@dataclass(frozen=True)
class AudioFormat:
    """How one output format is named, served and encoded."""

    name: str
    suffix: str
    mime: str
    codec: tuple[str, ...]
    """ffmpeg output options before the bitrate."""
    muxer: tuple[str, ...]
    sample_rates: tuple[int, ...]


FORMATS = {
    "mp3": AudioFormat(
        "mp3", ".mp3", "audio/mpeg", ("-codec:a", "libmp3lame"), ("-f", "mp3"),
        (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000),
    ),
    "m4a": AudioFormat(
        "m4a", ".m4a", "audio/x-m4a", ("-codec:a", "aac"), ("-movflags", "+faststart", "-f", "mp4"),
        (8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000),
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


def encode(source: list[str], path: Path, audio: AudioConfig, filters: str, chapters: Path | None = None) -> str:
    """Filter the `source` input through `filters` and encode it to `path` in the configured format.

    `chapters` is an ffmetadata file whose chapters ffmpeg writes into the file
    (used for M4A; MP3 chapters are written as ID3 frames afterwards).
    Returns ffmpeg's log, where filters report what they did.
    """
    chosen = audio_format(audio)
    inputs = list(source)
    if chapters is not None:
        inputs += ["-f", "ffmetadata", "-i", str(chapters), "-map", "0:a", "-map_chapters", "1"]
    result = run_ffmpeg(
        [
            *inputs, "-af", filters, "-ar", str(audio.sample_rate), "-ac", str(audio.channels),
            *chosen.codec, "-b:a", audio.bitrate, *chosen.muxer, str(path),
        ]
    )
    return result.stderr.decode("utf-8", "replace")
