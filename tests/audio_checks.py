"""Measuring finished episode files independently of the code that made them.

Everything here reads the encoded file back with ffmpeg (decode, ebur128,
ffmetadata) so tests check what a listener's player gets.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from podcast.audio.ffmpeg import ffmpeg_exe

RATE = 16000
FRAME = 0.01
QUIET_DB = -50.0


def ffmpeg(*args: str) -> str:
    result = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostats", *args], capture_output=True, check=True)
    return result.stderr.decode("utf-8", "replace") + result.stdout.decode("utf-8", "replace")


def loudness(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) from `ffmpeg -af ebur128=peak=true`."""
    summary = ffmpeg("-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-").rpartition("Summary:")[2]
    integrated = float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))
    peak = float(re.search(r"Peak:\s+(-?[\d.]+) dBFS", summary).group(1))
    return integrated, peak


def levels(path: Path) -> np.ndarray:
    """The decoded file's RMS level per 10 ms frame, in dBFS."""
    raw = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "-ar", str(RATE), "-"],
        capture_output=True,
        check=True,
    ).stdout
    samples = np.frombuffer(raw, dtype="<f4")
    size = int(RATE * FRAME)
    frames = samples[: len(samples) // size * size].reshape(-1, size)
    return 20 * np.log10(np.sqrt((frames.astype(np.float64) ** 2).mean(axis=1)) + 1e-9)


@dataclass(frozen=True)
class Stretch:
    start: float
    end: float


def sounds(path: Path, min_silence: float = 0.25) -> list[Stretch]:
    """Stretches of sound separated by at least `min_silence` seconds of silence."""
    loud = levels(path) > QUIET_DB
    stretches: list[Stretch] = []
    start = None
    quiet_run = 0
    for index, is_loud in enumerate(loud):
        if is_loud:
            if start is None:
                start = index
            quiet_run = 0
        elif start is not None:
            quiet_run += 1
            if quiet_run * FRAME >= min_silence:
                stretches.append(Stretch(start * FRAME, (index - quiet_run + 1) * FRAME))
                start, quiet_run = None, 0
    if start is not None:
        stretches.append(Stretch(start * FRAME, (len(loud) - quiet_run) * FRAME))
    return stretches


def chapters(path: Path) -> list[tuple[float, float, str]]:
    """(start, end, title) of each chapter as ffmpeg's demuxer reads them (what ffprobe -show_chapters shows)."""
    text = ffmpeg("-v", "error", "-i", str(path), "-f", "ffmetadata", "-")
    found = []
    for block in text.split("[CHAPTER]")[1:]:
        base = re.search(r"TIMEBASE=(\d+)/(\d+)", block)
        scale = int(base.group(1)) / int(base.group(2))
        start = int(re.search(r"START=(\d+)", block).group(1)) * scale
        end = int(re.search(r"END=(\d+)", block).group(1)) * scale
        title = re.search(r"title=(.*)", block).group(1)
        found.append((start, end, title))
    return found


def vtt_cues(text: str) -> list[tuple[float, float, list[str]]]:
    """(start, end, text lines) of each WebVTT cue."""
    cues = []
    for block in text.strip().split("\n\n")[1:]:
        timing, *lines = block.split("\n")
        start, end = (_seconds(t) for t in timing.split(" --> "))
        cues.append((start, end, lines))
    return cues


def _seconds(clock: str) -> float:
    hours, minutes, seconds = clock.replace(",", ".").split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def srt_cues(text: str) -> list[tuple[float, float, list[str]]]:
    cues = []
    for block in text.strip().split("\n\n"):
        _, timing, *lines = block.split("\n")
        start, end = (_seconds(t) for t in timing.split(" --> "))
        cues.append((start, end, lines))
    return cues
