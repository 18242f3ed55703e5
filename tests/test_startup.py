"""Every run of the command pays for what it imports, so each path imports only what it uses.

Checked in a fresh interpreter (this test process has imported everything already):
the modules a path must not load are simply absent from sys.modules afterwards.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parent.parent / "examples" / "daily-tech-roundup.txt"
DIGEST_READERS = ("feedparser", "yaml", "markdown_it", "podcast.digest.feed", "podcast.digest.data", "podcast.digest.markdown")
PUBLISHING = ("feedgen", "lxml", "webvtt", "podcast.publish.site", "podcast.publish.feed", "podcast.publish.serve")


def loaded_after(code: str, watched: tuple[str, ...]) -> list[str]:
    """Which of `watched` a fresh interpreter has imported after running `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps([m for m in {list(watched)!r} if m in sys.modules]))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.splitlines()[-1])


def test_the_command_line_loads_no_stage_until_a_command_runs() -> None:
    stages = ("podcast.pipeline", "podcast.batch", "podcast.tts", "podcast.audio", "numpy", "PIL", "pydub", "ftfy", "rich.progress")
    assert loaded_after("import podcast.cli", stages + DIGEST_READERS + PUBLISHING) == []


def test_a_text_digest_is_read_without_the_other_formats_readers() -> None:
    code = f"from podcast.digest import read_digest\nassert read_digest({str(EXAMPLE)!r}).stories"
    assert loaded_after(code, DIGEST_READERS) == []


def test_each_format_loads_its_own_reader() -> None:
    code = "from podcast.digest.load import parse_digest\nparse_digest('title: T\\nstories:\\n  - title: S\\n    body: B.\\n')"
    assert loaded_after(code, ("yaml", "podcast.digest.data", "feedparser", "markdown_it")) == ["yaml", "podcast.digest.data"]


def test_making_an_episode_loads_no_publishing_module() -> None:
    assert loaded_after("import podcast.pipeline", PUBLISHING + DIGEST_READERS) == []
