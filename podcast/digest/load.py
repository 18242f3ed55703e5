"""Opening a digest file: bytes checked, decoded and repaired, the format detected, one reader run."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from ..errors import DigestError
from ..models import Digest
from ..visible import visible, without_entities
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
        return visible(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DigestError(
            f"{path} is not valid UTF-8 (byte {exc.start}); re-save it as UTF-8"
        ) from None


MAX_BYTES = 2 * 1024 * 1024
"""The default size limit of a digest file ([script] max_digest_mb)."""


def read_digest(path: Path, fmt: str | None = None, language: str = "en", max_bytes: int = MAX_BYTES) -> Digest:
    """Read the digest at `path` with the reader for `fmt`, or the format its content shows.

    A file over `max_bytes` is refused before it is read. A show whose `language`
    is English refuses a digest in another language.
    """
    path = Path(path)
    if not path.exists():
        raise DigestError(f"digest file {path} not found; check the path")
    if path.is_dir():
        raise DigestError(f"{path} is a folder; give a digest file")
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(max_bytes + 1) if size <= max_bytes else b""  # never more, even from a pipe
    except OSError as exc:
        raise DigestError(f"cannot read {path}: {exc.strerror}") from None
    if max(size, len(data)) > max_bytes:
        mb = 1024 * 1024
        raise DigestError(
            f"{path} is {max(size, len(data)) / mb:.3g} MB, over the {max_bytes / mb:.3g} MB a digest may be; "
            "split it, or raise [script] max_digest_mb in podcast.toml"
        )
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
    except (RecursionError, ValueError, OverflowError, UnicodeError) as exc:  # a parser overwhelmed by malformed input
        problem = " ".join(str(exc).split())[:120]
        raise DigestError(f"{source or 'the digest'} cannot be read ({type(exc).__name__}: {problem}); check the file") from None
    except DigestError:
        if english:
            _check_language(clean_inline(text), source)  # "no stories" in Chinese is a language problem
        raise
    digest = drop_unreadable(digest, language)
    digest = _cleaned(digest)
    if english:
        _check_language(" ".join([digest.title, *(f"{s.title} {s.body}" for s in digest.stories)]), source)
    return digest


def _cleaned(digest: Digest) -> Digest:
    """Every text of the digest visible and free of entities, whatever escapes its format allowed
    (JSON's `\\u202e`, a feed's `&#x200b;` or an entity its parser left unexpanded)."""

    def clean(text: str) -> str:
        return without_entities(visible(text)).strip()

    return dataclasses.replace(
        digest,
        title=clean(digest.title),
        stories=tuple(dataclasses.replace(s, title=clean(s.title), body=clean(s.body)) for s in digest.stories),
        standfirst=clean(digest.standfirst),
        hub=tuple(clean(h) for h in digest.hub),
        closing=clean(digest.closing),
        glossary=tuple((clean(name), clean(text)) for name, text in digest.glossary),
    )


def _check_language(text: str, source: str) -> None:
    language = describe_language(text)
    if language:
        raise DigestError(
            f"{source or 'the digest'} is written in {language}; the voices speak English, so give an English digest "
            "(or set [show] language for a show in another language)"
        )
