"""The show's music: the package's own stings and bed, or the show's files.

The built-in music is synthesised here from sine partials (no sample, no
download), so it is ours and free to use: a rising arpeggio for the intro, a
falling one resolving to the root for the outro, and a slowly beating pad for
the bed. Every piece is matched to the speech's measured loudness before mixing.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import BUILTIN_MUSIC, MusicConfig
from ..errors import ConfigError, PodcastError
from .loudness import sound_loudness
from .pcm import Sound, db_to_gain, load_sound

ROOT_HZ = 293.66
"""D4: the built-in music is in D major."""
CHORD = (0, 4, 7, 11, 14)
"""Semitones above the root: a major ninth chord (D, F#, A, C#, E)."""


def _hz(semitones: float) -> float:
    return ROOT_HZ * 2 ** (semitones / 12)


def _bell(freq: float, seconds: float, rate: int) -> np.ndarray:
    """One soft electric-piano note: four harmonics, the higher ones dying faster."""
    t = np.arange(round(seconds * rate)) / rate
    note = np.zeros_like(t)
    for harmonic, (level, decay) in enumerate(((1.0, 1.6), (0.45, 3.0), (0.2, 5.0), (0.08, 8.0)), start=1):
        note += level * np.sin(2 * np.pi * freq * harmonic * t) * np.exp(-decay * t)
    attack = np.minimum(1.0, t / 0.006)
    return note * attack


def _echo(samples: np.ndarray, rate: int) -> np.ndarray:
    """Two quiet repeats, a small room in place of reverb."""
    delay = round(0.17 * rate)
    out = samples.copy()
    for n, level in ((1, 0.28), (2, 0.08)):
        out[n * delay :] += level * samples[: len(samples) - n * delay]
    return out


def _fade(samples: np.ndarray, rate: int, fade_in: float, fade_out: float) -> np.ndarray:
    out = samples.copy()
    n_in, n_out = min(len(out), round(fade_in * rate)), min(len(out), round(fade_out * rate))
    if n_in:
        out[:n_in] *= np.linspace(0.0, 1.0, n_in)
    if n_out:
        out[len(out) - n_out :] *= np.linspace(1.0, 0.0, n_out)
    return out


def _arpeggio(semitones: list[int], rate: int, step: float = 0.11, seconds: float = 2.8) -> np.ndarray:
    out = np.zeros(round(seconds * rate))
    bass = _bell(_hz(semitones[0] - 12), seconds, rate) * 0.6
    out += bass
    for n, semitone in enumerate(semitones):
        start = round(n * step * rate)
        note = _bell(_hz(semitone), seconds - n * step, rate)
        out[start : start + len(note)] += note * 0.5
    out = _fade(_echo(out, rate), rate, 0.0, 0.8)
    return (out / np.abs(out).max() * 0.7).astype(np.float32)


def intro_sting(rate: int) -> np.ndarray:
    """The built-in intro: the chord rising, ringing out under the first words."""
    return _arpeggio(list(CHORD) + [12 + 7], rate)


def outro_sting(rate: int) -> np.ndarray:
    """The built-in outro: the chord falling back to the root."""
    return _arpeggio([19, 14, 11, 7, 4, 0], rate, step=0.13, seconds=3.2)


def bed(seconds: float, rate: int) -> np.ndarray:
    """The built-in bed: a soft pad of chord tones, each a sine with a quieter, slightly detuned twin.

    The twin is quieter and each tone beats at its own rate, so the pad shimmers
    but never falls silent (equal twins at one detune cancel every few seconds).
    """
    t = np.arange(round(seconds * rate)) / rate
    out = np.zeros_like(t)
    for semitone, level, detune in ((-12, 0.5, 0.23), (-5, 0.35, 0.37), (4, 0.3, 0.51), (11, 0.2, 0.29), (14, 0.15, 0.43)):
        freq = _hz(semitone)
        out += level * (np.sin(2 * np.pi * freq * t) + 0.5 * np.sin(2 * np.pi * (freq + detune) * t + 1.0))
    out *= 0.85 + 0.15 * np.sin(2 * np.pi * 0.25 * t)
    return (out / max(np.abs(out).max(), 1e-9) * 0.5).astype(np.float32)


@dataclass(frozen=True)
class Music:
    """The pieces of one episode, at the programme rate, not yet gain-matched."""

    intro: np.ndarray | None
    outro: np.ndarray | None
    bed_source: str
    """"" (no bed), "builtin", or a file; the bed is made to length at mixing time."""
    bed_file: np.ndarray | None


NO_MUSIC = Music(None, None, "", None)
"""What the pieces between the first and the last have."""


def _load(setting: str, key: str, rate: int) -> np.ndarray | None:
    if not setting or setting == BUILTIN_MUSIC:
        return None
    path = Path(setting)
    if not path.is_file():
        raise ConfigError(f"[music] {key} file {path} not found; fix it in podcast.toml or set {key} = \"builtin\"")
    try:
        sound = load_sound(path, rate)
    except PodcastError:
        raise ConfigError(f"[music] {key} file {path} is not audio ffmpeg can read; use a WAV, MP3 or OGG file") from None
    if sound.seconds < 0.5:
        raise ConfigError(f"[music] {key} file {path} is shorter than half a second; use a longer piece")
    return sound.samples


def check_music(config: MusicConfig, rate: int) -> None:
    """Fail on a configured music file that is missing, unreadable or too short, before any speech is made."""
    for key in ("intro", "outro", "bed"):
        _load(getattr(config, key), key, rate)


_MAKING_MUSIC = threading.Lock()


def load_music(config: MusicConfig, rate: int) -> Music:
    """Read or make every configured piece, once per settings and rate (only the first and last
    pieces of an episode have music, and only those not already encoded need it); the first and
    last pieces are made at once on two threads, and the second waits for what the first makes."""
    with _MAKING_MUSIC:
        return _music(config, rate)


@functools.lru_cache(maxsize=2)
def _music(config: MusicConfig, rate: int) -> Music:
    intro = _load(config.intro, "intro", rate) if config.intro != BUILTIN_MUSIC else intro_sting(rate)
    outro = _load(config.outro, "outro", rate) if config.outro != BUILTIN_MUSIC else outro_sting(rate)
    bed_file = _load(config.bed, "bed", rate)
    return Music(intro if config.intro else None, outro if config.outro else None, config.bed, bed_file)


def match_loudness(samples: np.ndarray, rate: int, target_lufs: float) -> np.ndarray:
    """Scale a piece so its integrated loudness is `target_lufs`."""
    measured = sound_loudness(Sound(samples, rate))
    if not np.isfinite(measured) or measured < -70:
        return samples
    return (samples * db_to_gain(target_lufs - measured)).astype(np.float32)


def bed_source(music: Music, rate: int, length: int) -> np.ndarray:
    """`length` samples of the bed: the show's file looped, or the built-in pad."""
    if music.bed_file is None:
        return bed(length / rate, rate)
    repeats = -(-length // len(music.bed_file))
    return np.tile(music.bed_file, repeats)[:length]


def duck_and_fade(source: np.ndarray, rate: int, speech: list[tuple[float, float]], stop: float, config: MusicConfig) -> np.ndarray:
    """Duck the bed under each stretch of `speech`, fade it in at the start and out by `stop` seconds.

    The duck is a gain curve in dB at 100 frames a second, smoothed over 0.15 s,
    so the bed breathes down and up rather than jumping.
    """
    frames = len(source) * 100 // rate + 1
    curve = np.zeros(frames)
    for start, end in speech:
        curve[max(0, round((start - 0.15) * 100)) : max(0, round((end + 0.25) * 100))] = config.duck_db
    curve = np.convolve(np.pad(curve, 7, mode="edge"), np.ones(15) / 15, mode="valid")
    gain = 10 ** (np.interp(np.arange(len(source)) / rate * 100, np.arange(len(curve)), curve) / 20)
    out = (source * gain).astype(np.float32)
    end = min(len(out), round(stop * rate))
    out[:end] = _fade(out[:end], rate, 1.5, 1.5)
    out[end:] = 0.0
    return out
