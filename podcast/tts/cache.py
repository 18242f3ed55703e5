"""The segment cache: each spoken clip is kept under a key of everything that changes its sound.

A newsroom re-makes an episode after every correction; only the clips whose
inputs changed are spoken again. The key is a hash of the exact text handed to
the engine (so a pronunciation-lexicon change is covered), the engine's name and
version, the voice and the rate. Each entry is a WAV in a checked file cache
(filecache.py: checksum, atomic writes, size bound); on every read the clip is
also checked like a fresh one (decodes, has sound, plausible length), and a bad
one is deleted and re-made, never used.
"""

from __future__ import annotations

import hashlib
import json

from ..errors import ClipError
from ..filecache import FileCache
from ..models import Segment
from .check import clip_seconds

KEY_FORMAT = 1
"""Bumped when the key's recipe changes, so old entries are simply never found again."""


def clip_key(text: str, engine: str, engine_version: str, voice: str, rate: int) -> str:
    """The cache key of one clip: a hash of every input that changes its sound.

    >>> clip_key("Hello.", "pyttsx3", "1", "gmw/en-us", 175) == clip_key("Hello.", "pyttsx3", "1", "gmw/en-us", 175)
    True
    >>> clip_key("Hello.", "pyttsx3", "1", "gmw/en-us", 175) == clip_key("Hello.", "pyttsx3", "1", "gmw/en-us", 176)
    False
    """
    fields = {"format": KEY_FORMAT, "text": text, "engine": engine, "version": engine_version, "voice": voice, "rate": rate}
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


class ClipCache(FileCache):
    """Spoken clips, one WAV per key."""

    suffix = ".wav"
    what = "clip cache"

    def lookup(self, key: str, segment: Segment) -> float | None:
        """The checked duration of the cached clip of `key`, or None if absent or bad (a bad one is removed)."""
        if self.read(key) is None:
            return None
        try:
            return clip_seconds(self.path(key), segment)
        except ClipError:
            self.remove(key)
            return None
