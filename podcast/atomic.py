"""Writing a file so that readers see the old one or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import OutputError


@contextlib.contextmanager
def replacing(path: Path, fix: str) -> Iterator[Path]:
    """Yield a temporary name beside `path`; rename it over `path` only if the block succeeds.

    The temporary name is in the same folder, so the rename is atomic; it is
    removed whatever happens. An OSError becomes an OutputError ending in `fix`.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        yield temporary
        os.replace(temporary, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror}; {fix}") from None
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
