"""SHA-256s of the site's files, remembered between publishes.

Every publish names media by content and every upload compares content, so each
file's SHA-256 is needed twice per publish; reading a year of daily episodes takes
seconds. An entry is keyed by the file's device and inode and holds its size and
modification time: a file unchanged since it was hashed is not read again, and the
site's media, hard links to the output folder's files, share their entries.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .layout import file_digest


class DigestCache:
    """`digest(path)` from memory when the file is unchanged; `save()` keeps what this run used."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._known: dict[str, list] = {}
        self._used: dict[str, list] = {}
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self._known = loaded
        except (OSError, ValueError):
            pass  # no cache yet, or a damaged one: every file is read

    def digest(self, file: Path) -> str:
        found = file.stat()
        key = f"{found.st_dev}:{found.st_ino}"
        stamp = [found.st_size, found.st_mtime_ns]
        entry = self._known.get(key)
        if not (isinstance(entry, list) and entry[:2] == stamp and len(entry) == 3):
            entry = [*stamp, file_digest(file)]
            self._known[key] = entry
        self._used[key] = entry
        return entry[2]

    def save(self) -> None:
        """Write the entries used since loading (so the file never outgrows the site), atomically; best effort."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            temporary.write_text(json.dumps(self._used), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass  # only a speed-up: the next publish reads the files again
