"""Opening a digest file: bytes checked and decoded before any reader sees them."""

from __future__ import annotations

from pathlib import Path

from ..errors import DigestError
from ..models import Digest
from .text import read_text

READERS = {"text": read_text}


def decode(data: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM); refuse binary files with a clear message."""
    if b"\x00" in data[:4096]:
        raise DigestError(f"{path} looks like a binary file, not a text digest; give a .txt, .md, .html, .xml or .json digest")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DigestError(
            f"{path} is not valid UTF-8 (byte {exc.start}); re-save it as UTF-8"
        ) from None


def read_digest(path: Path, fmt: str = "text") -> Digest:
    """Read the digest at `path` with the reader for `fmt`."""
    path = Path(path)
    if not path.exists():
        raise DigestError(f"digest file {path} not found; check the path")
    if path.is_dir():
        raise DigestError(f"{path} is a folder; give a digest file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DigestError(f"cannot read {path}: {exc.strerror}") from None
    if not data.strip():
        raise DigestError(f"{path} is empty; give a digest with a title and stories")
    if fmt not in READERS:
        raise DigestError(f"unknown digest format {fmt!r}; choose one of: {', '.join(READERS)}")
    return READERS[fmt](decode(data, path), source=str(path))
