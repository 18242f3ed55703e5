"""The catalog in PostgreSQL, for many publishing hosts sharing one catalog.

Needs the `[postgresql]` extra (psycopg 3). One writer at a time: a writing
transaction first takes a transaction-scoped advisory lock, so publishers on any
host take turns exactly as they do on SQLite's file lock, and the lock goes with
the commit or rollback. The password may stay out of podcast.toml: libpq reads
PGPASSWORD and ~/.pgpass.
"""

from __future__ import annotations

import contextlib
import re
from typing import Iterator

from ..errors import ConfigError, OutputError
from .catalog import LOCK_TIMEOUT_SECONDS, schema

WRITE_LOCK = 0x726F756E64757021
"""The advisory lock key every roundup-podcast publisher takes ("roundup!" in ASCII)."""


def _shown(url: str) -> str:
    """The URL with any password hidden, for messages.

    >>> _shown("postgresql://news:secret@db.example.com/podcast")
    'postgresql://news:***@db.example.com/podcast'
    """
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", url)


class PostgresBackend:
    placeholder = "%s"

    def __init__(self, url: str) -> None:
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise ConfigError(
                "a postgresql:// catalog needs the PostgreSQL driver; install it with: pip install 'roundup-podcast[postgresql]'"
            ) from None
        self.url = url

    @contextlib.contextmanager
    def transaction(self, write: bool) -> Iterator:
        import psycopg
        from psycopg.rows import dict_row

        shown = _shown(self.url)
        try:
            connection = psycopg.connect(self.url, row_factory=dict_row, connect_timeout=30)
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
            raise OutputError(f"cannot connect to the catalog {shown}: {reason}; check the catalog URL in podcast.toml and that the server runs") from None
        try:
            with connection.transaction():
                if write:
                    connection.execute(f"SET LOCAL lock_timeout = '{int(LOCK_TIMEOUT_SECONDS)}s'")
                    connection.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                    connection.execute(schema('TEXT COLLATE "C"'))
                elif connection.execute("SELECT to_regclass('episodes') IS NULL AS missing").fetchone()["missing"]:
                    raise OutputError(f"no catalog in {shown}; make an episode with 'roundup-podcast make DIGEST --publish' first")
                yield connection
        except psycopg.Error as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise OutputError(f"the catalog {shown} cannot be used: {reason}; check the server and the catalog URL") from None
        finally:
            connection.close()
