"""Speech engines that misbehave the ways a real engine plugin can: hang, raise, fail once,
write noise, write bytes that are not a WAV, or write speech in an unusual WAV format.

They are registered as a plugin by the dist-info folder beside this file (tests put
this folder on sys.path and PYTHONPATH), and speak like the tone test engine when
they speak at all.
"""

from __future__ import annotations

import hashlib
import random
import time
import wave
from pathlib import Path

import numpy as np
from tone_engine import ToneEngine

RATE = 16000


class HangEngine(ToneEngine):
    name = "hang"

    def synthesize(self, text, voice, rate, path):
        time.sleep(3600)


class CrashEngine(ToneEngine):
    name = "crash"

    def synthesize(self, text, voice, rate, path):
        raise RuntimeError("the voice model is corrupt")


class FlakyEngine(ToneEngine):
    """Fails the first time it is asked for a text, then speaks it (a marker file beside the clip keeps count)."""

    name = "flaky"

    def synthesize(self, text, voice, rate, path):
        marker = Path(path).with_name(f"flaky-{hashlib.sha256(text.encode()).hexdigest()[:12]}.tried")
        if not marker.exists():
            marker.touch()
            raise RuntimeError("first attempt fails")
        super().synthesize(text, voice, rate, path)


class NoiseEngine(ToneEngine):
    """Stereo 8-bit white noise of a plausible length: a valid WAV that is not speech."""

    name = "noise"

    def synthesize(self, text, voice, rate, path):
        frames = int(RATE * max(len(text.split()), 1) * 60 / rate)
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(2)
            wav.setsampwidth(1)
            wav.setframerate(RATE)
            wav.writeframes(random.Random(1).randbytes(frames * 2))


class GarbageEngine(ToneEngine):
    """Random bytes where the WAV should be."""

    name = "garbage"

    def synthesize(self, text, voice, rate, path):
        Path(path).write_bytes(random.Random(2).randbytes(50_000))


class StereoEngine(ToneEngine):
    """The tone voice as 8-bit stereo: an unusual WAV, but speech all the same."""

    name = "stereo"

    def synthesize(self, text, voice, rate, path):
        super().synthesize(text, voice, rate, path)
        with wave.open(str(path)) as wav:
            rate_hz, mono = wav.getframerate(), np.frombuffer(wav.readframes(wav.getnframes()), "<i2")
        eight = ((mono.astype(np.int32) >> 8) + 128).astype(np.uint8)
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(2)
            wav.setsampwidth(1)
            wav.setframerate(rate_hz)
            wav.writeframes(np.repeat(eight, 2).tobytes())
