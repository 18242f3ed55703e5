"""The segment cache: each spoken clip is kept under a key of everything that changes its sound.

A newsroom re-makes an episode after every correction; only the clips whose
inputs changed are spoken again. The key is a hash of the exact text handed to
the engine (so a pronunciation-lexicon change is covered), the engine's name and
version, the voice and the rate. Each entry is a WAV in the output folder's clip
cache (podcast/cache.py: checksum, atomic writes, size bound); on every read the
clip is also checked like a fresh one (decodes, has sound, plausible length), and
a bad one is deleted and re-made, never used.
"""

from __future__ import annotations

from ..cache import CacheStore, cache_key
from ..errors import ClipError
from ..models import Segment
from .check import clip_seconds


def clip_key(text: str, engine: str, engine_version: str, voice: str, rate: int) -> str:
    """The cache key of one clip: a hash of every input that changes its sound.

    >>> clip_key("Hello.", "pyttsx3", "1", "gmw/en-us", 175) == clip_key("Hello.", "pyttsx3", "1", "gmw/en-us", 176)
    False
    """
    return cache_key(text=text, engine=engine, version=engine_version, voice=voice, rate=rate)


def cached_clip_seconds(cache: CacheStore, key: str, segment: Segment) -> float | None:
    """The checked duration of the cached clip of `key`, or None if absent or bad (a bad one is removed)."""
    if cache.read(key) is None:
        return None
    try:
        return clip_seconds(cache.path(key), segment)
    except ClipError:
        cache.remove(key)
        return None
