"""Opening a digest file: bytes checked, decoded and repaired, the format detected, one reader run."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from ..errors import DigestError
from ..models import Digest
from .detect import FORMATS, detect_format
from .encoding import repair
from .furniture import clean_inline
from .language import describe_language

READERS: dict[str, tuple[str, str]] = {
    "text": ("text", "read_text"),
    "markdown": ("markdown", "read_markdown"),
    "html": ("html_page", "read_html"),
    "rss": ("feed", "read_feed"),
    "atom": ("feed", "read_feed"),
    "json": ("data", "read_json"),
    "yaml": ("data", "read_yaml"),
}
"""Each format's reader: (module of this package, function)."""
assert set(READERS) == set(FORMATS)


def reader(fmt: str) -> Callable[[str, str], Digest]:
    """The reader of `fmt`, imported only now: feedparser, PyYAML and markdown-it
    cost tens of milliseconds each at start-up and one digest needs one reader."""
    module, function = READERS[fmt]
    return getattr(importlib.import_module(f".{module}", __package__), function)


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


def read_digest(path: Path, fmt: str | None = None, language: str = "en") -> Digest:
    """Read the digest at `path` with the reader for `fmt`, or the format its content shows.

    A show whose `language` is English refuses a digest in another language.
    """
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
    if fmt is not None and fmt not in READERS:
        raise DigestError(f"unknown digest format {fmt!r}; choose one of: {', '.join(READERS)}")
    return parse_digest(repair(decode(data, path)), str(path), fmt, language)


def parse_digest(text: str, source: str = "", fmt: str | None = None, language: str = "en") -> Digest:
    """The digest in `text`; a DigestError when it holds nothing the show's voices can read."""
    english = language.lower().startswith("en")
    try:
        digest = reader(fmt or detect_format(text))(text, source)
    except DigestError:
        if english:
            _check_language(clean_inline(text), source)  # "no stories" in Chinese is a language problem
        raise
    if english:
        _check_language(" ".join([digest.title, *(f"{s.title} {s.body}" for s in digest.stories)]), source)
    return digest


def _check_language(text: str, source: str) -> None:
    language = describe_language(text)
    if language:
        raise DigestError(
            f"{source or 'the digest'} is written in {language}; the voices speak English, so give an English digest "
            "(or set [show] language for a show in another language)"
        )
