"""What the tests run in spawned processes.

A spawned child imports its target by module name; pytest imports the test modules
under their package (`tests.test_storage`), which the child, started by the plain
`pytest` command, cannot import. This module is imported by its own name from the
tests folder on sys.path, which the child is given.
"""

from __future__ import annotations

import random

from podcast.config import PublishConfig
from podcast.object_cache import open_object_caches


def entry(seed: int, size: int) -> bytes:
    """Random bytes made alike in the test and in each writer: a spawned process's arguments go
    through a pipe its parent blocks on while writing, so megabytes there hang the test if it dies."""
    return random.Random(seed).randbytes(size)


def store_many(url: str, key: str, seed: int, size: int, times: int) -> None:
    cache = open_object_caches(url, 1024, PublishConfig()).clips
    data = entry(seed, size)
    for _ in range(times):
        made = cache.scratch(key)
        made.write_bytes(data)
        cache.store(key, made)
