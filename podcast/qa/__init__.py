"""The intelligibility check (extra `qa`): an offline recogniser listens to an
episode and the words it gets wrong are the words listeners will likely mishear.

Entry point: `check_episode`. The recogniser and the aligner load only when it
runs, so that a missing extra is one clear error, not an ImportError.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import EngineUnavailable
from .findings import CheckReport


def check_episode(episode: Path, script_path: Path | None = None) -> CheckReport:
    """Listen to a made episode offline and list what listeners will likely mishear."""
    try:
        from .report import check_episode as listen_and_compare
    except ImportError:
        raise EngineUnavailable("the check needs the qa extra; pip install 'roundup-podcast[qa]'") from None
    return listen_and_compare(episode, script_path)
