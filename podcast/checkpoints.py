"""Named moments of a run where a test may freeze the process, to kill it exactly there.

The kill test (tests/test_kill.py) sets ROUNDUP_PODCAST_PAUSE_AT to a step's name;
the run then says `paused at <step>` on stderr and waits to be killed. Unset, as
in every real run, a checkpoint costs one dictionary lookup.
"""

from __future__ import annotations

import os
import sys
import time

PAUSE_VARIABLE = "ROUNDUP_PODCAST_PAUSE_AT"
STEPS = ("catalog-changed", "site-staged", "catalog-committed", "site-swapped")
"""The steps of a publish, in order: the catalog changed in its open transaction, the new site
built aside, the transaction committed (the commit point), the site link swapped to the new build."""


def checkpoint(step: str) -> None:
    """Freeze here when the test asked for `step`."""
    if os.environ.get(PAUSE_VARIABLE) == step:
        sys.stderr.write(f"paused at {step}\n")
        sys.stderr.flush()
        while True:
            time.sleep(60)
