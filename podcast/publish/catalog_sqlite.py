"""The embedded catalog backend: `catalog.sqlite` in the output folder, no server needed."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Iterator

from ..errors import OutputError
from .catalog import LOCK_TIMEOUT_SECONDS, schema

CATALOG_NAME = "catalog.sqlite"


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
            raise OutputError(f"the catalog {self.path} cannot be used: {exc}; check the file or move it away") from None
        finally:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            connection.close()
