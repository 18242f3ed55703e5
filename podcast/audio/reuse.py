"""Reusing a finished episode when nothing that goes into it has changed.

Assembly (loudness passes, encoding) costs more than speaking once the clips
are cached, so a re-run with nothing changed should not pay it again. After
each assembly a record is kept in the output folder's episode cache
(podcast/cache.py), under a key over every input of the episode (each clip's
audio, the script, the whole configuration, the size and date of every file the
configuration names, and the source of this package itself, so an upgrade
re-makes it): the Episode and the size and SHA-256 of every file written. A run
whose key has a record and whose files are all still intact returns the recorded
episode; anything else assembles afresh.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import types
import typing
from pathlib import Path

from ..cache import CacheStore, cache_key, file_sha256, read_sha256
from ..errors import OutputError
from ..models import Clip, Episode


@functools.cache
def package_fingerprint() -> str:
    """A hash of this package's own code and templates: new code never reuses old output."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".pyc"):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def named_files(value: object, found: list[str]) -> None:
    """Size and modification time of every existing file a (nested) config value names."""
    if dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            named_files(getattr(value, item.name), found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            named_files(item, found)
    elif isinstance(value, (str, Path)) and value and len(str(value)) < 4096:
        path = Path(value)
        try:
            if path.is_file():
                stat = path.stat()
                found.append(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            pass


def episode_key(clips: list[Clip], path: Path, *inputs: object) -> str:
    """The key of an episode: its clips' audio, its target file and every other input to assembly."""
    named: list[str] = []
    for value in inputs:
        named_files(value, named)
    return cache_key(
        code=package_fingerprint(),
        path=str(path.resolve()),
        clips=[[repr(clip.segment), file_sha256(clip.path)] for clip in clips],
        inputs=[repr(value) for value in inputs],
        files=named,
    )


def _revive(hint: object, value: object) -> object:
    """Turn a JSON value back into the typed field `hint` of a model dataclass."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return _revive(next(arg for arg in typing.get_args(hint) if arg is not type(None)), value)
    if origin is tuple:
        return tuple(_revive(typing.get_args(hint)[0], item) for item in value)
    if hint is Path:
        return Path(value)
    if hint is dt.date:
        return dt.date.fromisoformat(value)
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return hint(**{name: _revive(hints[name], item) for name, item in value.items()})
    return value


def written_files(episode: Episode) -> list[Path]:
    """The episode file and every side file beside it that the Episode names."""
    folder = episode.path.parent.resolve()
    found = []
    for item in dataclasses.fields(episode):
        value = getattr(episode, item.name)
        if isinstance(value, Path) and value.resolve().parent == folder:
            found.append(value)
    return found


def find_episode(cache: CacheStore, key: str, path: Path) -> Episode | None:
    """The episode recorded under `key` if its files beside `path` are all intact, else None."""
    if cache.read(key) is None:
        return None
    try:
        record = json.loads(cache.path(key).read_text(encoding="utf-8"))
        for name, (size, sha256) in record["files"].items():
            written = path.parent / name
            if written.stat().st_size != size or read_sha256(written) != sha256:
                return None
        return _revive(Episode, record["episode"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_episode(cache: CacheStore, key: str, episode: Episode) -> None:
    """Remember what `key` made; a record that cannot be written only costs a re-make later."""
    files = {p.name: [p.stat().st_size, read_sha256(p)] for p in written_files(episode)}
    record = {"episode": dataclasses.asdict(episode), "files": files}
    try:
        scratch = cache.scratch(key)
    except OutputError:
        return
    try:
        scratch.write_text(json.dumps(record, default=str), encoding="utf-8")
        cache.store(key, scratch)
    except (OSError, OutputError):
        pass
    finally:
        scratch.unlink(missing_ok=True)
