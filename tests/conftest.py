"""Shared fixtures: the real engine, the CLI runner, golden-file helpers."""

from __future__ import annotations

import json
import os
from pathlib import Path

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
