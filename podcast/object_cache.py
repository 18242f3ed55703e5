"""A cache at an fsspec URL (S3 and compatibles, SFTP), shared by every machine that makes episodes.

Each entry is one object, `<url>/.cache/<kind>/<ab>/<key><suffix>`: a first line of
JSON (size and SHA-256 of the file, and what the cache keeps with it) and then the
file's bytes. One object, not a file and a sidecar, because two machines may store
the same key at once: an object store's put is atomic and the last one wins whole,
so a reader sees one writer's entry or the other's, never a mix; on a server
without atomic puts the object is written aside under a name of its own and
renamed. Every read checks the size and checksum, so an object cut short (a
killed upload on a store that shows one, a damaged copy) is removed and made again.

Programs that read an entry (ffmpeg, the clip checks) want a file, so a read copies
the entry into a scratch folder of this process, removed when the cache is dropped.
An object store has no cheap way to mark a read, so the size bound drops the least
recently *written* entries first.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import threading
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import CACHE_KINDS, CacheKind, Caches, CacheStore
from .storage import failure, open_output

if TYPE_CHECKING:
    from .config import PublishConfig
    from .publish.targets import Target


def packed(data: bytes, kept: dict) -> bytes:
    """An entry's object: a JSON line of its size, checksum and `kept`, then the bytes."""
    meta = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "kept": kept}
    return json.dumps(meta, separators=(",", ":")).encode("utf-8") + b"\n" + data


def unpacked(blob: bytes) -> tuple[bytes, dict] | None:
    """The bytes and `kept` of an intact entry's object, or None for a damaged or foreign one.

    >>> unpacked(packed(b"RIFF", {"a": 1}))
    (b'RIFF', {'a': 1})
    >>> unpacked(packed(b"RIFF", {})[:-1]) is None
    True
    """
    header, newline, data = blob.partition(b"\n")
    try:
        meta = json.loads(header)
        intact = newline and len(data) == meta["size"] and hashlib.sha256(data).hexdigest() == meta["sha256"]
        return (data, meta.get("kept") or {}) if intact else None
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


class ObjectCache(CacheStore):
    """One cache kind's entries under `<target>/.cache/<kind>/`."""

    def __init__(self, target: Target, kind: CacheKind, max_bytes: int) -> None:
        super().__init__(kind, max_bytes, f"{target.url}/.cache/{kind.name}")
        self.target = target
        self.root = target.path(f".cache/{kind.name}")
        self.local = Path(tempfile.mkdtemp(prefix=f"roundup-cache.{os.getpid()}."))  # lifetime.sweep's pattern
        self._remove_local = weakref.finalize(self, shutil.rmtree, self.local, True)

    def close(self) -> None:
        """Remove the working copies: the entries stay at the URL."""
        self._remove_local()

    def _relative(self, key: str) -> str:
        return f".cache/{self.kind.name}/{key[:2]}/{key}{self.kind.suffix}"

    def path(self, key: str) -> Path:
        return self.local / f"{key}{self.kind.suffix}"

    def scratch(self, key: str) -> Path:
        return self.local / f".{key}.{os.getpid()}-{threading.get_ident()}.partial{self.kind.suffix}"

    def read(self, key: str) -> dict | None:
        try:
            blob = self.target.fs.cat_file(self.target.path(self._relative(key)))
        except FileNotFoundError:
            return None
        except Exception as exc:  # the backends raise their own kinds (botocore, aiohttp, asyncssh)
            raise failure(exc, f"read the {self.kind.what} cache at", self.where, "check the URL and its credentials, or use --no-cache") from None
        entry = unpacked(blob)
        if entry is None:
            self.remove(key)
            return None
        data, kept = entry
        copy = self.scratch(key)
        copy.write_bytes(data)
        os.replace(copy, self.path(key))
        return kept

    def store(self, key: str, made: Path, kept: dict | None = None) -> Path:
        from .publish.targets import put

        blob = packed(made.read_bytes(), kept or {})
        aside = f".{os.getpid()}-{threading.get_ident()}.partial"  # concurrent writers never share a name
        try:
            put(self.target, self._relative(key), lambda final, **_: self.target.fs.pipe_file(final, blob), aside)
        except Exception as exc:
            made.unlink(missing_ok=True)
            raise failure(exc, f"store the {self.kind.what} at", self.where, "check the bucket and its credentials, or use --no-cache") from None
        os.replace(made, self.path(key))
        return self.path(key)

    def remove(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)
        with contextlib.suppress(FileNotFoundError):
            self.target.fs.rm_file(self.target.path(self._relative(key)))

    def _entries(self) -> list[tuple[float, int, str]]:
        fs = self.target.fs
        fs.invalidate_cache(self.root)  # fsspec keeps listings; another machine may have written since
        try:
            listed = fs.find(self.root, detail=True)
        except FileNotFoundError:
            return []
        except Exception as exc:
            raise failure(exc, f"list the {self.kind.what} cache at", self.where) from None
        found = []
        for path, info in listed.items():
            name = path.rsplit("/", 1)[-1]
            if name.startswith(".") or not name.endswith(self.kind.suffix):
                continue  # a writer's object not yet renamed into place
            written = info.get("LastModified") or info.get("mtime") or 0
            written = written.timestamp() if hasattr(written, "timestamp") else float(written)
            found.append((written, int(info.get("size") or 0), name[: -len(self.kind.suffix)]))
        return found

    def clear(self) -> int:
        count = len(self._entries())
        with contextlib.suppress(FileNotFoundError):
            self.target.fs.rm(self.root, recursive=True)
        return count


def open_object_caches(url: str, max_mb: int, publish: PublishConfig) -> Caches:
    """The caches under `<url>/.cache/` (nothing is written until an entry is stored)."""
    target = open_output(url, publish)
    return Caches(**{kind.name: ObjectCache(target, kind, max_mb * 1024 * 1024) for kind in CACHE_KINDS})
