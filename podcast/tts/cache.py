"""The segment cache: each spoken clip is kept under a key of everything that changes its sound.

A newsroom re-makes an episode after every correction; only the clips whose
inputs changed are spoken again. The key is a hash of the exact text handed to
the engine (so a pronunciation-lexicon change is covered), the engine's name and
version, the voice and the rate. Each entry is a WAV plus a JSON sidecar with
its size and SHA-256, written under temporary names and renamed into place,
sidecar last; an entry is checked on every read (checksum, decodes, has sound,
plausible length) and a bad one is deleted and re-made, never used. The cache
is bounded in size: the least recently used entries go first.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import ClipError, OutputError
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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class CacheInfo:
    """What `cache info` reports."""

    folder: Path
    entries: int
    size: int
    limit: int


class ClipCache:
    """Clips on disk under `folder`, at most `max_bytes` of them (least recently used go first)."""

    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = folder
        self.max_bytes = max_bytes

    def path(self, key: str) -> Path:
        """Where the WAV of `key` lives (two-letter fan-out keeps folders small)."""
        return self.folder / key[:2] / f"{key}.wav"

    def _sidecar(self, key: str) -> Path:
        return self.path(key).with_suffix(".json")

    def scratch(self, key: str) -> Path:
        """A temporary name beside the entry, for the engine to write into before `store`."""
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot write the clip cache {self.folder}: {exc.strerror}; use --no-cache") from None
        return path.with_name(f".{key}.{os.getpid()}.partial.wav")

    def lookup(self, key: str, segment: Segment) -> float | None:
        """The checked duration of the cached clip of `key`, or None if absent or bad (a bad one is removed)."""
        wav, sidecar = self.path(key), self._sidecar(key)
        if not sidecar.exists():
            return None
        try:
            meta = json.loads(sidecar.read_text(encoding="utf-8"))
            if wav.stat().st_size != meta["size"] or file_sha256(wav) != meta["sha256"]:
                raise ValueError("checksum mismatch")
            seconds = clip_seconds(wav, segment)
        except (OSError, ValueError, KeyError, TypeError, ClipError):
            self._remove(key)
            return None
        os.utime(wav)  # last use, for the size bound; atime alone is unreliable on relatime mounts
        return seconds

    def store(self, key: str, made: Path) -> Path:
        """Move a checked clip written at `made` (see `scratch`) into the cache; return its path."""
        wav, sidecar = self.path(key), self._sidecar(key)
        meta = {"size": made.stat().st_size, "sha256": file_sha256(made)}
        partial = sidecar.with_name(f".{sidecar.name}.{os.getpid()}.partial")
        try:
            partial.write_text(json.dumps(meta), encoding="utf-8")
            os.replace(made, wav)
            os.replace(partial, sidecar)
        except OSError as exc:
            raise OutputError(f"cannot write the clip cache {self.folder}: {exc.strerror}; use --no-cache") from None
        finally:
            partial.unlink(missing_ok=True)
        return wav

    def _remove(self, key: str) -> None:
        self._sidecar(key).unlink(missing_ok=True)
        self.path(key).unlink(missing_ok=True)

    def _entries(self) -> list[tuple[float, int, str]]:
        """(last use, bytes, key) of every complete entry."""
        found = []
        for sidecar in self.folder.glob("??/*.json"):
            wav = sidecar.with_suffix(".wav")
            try:
                stat = wav.stat()
            except FileNotFoundError:
                continue
            found.append((stat.st_mtime, stat.st_size + sidecar.stat().st_size, sidecar.stem))
        return found

    def prune(self, keep: frozenset[str] = frozenset()) -> int:
        """Remove least recently used entries (never those in `keep`) until the cache fits; return how many."""
        entries = sorted(self._entries())
        total = sum(size for _, size, _ in entries)
        removed = 0
        for _, size, key in entries:
            if total <= self.max_bytes:
                break
            if key in keep:
                continue
            self._remove(key)
            total -= size
            removed += 1
        return removed

    def info(self) -> CacheInfo:
        entries = self._entries()
        return CacheInfo(self.folder, len(entries), sum(size for _, size, _ in entries), self.max_bytes)

    def clear(self) -> int:
        """Delete every entry (and any leftover partial file); return how many entries there were."""
        count = len(self._entries())
        shutil.rmtree(self.folder, ignore_errors=True)
        return count
