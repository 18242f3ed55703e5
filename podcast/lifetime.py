"""Nothing a run starts outlives it: child processes die with it, and its scratch files go with the next run.

A run can be killed at any instant (SIGKILL runs no clean-up), so each child
asks the kernel to kill it when its parent dies (Linux's PR_SET_PDEATHSIG), and
every temporary name carries the process id of its writer: the next run removes
those whose writer is no longer alive, and never touches a live run's files.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import multiprocessing
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

PR_SET_PDEATHSIG = 1
LEFTOVER = re.compile(r"^\.(?:.+)\.(\d+)(?:-\d+)?\.(?:partial|link)(?:\.\w+)?$")
"""A temporary file of ours: `.<name>.<pid>[-<thread>].partial[.<suffix>]` or `.<name>.<pid>.link`."""
SCRATCH = re.compile(r"^roundup-[a-z]+\.(\d+)\.")
"""A scratch folder of ours in the system's temporary folder: `roundup-<kind>.<pid>.<random>`."""


@functools.cache
def _prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl  # the C library is loaded already (no ldconfig search)
    except (OSError, AttributeError):
        return None


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (in a child, before it works)."""
    prctl = _prctl()
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def child_setup() -> Callable[[], None] | None:
    """The `preexec_fn` that makes a subprocess die with this process, or None where that cannot be asked."""
    prctl = _prctl()
    if prctl is None:
        return None
    return functools.partial(prctl, PR_SET_PDEATHSIG, signal.SIGKILL)


@functools.cache
def _setpriv() -> str | None:
    """util-linux's setpriv, where it can set a parent-death signal (2.33 and later), else None."""
    path = shutil.which("setpriv") if sys.platform.startswith("linux") else None
    if path is None:
        return None
    try:
        probe = subprocess.run([path, "--pdeathsig", "KILL", "--", path, "--version"], capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return path if probe.returncode == 0 else None


def dying_with_this(command: list[str]) -> dict[str, Any]:
    """Popen's `args` and `preexec_fn` for `command`, arranged to die with this process.

    Where util-linux's setpriv is at hand, the command runs through it and setpriv
    asks the kernel in the child; with no `preexec_fn`, Python starts the child
    with vfork. A `preexec_fn` makes it fork instead, which copies this process's
    page tables and leaves every page it writes next to fault once more: the cost
    grows with the process, and a make holding the neural voice is a big one.
    """
    setpriv = _setpriv()
    if setpriv:
        return {"args": [setpriv, "--pdeathsig", "KILL", "--", *command], "preexec_fn": None}
    return {"args": command, "preexec_fn": child_setup()}


def worker_start(owner: int) -> None:
    """A worker process's first act: arrange to end as soon as the run `owner` that wanted it ends.

    A worker of a fork server is the server's child, not the run's, and the
    server outlives the run while any worker lives (each holds the pipe whose
    closing would end the server); so besides dying with its parent, the worker
    watches the run itself, from a thread that costs nothing until it ends.
    """
    die_with_parent()
    threading.Thread(target=_exit_with, args=(owner,), daemon=True, name="exit-with-run").start()


def _exit_with(pid: int) -> None:
    try:
        handle = os.pidfd_open(pid)
    except (AttributeError, OSError):  # no pidfd (not Linux 5.3+): look every half second
        while alive(pid):
            time.sleep(0.5)
    else:
        select.select([handle], [], [])
    os._exit(1)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def own_multiprocessing_folder() -> None:
    """Give multiprocessing (its fork server's socket) a scratch folder named like ours.

    multiprocessing removes its `pymp-…` folder only in Python's own exit, which a
    killed run, and the CLI's quick exit, never reach; named like our scratch
    folders, the next run's `sweep` removes it instead. multiprocessing keeps the
    folder in its process configuration (`get_temp_dir` reads it from there).
    """
    config = multiprocessing.current_process()._config  # no public way to choose the folder
    if config.get("tempdir") is None:
        config["tempdir"] = tempfile.mkdtemp(prefix=f"roundup-multiprocessing.{os.getpid()}.")


def scratch_dir(kind: str) -> tempfile.TemporaryDirectory:
    """A scratch folder in the system's temporary folder, named so the next run can remove it if this one is killed."""
    return tempfile.TemporaryDirectory(prefix=f"roundup-{kind}.{os.getpid()}.")


def _dead(match: re.Match[str] | None) -> bool:
    return match is not None and int(match.group(1)) != os.getpid() and not alive(int(match.group(1)))


def sweep(output: Path) -> int:
    """Remove what killed runs left: partial files in `output` and its caches, scratch folders in the system's
    temporary folder. Returns how many were removed."""
    removed = 0
    folders = [output]
    with contextlib.suppress(OSError):
        folders += [Path(root) for root, _, _ in os.walk(output / ".cache")]
    for folder in folders:
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") and _dead(LEFTOVER.match(entry.name)) and not entry.is_dir(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        removed += 1
    with contextlib.suppress(OSError), os.scandir(tempfile.gettempdir()) as entries:
        for entry in entries:
            if entry.name.startswith("roundup-") and _dead(SCRATCH.match(entry.name)):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed += 1
    return removed
