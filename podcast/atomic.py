"""Writing files so that readers see the old one or the new one, never half of either,
and saying plainly why a write failed."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import OutputError

FULL_DISK = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
DISK_FAULTS = (*FULL_DISK, errno.EIO)
"""Write errors that are the disk's fault, not the program's or the input's."""


def megabytes(size: int) -> str:
    """A size as people read it.

    >>> megabytes(3_400_000), megabytes(12_000), megabytes(0), megabytes(72_452_300_000)
    ('3.4 MB', '0.012 MB', '0 MB', '72.5 GB')
    """
    if size >= 1e9:
        return f"{size / 1e9:.1f} GB"
    return f"{size / 1e6:.2g} MB" if size < 1e6 else f"{size / 1e6:.1f} MB"


def free_space(path: Path) -> int | None:
    """Bytes free on the file system that holds `path` (or its nearest existing folder)."""
    for folder in (path, *path.parents):
        with contextlib.suppress(OSError):
            return shutil.disk_usage(folder).free
    return None


def write_failure(exc: OSError, what: str, path: Path, needed: int = 0, fix: str = "check the output folder") -> OutputError:
    """One line for a failed write: what could not be written and why; for a full disk also
    how much space it needed and how much is free; for an I/O error, that the disk itself failed."""
    reason = exc.strerror or str(exc)
    target = f"{what} {path}" if what else str(path)
    free = free_space(path)
    if exc.errno in FULL_DISK or (exc.errno is None and free is not None and free < max(needed, 1 << 20)):
        # numpy's and some libraries' short writes raise an OSError without an errno
        need = f"it needs about {megabytes(needed)}" if needed else "it needs more space"
        have = f" and {megabytes(free)} is free there" if free is not None else ""
        reason = os.strerror(errno.ENOSPC) if exc.errno is None else reason
        return OutputError(f"cannot write {target}: {reason}; {need}{have}; free some space or choose another --output")
    if exc.errno == errno.EIO:
        return OutputError(f"cannot write {target}: {reason} (the disk failed); check the disk or choose another --output")
    return OutputError(f"cannot write {target}: {reason}; {fix}")


@contextlib.contextmanager
def replacing(path: Path, fix: str, needed: int = 0) -> Iterator[Path]:
    """Yield a temporary name beside `path`; rename it over `path` only if the block succeeds.

    The temporary name is in the same folder, so the rename is atomic; it is
    removed whatever happens. An OSError becomes an OutputError ending in `fix`.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        yield temporary
        os.replace(temporary, path)
    except OSError as exc:
        raise write_failure(exc, "", path, needed, fix) from None
    finally:
        temporary.unlink(missing_ok=True)


def prepare_output_folder(folder: Path) -> None:
    """Create the output folder and prove it is writable before any audio is made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise OutputError(
            f"cannot write to output folder {folder}: {exc.strerror}; choose another with --output"
        ) from None
