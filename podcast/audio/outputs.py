"""An episode's files, written under temporary names and renamed into place together.

The audio and its side files (chapters, transcripts, cover) are all finished
before any of them replaces a previous version, so a failed run leaves the
last good episode and all its side files exactly as they were.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..atomic import write_failure


class EpisodeFiles:
    """Temporary paths for an episode's outputs; `commit()` renames them, `discard()` removes them."""

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path]] = []

    def temporary(self, final: Path) -> Path:
        """A temporary path in `final`'s folder (same file system, so the rename is atomic)."""
        temp = final.with_name(f".{final.stem}.{os.getpid()}.partial{final.suffix}")
        self._pending.append((temp, final))
        return temp

    def write_text(self, final: Path, text: str) -> Path:
        """Write `text` (UTF-8) under a temporary name for `final`; return `final`."""
        self._write(final, text.encode("utf-8"))
        return final

    def write_bytes(self, final: Path, data: bytes) -> Path:
        self._write(final, data)
        return final

    def _write(self, final: Path, data: bytes) -> None:
        temp = self.temporary(final)
        try:
            temp.write_bytes(data)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise write_failure(exc, "", final, len(data)) from None

    def commit(self) -> None:
        """Rename every temporary file into place, the audio last of all."""
        try:
            for temp, final in reversed(self._pending):
                os.replace(temp, final)
        except OSError as exc:
            raise write_failure(exc, "", final) from None
        self._pending.clear()

    def discard(self) -> None:
        for temp, _ in self._pending:
            temp.unlink(missing_ok=True)
        self._pending.clear()
