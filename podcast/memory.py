"""The C library's handling of big buffers, set once for the process."""

from __future__ import annotations

import ctypes
import os

M_MMAP_THRESHOLD = -3
"""glibc's mallopt parameter for the size above which blocks get a mapping of their own."""


def release_big_buffers_when_freed() -> None:
    """Have glibc give every buffer of 1 MiB or more back to the system as soon as it is freed.

    glibc raises its mmap threshold whenever a big block is freed, so later
    buffers come from the heap and stay there, fragmented among threads: a long
    episode's process kept growing although it never held more than two pieces
    at once, and so did Piper's over a long script (its noise and sentence
    buffers). With a fixed threshold the freed buffers go back. Elsewhere than
    glibc this does nothing.
    """
    try:
        ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, 1 << 20)
    except (OSError, AttributeError):
        pass


def resident_bytes() -> int | None:
    """The memory this process holds now (its resident set), or None where /proc does not say."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None
