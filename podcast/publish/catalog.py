"""The catalog: one row per published episode, in SQLite (the default) or PostgreSQL.

An episode's GUID is derived from the show and the digest date, so re-making an
episode replaces its row (and players see the same item) instead of adding one.
Every change runs inside one write transaction that the caller keeps open while it
rebuilds the feed and site; if that fails the transaction is rolled back and the
catalog is exactly as before. A writing transaction holds the backend's write lock
from its start, so two publishers take turns and both land.

The backends are a table (`BACKENDS`): each opens a transaction on its database;
the schema and every query are here, written once for both.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Protocol

from ..errors import ConfigError
from ..models import Chapter, ShowNotes

GUID_NAMESPACE = uuid.UUID("5c1e4d2a-7f0b-5e43-9a51-2d8c6f3b9e10")
"""Our own namespace for episode GUIDs; changing it would re-list every episode in players."""
LOCK_TIMEOUT_SECONDS = 300.0
"""How long a publish waits for another one to finish."""

_COLUMNS = {
    "guid": "{text} PRIMARY KEY",
    "show": "{text} NOT NULL",
    "date": "{text} NOT NULL",
    "title": "{text} NOT NULL",
    "notes": "{text} NOT NULL",
    "audio": "{text} NOT NULL",
    "size": "BIGINT NOT NULL",
    "seconds": "DOUBLE PRECISION NOT NULL",
    "chapters": "{text} NOT NULL",
    "chapters_file": "{text}",
    "transcript_vtt": "{text}",
    "transcript_srt": "{text}",
    "cover": "{text}",
    "season": "INTEGER",
    "episode": "INTEGER",
    "numbering": "TEXT",
}
"""The one schema of both backends; `{text}` is the backend's text type (byte-order collation in each)."""
_ADDED_COLUMNS = ("season", "episode", "numbering")
"""Columns a catalog written by an earlier version lacks; added when it is opened for writing."""
_COUNTERS = """
CREATE TABLE IF NOT EXISTS numbering (
    policy TEXT NOT NULL,
    season INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (policy, season)
)
"""
"""The last episode number given per policy and season: numbers are never given twice,
even after the episode that had the highest one is removed."""


def schema(text_type: str) -> str:
    """The CREATE TABLE statement with the backend's text type."""
    columns = ",\n    ".join(f"{name} {kind.format(text=text_type)}" for name, kind in _COLUMNS.items())
    return f"CREATE TABLE IF NOT EXISTS episodes (\n    {columns}\n)"


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
    season: int | None = None
    """itunes:season, given by the numbering policy (see `Catalog.number`)."""
    episode: int | None = None
    """itunes:episode, given by the numbering policy."""
    numbering: str | None = None
    """The policy that gave `season` and `episode`."""

    def _row(self) -> tuple:
        return (
            self.guid, self.show, self.date.isoformat(), self.title,
            json.dumps([self.notes.standfirst, list(self.notes.bullets), list(self.notes.headings), list(self.notes.left_out)]),
            self.audio, self.size, self.seconds,
            json.dumps([[c.title, c.start, c.end] for c in self.chapters]),
            self.chapters_file, self.transcript_vtt, self.transcript_srt, self.cover,
            self.season, self.episode, self.numbering,
        )

    @classmethod
    def _from_row(cls, row: Any) -> "CatalogEntry":
        standfirst, bullets, headings, *left_out = json.loads(row["notes"])  # rows written before left_out have three
        return cls(
            guid=row["guid"], show=row["show"], date=dt.date.fromisoformat(row["date"]), title=row["title"],
            notes=ShowNotes(standfirst, tuple(bullets), tuple(headings), tuple(left_out[0]) if left_out else ()),
            audio=row["audio"], size=row["size"], seconds=row["seconds"],
            chapters=tuple(Chapter(t, s, e) for t, s, e in json.loads(row["chapters"])),
            chapters_file=row["chapters_file"], transcript_vtt=row["transcript_vtt"],
            transcript_srt=row["transcript_srt"], cover=row["cover"],
            **{name: row[name] for name in _ADDED_COLUMNS if name in row.keys()},
        )


_UPSERT = (
    f"INSERT INTO episodes ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)}) "
    f"ON CONFLICT (guid) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in _COLUMNS if c != 'guid')}"
)


class Backend(Protocol):
    """A catalog database: opens one transaction on it (see catalog_sqlite, catalog_postgres)."""

    placeholder: str
    """How the driver writes a query parameter; queries here are written with `?`."""

    def transaction(self, write: bool) -> contextlib.AbstractContextManager:
        """A connection inside one transaction, committed on a clean exit and rolled back on any error.

        A writing one holds the write lock and has the schema in place; a reading one of a
        catalog that does not exist yet is an OutputError saying to publish first.
        Rows read through it are indexed by column name.
        """


class Catalog:
    """Reads and changes the catalog inside one transaction (see `open_catalog`)."""

    def __init__(self, connection: Any, placeholder: str) -> None:
        self._db = connection
        self._placeholder = placeholder

    def _execute(self, sql: str, parameters: tuple = ()):
        return self._db.execute(sql.replace("?", self._placeholder), parameters)

    def put(self, entry: CatalogEntry) -> bool:
        """Add the episode or replace the one with its GUID; True when it replaced one.

        An older row naming the same audio file is dropped too: that file now holds this episode.
        """
        old = self.get(entry.guid)
        if old is not None:  # a re-made episode keeps its number
            entry = dataclasses.replace(entry, season=old.season, episode=old.episode, numbering=old.numbering)
        self._execute("DELETE FROM episodes WHERE audio = ? AND guid != ?", (entry.audio, entry.guid))
        self._execute(_UPSERT, entry._row())
        return old is not None

    def number(self, policy: str) -> None:
        """Give every episode without a number under `policy` the next one, oldest first.

        "yearly": the year is the season and episodes count from 1 within it;
        "sequential": one running count; "none": nothing. A given number stays.
        """
        if policy == "none":
            return
        rows = self._execute(
            "SELECT guid, date FROM episodes WHERE numbering IS NULL OR numbering != ? ORDER BY date, guid", (policy,)
        ).fetchall()
        for row in rows:
            season = int(row["date"][:4]) if policy == "yearly" else 0
            found = self._execute("SELECT last FROM numbering WHERE policy = ? AND season = ?", (policy, season)).fetchone()
            number = (found["last"] if found else 0) + 1
            self._execute(
                "INSERT INTO numbering (policy, season, last) VALUES (?, ?, ?) "
                "ON CONFLICT (policy, season) DO UPDATE SET last = excluded.last",
                (policy, season, number),
            )
            self._execute(
                "UPDATE episodes SET season = ?, episode = ?, numbering = ? WHERE guid = ?",
                (season or None, number, policy, row["guid"]),
            )

    def upgrade(self) -> None:
        """Bring a catalog written by an earlier version up to this schema (new columns start empty)."""
        present = {column[0] for column in self._execute("SELECT * FROM episodes LIMIT 0").description}
        for name in _ADDED_COLUMNS:
            if name not in present:
                self._execute(f"ALTER TABLE episodes ADD COLUMN {name} {_COLUMNS[name]}")
        self._execute(_COUNTERS)

    def get(self, guid: str) -> CatalogEntry | None:
        row = self._execute("SELECT * FROM episodes WHERE guid = ?", (guid,)).fetchone()
        return CatalogEntry._from_row(row) if row else None

    def find(self, key: str) -> CatalogEntry | None:
        """An episode by GUID, date (YYYY-MM-DD) or audio file name; the newest match."""
        row = self._execute(
            "SELECT * FROM episodes WHERE guid = ? OR date = ? OR audio = ? ORDER BY date DESC, show LIMIT 1",
            (key, key, key),
        ).fetchone()
        return CatalogEntry._from_row(row) if row else None

    def remove(self, guid: str) -> None:
        self._execute("DELETE FROM episodes WHERE guid = ?", (guid,))

    def entries(self) -> list[CatalogEntry]:
        """Every episode, newest first (ties broken by show, so the order is stable)."""
        rows = self._execute("SELECT * FROM episodes ORDER BY date DESC, show, guid").fetchall()
        return [CatalogEntry._from_row(row) for row in rows]


def _postgresql(url: str) -> Backend:
    from .catalog_postgres import PostgresBackend  # deferred: only a PostgreSQL catalog needs the driver

    return PostgresBackend(url)


BACKENDS = {"postgresql": _postgresql, "postgres": _postgresql}
"""Catalog URL schemes and the backend each opens; no URL is the SQLite file in the output folder."""


def check_catalog_url(url: str) -> str | None:
    """What is wrong with a `catalog` value, or None.

    >>> check_catalog_url("postgresql://news@db.example.com/podcast") is None
    True
    >>> check_catalog_url("mysql://db/podcast")
    'catalog must be a postgresql://… URL (or left out for catalog.sqlite in the output folder), not mysql://db/podcast'
    """
    if url.partition("://")[0] in BACKENDS and "://" in url:
        return None
    return f"catalog must be a postgresql://… URL (or left out for catalog.sqlite in the output folder), not {url}"


def backend_for(url: str, output_dir: Path) -> Backend:
    """The catalog named by `url`, or the SQLite file in `output_dir` when `url` is empty."""
    if not url:
        from .catalog_sqlite import SqliteBackend

        return SqliteBackend(output_dir)
    if problem := check_catalog_url(url):
        raise ConfigError(problem)
    return BACKENDS[url.partition("://")[0]](url)


@contextlib.contextmanager
def open_catalog(backend: Backend, write: bool = True) -> Iterator[Catalog]:
    """The catalog in one transaction: committed when the block ends, rolled back on any error.

    A writing block holds the write lock from its start, so a second publisher waits
    (up to LOCK_TIMEOUT_SECONDS) and then sees the first one's episode.
    """
    with backend.transaction(write) as connection:
        catalog = Catalog(connection, backend.placeholder)
        if write:
            catalog.upgrade()
        yield catalog
