"""Shared fixtures: the real engine, the tone test engine, each test's own working folder,
the CLI runner, golden-file helpers."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator

import pytest
from typer.testing import CliRunner

DATA = Path(__file__).parent / "data"
EXAMPLE = Path(__file__).parent.parent / "examples" / "daily-tech-roundup.txt"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

SHORT_DIGEST = """Morning Brief: Chips and Trains
Listen to the full version
Welcome to the Morning Brief.
- DIGEST HUB
- Chip maker opens a plant.
- Rail link opens.
**Chip maker opens a new plant**
A chip maker opened a plant in Ohio on Tuesday [para. 1]. It will hire two thousand people [para. 2].
**Rail link opens between two cities**
The new rail link cuts the journey to forty minutes [para. 3].
- MOST POPULAR
"""


TONE = ["--engine", "tone"]
"""CLI flags for the tone test engine (tests/tone_engine.py): the pipeline without waiting for speech."""


def _isolate(patch: pytest.MonkeyPatch, work: Path, home: Path) -> None:
    """Run in `work` with `home` as the home folder: the developer's podcast.toml,
    output/ and home folder are never read or written."""
    patch.chdir(work)
    patch.setenv("HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        patch.delenv(name, raising=False)


@pytest.fixture(scope="session", autouse=True)
def test_machine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The session's own working and home folders (for session fixtures), and the tone
    engine installed as pip would install a plugin: a dist-info folder whose entry
    point the real lookup finds, in this process, its speech workers and any
    `roundup-podcast` the tests start (through PYTHONPATH)."""
    site = tmp_path_factory.mktemp("plugins")
    info = site / "roundup_tone_engine-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: roundup-tone-engine\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[roundup_podcast.engines]\ntone = tone_engine:ToneEngine\n")
    paths = [str(site), str(Path(__file__).parent), *filter(None, [os.environ.get("PYTHONPATH")])]
    patch = pytest.MonkeyPatch()
    patch.setenv("PYTHONPATH", os.pathsep.join(paths))
    patch.syspath_prepend(str(site))
    _isolate(patch, tmp_path_factory.mktemp("session-work"), tmp_path_factory.mktemp("session-home"))
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def own_working_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test runs in its own empty folder with its own home, both outside its `tmp_path`."""
    work = tmp_path_factory.mktemp("work")
    _isolate(monkeypatch, work, tmp_path_factory.mktemp("home"))
    return work


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def short_digest(tmp_path: Path) -> Path:
    path = tmp_path / "brief.txt"
    path.write_text(SHORT_DIGEST, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def engine():
    from podcast.tts import get_engine

    return get_engine("pyttsx3")


def check_golden(actual: object, expected_path: Path) -> None:
    """Compare with the expected JSON beside the input; UPDATE_GOLDEN=1 rewrites it."""
    text = json.dumps(actual, indent=2, ensure_ascii=False, default=str) + "\n"
    if UPDATE or not expected_path.exists():
        expected_path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote missing golden file {expected_path}; review it and commit")
    assert json.loads(text) == json.loads(expected_path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def published_show(tmp_path_factory):
    """Real `make --publish` runs on three dates plus a re-make of one (see tests/publishing.py)."""
    from publishing import make_three_day_show

    return make_three_day_show(tmp_path_factory.mktemp("show"), SHORT_DIGEST)


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the session (see tests/postgres_server.py)."""
    from postgres_server import running_postgres, server_binaries

    binaries = server_binaries()
    if binaries is None:
        message = "no PostgreSQL server binaries: pip install pgserver, or install the system's postgresql"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs them (.ci/run): their absence there is a broken setup
        pytest.skip(message)
    with running_postgres(binaries) as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def catalog_url(request) -> str:
    """Each catalog backend in turn, empty: "" is SQLite in the output folder, else a fresh PostgreSQL database."""
    return "" if request.param == "sqlite" else request.getfixturevalue("postgres").database()


@pytest.fixture(scope="session")
def s3():
    """moto's S3 API server for the whole session; make a bucket per test with `s3.bucket(name)`."""
    from servers import s3_server

    with s3_server() as server:
        yield server


@pytest.fixture
def s3_env(s3, monkeypatch, tmp_path):
    """boto3 and s3fs in this test talk to the `s3` server, never to the developer's ~/.aws."""
    for key, value in s3.environment(tmp_path).items():
        monkeypatch.setenv(key, value)
    return s3


@pytest.fixture
def sftp(tmp_path):
    """An SFTP server rooted at a temporary folder; `sftp.home` holds the client's key and known_hosts."""
    from servers import sftp_server

    with sftp_server(tmp_path / "sftp") as server:
        yield server


@pytest.fixture
def slow_sftp(tmp_path):
    """The SFTP server taking 0.05 s per write request, so an upload can be stopped part-way."""
    from servers import sftp_server

    with sftp_server(tmp_path / "slow-sftp", write_delay=0.05) as server:
        yield server


@pytest.fixture
def http_recorder():
    """An HTTP server recording every request (a WebSub hub or Podping stand-in)."""
    from servers import recording_http_server

    with recording_http_server() as server:
        yield server
