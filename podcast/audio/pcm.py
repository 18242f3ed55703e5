"""Audio as numbers: any file ffmpeg reads → mono float32 samples at one rate.

Every clip and music file goes through ffmpeg's resampler on the way in, so
engines that write different sample rates (espeak 22,050 Hz, others 16 or
24 kHz) and music at 44.1 or 48 kHz all meet in one programme rate.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

from ..lifetime import scratch_dir
from .ffmpeg import run_ffmpeg


@dataclass(frozen=True)
class Sound:
    """Mono samples in [-1, 1] and their rate."""

    samples: np.ndarray
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


def load_sound(path: Path, rate: int) -> Sound:
    """Decode `path` (WAV, MP3, OGG, FLAC, …) to mono float32 at `rate` Hz."""
    result = run_ffmpeg(["-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "-ar", str(rate), "pipe:1"])
    return Sound(np.frombuffer(result.stdout, dtype="<f4").copy(), rate)


@contextlib.contextmanager
def as_ffmpeg_input(sound: Sound) -> Iterator[list[str]]:
    """ffmpeg input options reading `sound` from a temporary raw file.

    A file, not a pipe: subprocess feeds stdin 512 bytes per poll, which made
    piping a 5-minute programme take seconds per pass (measured), and several
    passes may read the same samples.
    """
    with scratch_dir("pcm") as folder:
        path = Path(folder) / "sound.f32"
        sound.samples.astype("<f4").tofile(path)
        yield ["-f", "f32le", "-ar", str(sound.rate), "-ac", "1", "-i", str(path)]


def silence(seconds: float, rate: int) -> np.ndarray:
    return np.zeros(max(0, round(seconds * rate)), dtype=np.float32)


def envelope_db(samples: np.ndarray, rate: int, frame_seconds: float = 0.01) -> np.ndarray:
    """RMS level of each frame in dBFS (digital silence reads −120)."""
    size = max(1, round(rate * frame_seconds))
    count = len(samples) // size
    if count == 0:
        return np.zeros(0)
    frames = samples[: count * size].reshape(count, size).astype(np.float64)
    return 20 * np.log10(np.sqrt((frames**2).mean(axis=1)) + 1e-6)


def db_to_gain(db: float) -> float:
    """
    >>> round(db_to_gain(-6.0), 3)
    0.501
    """
    return float(10 ** (db / 20))
