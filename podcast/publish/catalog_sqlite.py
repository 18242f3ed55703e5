"""The embedded catalog backend: `catalog.sqlite` in the output folder, no server needed."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from pathlib import Path
from typing import Iterator

from ..atomic import write_failure
from ..errors import OutputError
from .catalog import LOCK_TIMEOUT_SECONDS, schema

CATALOG_NAME = "catalog.sqlite"


def _disk_fault(exc: sqlite3.Error) -> int:
    """ENOSPC or EIO when SQLite failed because of the disk (a full one, or one that failed), else 0."""
    code = getattr(exc, "sqlite_errorcode", None)  # Python 3.11+; before, SQLite's message says it
    if code is not None:
        return {13: errno.ENOSPC, 10: errno.EIO}.get(code & 0xFF, 0)  # SQLITE_FULL, SQLITE_IOERR and its kinds
    text = str(exc)
    return errno.ENOSPC if "disk is full" in text else errno.EIO if "disk I/O error" in text else 0


class SqliteBackend:
    """SQLite's own write lock (BEGIN IMMEDIATE) serialises two publishers on one machine."""

    placeholder = "?"

    def __init__(self, folder: Path) -> None:
        self.path = folder / CATALOG_NAME

    @contextlib.contextmanager
    def transaction(self, write: bool) -> Iterator[sqlite3.Connection]:
        folder = self.path.parent
        if not write and not self.path.exists():
            raise OutputError(f"no catalog in {folder}; make an episode with 'roundup-podcast make DIGEST --publish' first")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_SECONDS, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"cannot open the catalog {self.path}: {exc}; check the output folder") from None
        connection.row_factory = sqlite3.Row
        try:
            connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            connection.execute(schema("TEXT"))
            yield connection
            connection.execute("COMMIT")
        except sqlite3.Error as exc:
            code = _disk_fault(exc)
            if code:
                needed = self.path.stat().st_size if self.path.exists() else 0
                raise write_failure(OSError(code, os.strerror(code)), "the catalog", self.path, needed) from None
            raise OutputError(f"the catalog {self.path} cannot be used: {exc}; check the file or move it away") from None
        finally:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            connection.close()
