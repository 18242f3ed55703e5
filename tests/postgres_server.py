"""A real PostgreSQL server for the tests: initdb into a temporary folder, 127.0.0.1 on a free port.

The server binaries come from the `pgserver` wheel (the test extra) or, where it has
no wheel, the system's PostgreSQL (.ci/run installs it when neither is there).
PostgreSQL refuses to run as root, so as root it runs as the `postgres` user, or `nobody`.
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import itertools
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

from publishing import free_port

START_TIMEOUT_SECONDS = 60


def server_binaries() -> Path | None:
    """The folder holding initdb and postgres, or None when this machine has neither source."""
    wheel = importlib.util.find_spec("pgserver")  # located, not imported: its import has side effects we do not need
    if wheel and wheel.origin and (bundled := Path(wheel.origin).parent / "pginstall" / "bin").joinpath("postgres").exists():
        return bundled
    if found := shutil.which("initdb"):
        return Path(found).resolve().parent
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(debian[-1]).parent if debian else None


def _run_as() -> dict:
    """subprocess arguments that drop root to an ordinary user (PostgreSQL will not run as root)."""
    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            user = pwd.getpwnam(name)
            return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
    raise RuntimeError("running as root with neither a postgres nor a nobody user to start PostgreSQL as")


class PostgresServer:
    """One running server; `database()` gives each test an empty database of its own."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._names = itertools.count(1)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def database(self) -> str:
        """The URL of a new, empty database."""
        import psycopg

        name = f"catalog_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return self.url(name)


@contextlib.contextmanager
def running_postgres(binaries: Path) -> Iterator[PostgresServer]:
    """Start a throw-away server, yield it, stop it and delete its data."""
    import psycopg

    folder = Path(tempfile.mkdtemp(prefix="roundup-postgres-"))
    data = folder / "data"
    run_as = _run_as()
    if run_as:
        os.chown(folder, run_as["user"], run_as["group"])
    server = None
    try:
        subprocess.run(
            [binaries / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C"],
            check=True, capture_output=True, **run_as,
        )
        port = free_port()
        server = subprocess.Popen(
            [binaries / "postgres", "-D", data, "-p", str(port), "-c", "listen_addresses=127.0.0.1",
             "-c", f"unix_socket_directories={folder}", "-c", "fsync=off"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **run_as,
        )
        handle = PostgresServer(port)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            try:
                psycopg.connect(handle.url(), connect_timeout=2).close()
                break
            except psycopg.OperationalError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"PostgreSQL did not start: {server.stderr.read().decode()[-2000:]}") from None
                time.sleep(0.2)
        yield handle
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGINT)  # fast shutdown: roll back open transactions, then exit
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(folder, ignore_errors=True)
