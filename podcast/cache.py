"""The caches of an output folder: one key recipe, one checked and bounded store, one table.

Three caches save a re-made episode work: the spoken clips (tts/speaking.py), the
encoded pieces of episodes (audio/pieces.py) and the records of finished episodes
(audio/reuse.py). Each is a `CacheStore` at `<output>/.cache/<name>/`, listed in
CACHE_KINDS, so `cache info` and `cache clear` cover all of them; every entry's
key is `cache_key(**inputs)`, a hash of everything that goes into it.

A FileCache (an output folder on this machine) keeps each file with a JSON sidecar
of its size and SHA-256. Entries are written under temporary names and renamed
into place, sidecar last, so a reader never sees half an entry; every read checks
the checksum, and a bad entry is deleted and made again, never used. The least
recently used entries go first when the folder outgrows its bound. An output at a
URL keeps its caches there, shared by every machine (object_cache.py), with the
same checks.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import write_failure
from .errors import OutputError

if TYPE_CHECKING:
    from .config import Config


def read_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes as they are on disk now: for checking an entry is intact."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read once per process for each version of the file: for keys.

    A make keys the episode and then each of its pieces on the same clips; the
    file's stat (inode, size, change times) names the version, so the second
    key does not read the clips again.
    """
    stat = path.stat()
    return _sha256_of_version(path, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


@functools.lru_cache(maxsize=4096)
def _sha256_of_version(path: Path, *version: int) -> str:
    return read_sha256(path)


CACHE_FORMAT = 1
"""Bumped when any key's recipe changes, so old entries are simply never found again."""


def cache_key(**inputs: object) -> str:
    """The key of a cache entry: a hash of every input (JSON-able) that changes it.

    >>> cache_key(text="Hello.", rate=175) == cache_key(rate=175, text="Hello.")
    True
    >>> cache_key(text="Hello.", rate=175) == cache_key(text="Hello.", rate=176)
    False
    """
    fields = {"format": CACHE_FORMAT, **inputs}
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CacheKind:
    """One cache of an output folder."""

    name: str
    """Its folder under `<output>/.cache/`, and its line in `cache info`."""
    suffix: str
    """Its files' ending (not .json: that is the sidecars')."""
    what: str
    """What one entry is, for messages: `cache clear` reports "Removed 5 <what>s"."""


CACHE_KINDS = (
    CacheKind("clips", ".wav", "spoken clip"),
    CacheKind("pieces", ".frames", "encoded piece"),
    CacheKind("episodes", ".record", "episode record"),
)


@dataclass(frozen=True)
class CacheInfo:
    """What `cache info` reports of one cache."""

    where: str
    """Its folder, or its URL."""
    entries: int
    size: int
    limit: int


class CacheStore:
    """One cache's checked entries, at most `max_bytes` of them (least recently used go first).

    Two implementations: FileCache (a folder on this machine) and ObjectCache
    (object_cache.py: an fsspec URL shared by many machines). Either way an entry
    is made at a local path (`scratch`), handed over with `store`, and read from a
    local path (`path`, once `read` found it intact).
    """

    def __init__(self, kind: CacheKind, max_bytes: int, where: str) -> None:
        self.kind = kind
        self.max_bytes = max_bytes
        self.where = where

    def close(self) -> None:
        """Let go of whatever this process holds for the cache (its entries stay)."""

    def path(self, key: str) -> Path:
        """The local file of `key` (intact once `read` or `store` said so)."""
        raise NotImplementedError

    def scratch(self, key: str) -> Path:
        """A temporary local name to make the entry at before `store` (one per process and thread)."""
        raise NotImplementedError

    def read(self, key: str) -> dict | None:
        """What was stored with the intact entry of `key`, or None if absent or damaged (a damaged one is removed)."""
        raise NotImplementedError

    def store(self, key: str, made: Path, kept: dict | None = None) -> Path:
        """Move a checked file written at `made` (see `scratch`) into the cache with `kept`; return its local path."""
        raise NotImplementedError

    def remove(self, key: str) -> None:
        raise NotImplementedError

    def clear(self) -> int:
        """Delete every entry (and any leftover partial file); return how many entries there were."""
        raise NotImplementedError

    def _entries(self) -> list[tuple[float, int, str]]:
        """(last use, bytes, key) of every complete entry."""
        raise NotImplementedError

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
            self.remove(key)
            total -= size
            removed += 1
        return removed

    def keys(self) -> set[str]:
        """The keys of every complete entry."""
        return {key for _, _, key in self._entries()}

    def info(self) -> CacheInfo:
        entries = self._entries()
        return CacheInfo(self.where, len(entries), sum(size for _, size, _ in entries), self.max_bytes)


class FileCache(CacheStore):
    """A cache in a folder on this machine: each file with a JSON sidecar of its size and SHA-256."""

    def __init__(self, folder: Path, max_bytes: int, kind: CacheKind) -> None:
        super().__init__(kind, max_bytes, str(folder))
        self.folder = folder
        self.suffix = kind.suffix

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{self.suffix}"  # a two-letter fan-out keeps folders small

    def _sidecar(self, key: str) -> Path:
        return self.path(key).with_suffix(".json")

    def _failed(self, exc: OSError, needed: int = 0) -> OutputError:
        return write_failure(exc, f"the {self.kind.what}", self.folder, needed, "use --no-cache")

    def scratch(self, key: str) -> Path:
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._failed(exc) from None
        return path.with_name(f".{key}.{os.getpid()}-{threading.get_ident()}.partial{self.suffix}")

    def read(self, key: str) -> dict | None:
        stored, sidecar = self.path(key), self._sidecar(key)
        if not sidecar.exists():
            return None
        try:
            meta = json.loads(sidecar.read_text(encoding="utf-8"))
            if stored.stat().st_size != meta["size"] or read_sha256(stored) != meta["sha256"]:
                raise ValueError("checksum mismatch")
            os.utime(stored)  # last use, for the size bound; atime alone is unreliable on relatime mounts
            return meta.get("kept") or {}
        except (OSError, ValueError, KeyError, TypeError):
            self.remove(key)
            return None

    def store(self, key: str, made: Path, kept: dict | None = None) -> Path:
        stored, sidecar = self.path(key), self._sidecar(key)
        meta = {"size": made.stat().st_size, "sha256": read_sha256(made), "kept": kept or {}}
        needed = meta["size"] + 1024
        partial = sidecar.with_name(f".{sidecar.name}.{os.getpid()}-{threading.get_ident()}.partial")
        try:
            partial.write_text(json.dumps(meta), encoding="utf-8")
            os.replace(made, stored)
            os.replace(partial, sidecar)
        except OSError as exc:
            made.unlink(missing_ok=True)
            raise self._failed(exc, needed) from None
        finally:
            partial.unlink(missing_ok=True)
        return stored

    def remove(self, key: str) -> None:
        self._sidecar(key).unlink(missing_ok=True)
        self.path(key).unlink(missing_ok=True)

    def _entries(self) -> list[tuple[float, int, str]]:
        found = []
        for sidecar in self.folder.glob("??/*.json"):
            try:
                stat = sidecar.with_suffix(self.suffix).stat()
                found.append((stat.st_mtime, stat.st_size + sidecar.stat().st_size, sidecar.stem))
            except FileNotFoundError:
                continue
        return found

    def clear(self) -> int:
        count = len(self._entries())
        shutil.rmtree(self.folder, ignore_errors=True)
        return count


@dataclass(frozen=True)
class Caches:
    """The caches of one output, each bounded to the configured size."""

    clips: CacheStore
    pieces: CacheStore
    episodes: CacheStore

    def all(self) -> list[tuple[CacheKind, CacheStore]]:
        return [(kind, getattr(self, kind.name)) for kind in CACHE_KINDS]

    def __enter__(self) -> "Caches":
        return self

    def __exit__(self, *exc: object) -> None:
        """Close every cache: the local working copies of entries at a URL go as the make ends, not at
        the garbage collector's leisure (which a command's quick exit never waits for)."""
        for _, cache in self.all():
            cache.close()


def hash_memo_path(output_dir: Path) -> Path:
    """The publish stage's memo of its files' SHA-256s (publish/digests.py): a speed-up, not a cache
    of made work, kept beside the caches so that `cache clear` forgets it too."""
    return output_dir / ".cache" / "digests.json"


def output_caches(config: Config) -> Caches:
    """The caches of the configured output (at its URL when it has one), bounded by `[cache] max_mb`."""
    if config.output_url:
        from .object_cache import open_object_caches  # deferred: fsspec loads only for a URL output

        return open_object_caches(config.output_url, config.cache.max_mb, config.publish)
    return open_caches(config.output_dir, config.cache.max_mb)


def open_caches(output_dir: Path, max_mb: int) -> Caches:
    """The caches under `<output_dir>/.cache/` (nothing is created until an entry is stored)."""
    root = output_dir / ".cache"
    return Caches(**{k.name: FileCache(root / k.name, max_mb * 1024 * 1024, k) for k in CACHE_KINDS})
