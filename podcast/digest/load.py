"""Opening a digest file: bytes checked, decoded and repaired, the format detected, one reader run."""

from __future__ import annotations

from pathlib import Path

from ..errors import DigestError
from ..models import Digest
from .encoding import drop_unreadable, repair
from .formats import DigestFormat, detect_format, format_named, format_names
from .furniture import clean_inline
from .language import describe_language


def _named(fmt: str) -> DigestFormat:
    found = format_named(fmt)
    if found is None:
        raise DigestError(f"unknown digest format {fmt!r}; choose one of: {', '.join(format_names())}")
    return found


def decode(data: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without BOM); refuse binary files with a clear message."""
    if b"\x00" in data[:4096]:
        raise DigestError(f"{path} looks like a binary file, not a text digest; give a digest in {', '.join(format_names())}")
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
    if fmt is not None:
        _named(fmt)
    return parse_digest(repair(decode(data, path), language), str(path), fmt, language)


def parse_digest(text: str, source: str = "", fmt: str | None = None, language: str = "en") -> Digest:
    """The digest in `text`; a DigestError when it holds nothing the show's voices can read."""
    english = language.lower().startswith("en")
    try:
        digest = (_named(fmt) if fmt else detect_format(text)).read(text, source)
    except DigestError:
        if english:
            _check_language(clean_inline(text), source)  # "no stories" in Chinese is a language problem
        raise
    digest = drop_unreadable(digest, language)
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
