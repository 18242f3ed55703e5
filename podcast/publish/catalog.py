"""The catalog: one SQLite database in the output folder, one row per published episode.

An episode's GUID is derived from the show and the digest date, so re-making an
episode replaces its row (and players see the same item) instead of adding one.
Every change runs inside one write transaction that the caller keeps open while it
rebuilds the feed and site; if that fails the transaction is rolled back and the
catalog is exactly as before. SQLite's write lock also serialises two publishers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import OutputError
from ..models import Chapter, ShowNotes

CATALOG_NAME = "catalog.sqlite"
GUID_NAMESPACE = uuid.UUID("5c1e4d2a-7f0b-5e43-9a51-2d8c6f3b9e10")
"""Our own namespace for episode GUIDs; changing it would re-list every episode in players."""
LOCK_TIMEOUT_SECONDS = 300.0
"""How long a publish waits for another one to finish."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS episodes (
    guid TEXT PRIMARY KEY,
    show TEXT NOT NULL,
    date TEXT NOT NULL,
    title TEXT NOT NULL,
    notes TEXT NOT NULL,
    audio TEXT NOT NULL,
    size INTEGER NOT NULL,
    seconds REAL NOT NULL,
    chapters TEXT NOT NULL,
    chapters_file TEXT,
    transcript_vtt TEXT,
    transcript_srt TEXT,
    cover TEXT
)
"""
_COLUMNS = (
    "guid", "show", "date", "title", "notes", "audio", "size", "seconds",
    "chapters", "chapters_file", "transcript_vtt", "transcript_srt", "cover",
)


def episode_guid(show: str, date: dt.date) -> str:
    """The GUID of a show's episode of one day: the same inputs, the same GUID.

    >>> episode_guid("Morning Brief", dt.date(2026, 11, 25)) == episode_guid("Morning Brief", dt.date(2026, 11, 25))
    True
    >>> episode_guid("Morning Brief", dt.date(2026, 11, 25)) == episode_guid("Morning Brief", dt.date(2026, 11, 26))
    False
    """
    return str(uuid.uuid5(GUID_NAMESPACE, f"{show.strip().casefold()}/{date.isoformat()}"))


@dataclass(frozen=True)
class CatalogEntry:
    """One published episode. File names are relative to the output folder."""

    guid: str
    show: str
    date: dt.date
    title: str
    notes: ShowNotes
    audio: str
    size: int
    seconds: float
    chapters: tuple[Chapter, ...] = ()
    chapters_file: str | None = None
    """Podcasting 2.0 JSON chapters beside the audio, when the audio stage made one."""
    transcript_vtt: str | None = None
    transcript_srt: str | None = None
    cover: str | None = None
    """The episode's own cover image, when there is one."""

    def _row(self) -> tuple:
        return (
            self.guid, self.show, self.date.isoformat(), self.title,
            json.dumps([self.notes.standfirst, list(self.notes.bullets), list(self.notes.headings)]),
            self.audio, self.size, self.seconds,
            json.dumps([[c.title, c.start, c.end] for c in self.chapters]),
            self.chapters_file, self.transcript_vtt, self.transcript_srt, self.cover,
        )

    @classmethod
    def _from_row(cls, row: sqlite3.Row) -> "CatalogEntry":
        standfirst, bullets, headings = json.loads(row["notes"])
        return cls(
            guid=row["guid"], show=row["show"], date=dt.date.fromisoformat(row["date"]), title=row["title"],
            notes=ShowNotes(standfirst, tuple(bullets), tuple(headings)),
            audio=row["audio"], size=row["size"], seconds=row["seconds"],
            chapters=tuple(Chapter(t, s, e) for t, s, e in json.loads(row["chapters"])),
            chapters_file=row["chapters_file"], transcript_vtt=row["transcript_vtt"],
            transcript_srt=row["transcript_srt"], cover=row["cover"],
        )


class Catalog:
    """Reads and changes the catalog inside one transaction (see `open_catalog`)."""

    def __init__(self, connection: sqlite3.Connection, folder: Path) -> None:
        self._db = connection
        self.folder = folder

    def put(self, entry: CatalogEntry) -> bool:
        """Add the episode or replace the one with its GUID; True when it replaced one.

        An older row naming the same audio file is dropped too: that file now holds this episode.
        """
        existed = self.get(entry.guid) is not None
        self._db.execute("DELETE FROM episodes WHERE audio = ? AND guid != ?", (entry.audio, entry.guid))
        placeholders = ", ".join("?" for _ in _COLUMNS)
        self._db.execute(f"INSERT OR REPLACE INTO episodes ({', '.join(_COLUMNS)}) VALUES ({placeholders})", entry._row())
        return existed

    def get(self, guid: str) -> CatalogEntry | None:
        row = self._db.execute("SELECT * FROM episodes WHERE guid = ?", (guid,)).fetchone()
        return CatalogEntry._from_row(row) if row else None

    def find(self, key: str) -> CatalogEntry | None:
        """An episode by GUID, date (YYYY-MM-DD) or audio file name; the newest match."""
        row = self._db.execute(
            "SELECT * FROM episodes WHERE guid = ? OR date = ? OR audio = ? ORDER BY date DESC, show LIMIT 1",
            (key, key, key),
        ).fetchone()
        return CatalogEntry._from_row(row) if row else None

    def remove(self, guid: str) -> None:
        self._db.execute("DELETE FROM episodes WHERE guid = ?", (guid,))

    def entries(self) -> list[CatalogEntry]:
        """Every episode, newest first (ties broken by show, so the order is stable)."""
        rows = self._db.execute("SELECT * FROM episodes ORDER BY date DESC, show, guid").fetchall()
        return [CatalogEntry._from_row(row) for row in rows]


@contextlib.contextmanager
def open_catalog(folder: Path, write: bool = True) -> Iterator[Catalog]:
    """The catalog of `folder` in one transaction: committed when the block ends, rolled back on any error.

    A writing block holds SQLite's write lock from its start, so a second publisher
    waits (up to LOCK_TIMEOUT_SECONDS) and then sees the first one's episode.
    """
    path = folder / CATALOG_NAME
    if not write and not path.exists():
        raise OutputError(f"no catalog in {folder}; make an episode with 'roundup-podcast make DIGEST --publish' first")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=LOCK_TIMEOUT_SECONDS, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise OutputError(f"cannot open the catalog {path}: {exc}; check the output folder") from None
    connection.row_factory = sqlite3.Row
    try:
        connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        connection.execute(_SCHEMA)
        yield Catalog(connection, folder)
        connection.execute("COMMIT")
    except sqlite3.Error as exc:
        raise OutputError(f"the catalog {path} cannot be used: {exc}; check the file or move it away") from None
    finally:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()
