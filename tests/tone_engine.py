"""The test engine: a tone per sentence, as long as its words take at the rate, made at once.

It follows the engine protocol and is installed through the real entry-point
lookup (conftest's `tone_plugin`), so the CLI, cache, batch and publish tests run the
real pipeline (clip checks, sentence timing, encoding, tags, feed) without waiting
for speech. The real engines keep their own end-to-end tests (test_engine,
test_piper, test_make, test_episode_audio, test_check).

Each sentence is a tone followed by a silence as long as a speech engine's
full-stop pause, so the assembler finds the sentence boundaries as it does in speech;
the two voices have different pitches, and each sentence's pitch moves with its
words, so a changed voice or text gives a different clip, as in speech.
"""

from __future__ import annotations

import re
import wave
import zlib
from pathlib import Path

import numpy as np

from podcast.tts import Voice

RATE = 22050
PITCHES = {"low": 220.0, "high": 330.0}
SENTENCE_GAP = 0.3
"""Seconds of silence after each sentence, like espeak's full-stop pause at 175 wpm."""


class ToneEngine:
    name = "tone"
    version = "1"

    def voices(self) -> list[Voice]:
        return [Voice(self.name, voice, f"Tone {voice}", "en", "") for voice in PITCHES]

    def default_voice(self, role: str) -> str:
        return "high" if role == "story" else "low"

    def synthesize(self, text: str, voice: str, rate: int, path: Path) -> None:
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
        pieces = []
        for sentence in sentences:
            seconds = len(sentence.split()) * 60 / rate
            pitch = PITCHES[voice] + zlib.crc32(sentence.encode()) % 64
            t = np.arange(round(seconds * RATE)) / RATE
            pieces.append(0.3 * np.sin(2 * np.pi * pitch * t))
            pieces.append(np.zeros(round(SENTENCE_GAP * RATE)))
        samples = (np.concatenate(pieces) * 32767).astype("<i2") if pieces else np.zeros(0, "<i2")
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(RATE)
            wav.writeframes(samples.tobytes())
