"""Where `publish --to` can upload: one table of target kinds, each an fsspec backend.

Adding a kind is one entry in TARGETS. Credentials are the backend's business (AWS_*
variables or ~/.aws for S3, the ssh agent, ~/.ssh keys and known_hosts for SFTP);
nothing here reads, stores or prints them, and URLs are shown without passwords.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit, urlunsplit

from ..config import PublishConfig
from ..errors import ConfigError, OutputError
from .content_types import cache_control, content_type


@dataclass(frozen=True)
class TargetKind:
    """One kind of upload target."""

    name: str
    schemes: tuple[str, ...]
    """URL schemes that select it ("" is a plain path)."""
    module: str
    """The fsspec backend's module, installed by `extra`."""
    extra: str
    """The roundup-podcast extra that installs the backend ("" for none)."""
    stores_headers: bool
    """Whether objects keep a Content-Type and Cache-Control set at upload (object stores do;
    a web server's docroot gets them from the server's own MIME table)."""
    atomic_put: bool
    """Whether a put replaces a file in one step; otherwise it is written aside and renamed."""
    folders: bool
    """Whether folders exist on their own (made before a file goes in, removed when emptied); an
    object store has none, and must not be asked to make one (s3fs would create a missing bucket)."""
    example: str

    def options(self, publish: PublishConfig) -> dict[str, Any]:
        """fsspec storage options from podcast.toml (never credentials)."""
        if self.name == "s3" and publish.endpoint_url:
            return {"endpoint_url": publish.endpoint_url}
        return {}


TARGETS = (
    TargetKind("folder", ("", "file"), "fsspec", "", False, False, True, "/var/www/podcast/ or file:///var/www/podcast/"),
    TargetKind("s3", ("s3", "s3a"), "s3fs", "s3", True, True, False, "s3://bucket/podcast/"),
    TargetKind("sftp", ("sftp", "ssh"), "sshfs", "sftp", False, False, True, "sftp://user@host/var/www/podcast/"),
)


def shown(url: str) -> str:
    """A target URL fit to print: any password replaced by ***.

    >>> shown("sftp://ann:secret@host/www/"), shown("s3://bucket/p/")
    ('sftp://ann:***@host/www/', 's3://bucket/p/')
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = f"{parts.username}:***@" if parts.username else "***@"
    host = parts.hostname or ""
    return urlunsplit(parts._replace(netloc=user + host + (f":{parts.port}" if parts.port else "")))


def kind_of(url: str) -> TargetKind:
    """The target kind a URL names, or a ConfigError listing the kinds."""
    scheme = urlsplit(url).scheme.lower() if "://" in url else ""
    for kind in TARGETS:
        if scheme in kind.schemes:
            return kind
    examples = "; ".join(f"{kind.name}: {kind.example}" for kind in TARGETS)
    raise ConfigError(f"cannot upload to {shown(url)}: unknown scheme {scheme!r}; use one of: {examples}")


@dataclass(frozen=True)
class Target:
    """An open target: its filesystem and the folder the site goes into."""

    kind: TargetKind
    fs: Any
    """An fsspec filesystem."""
    root: str
    """The site's folder in `fs`, without a trailing slash."""
    url: str
    """The URL as given, fit to print (see `shown`)."""

    def path(self, relative: str) -> str:
        return f"{self.root}/{relative}"


def open_target(url: str, publish: PublishConfig, doing: str = "uploading to") -> Target:
    """The filesystem behind `url`; an Error naming the extra to install when its backend is missing.

    `doing` begins that Error: "uploading to", or "an output on" for --output.
    """
    kind = kind_of(url)
    if importlib.util.find_spec(kind.module) is None:
        raise ConfigError(
            f"{doing} {kind.name} needs the [{kind.extra}] extra; install it with: pip install 'roundup-podcast[{kind.extra}]'"
        )
    import fsspec

    location = str(Path(url).expanduser().absolute()) if kind.schemes[0] == "" and "://" not in url else url
    try:
        fs, root = fsspec.core.url_to_fs(location, **kind.options(publish))
    except (ValueError, OSError, ImportError) as exc:
        raise OutputError(f"cannot open {shown(url)}: {exc}; check the URL (e.g. {kind.example})") from None
    return Target(kind, fs, root.rstrip("/"), shown(url))


def put(target: Target, relative: str, write: Callable[..., None], aside: str = ".part") -> None:
    """Write one file with `write(path, **headers)`: in place where a put is atomic (with the
    file's Content-Type and Cache-Control where the store keeps them), else aside (named
    `.<name><aside>`) and renamed."""
    final = target.path(relative)
    if target.kind.folders:
        target.fs.makedirs(final.rsplit("/", 1)[0], exist_ok=True)
    if target.kind.atomic_put:
        headers = {"ContentType": content_type(relative), "CacheControl": cache_control(relative)}
        write(final, **(headers if target.kind.stores_headers else {}))
        return
    folder, name = final.rsplit("/", 1)
    written = f"{folder}/.{name}{aside}"  # with the default, a killed run's part is overwritten when the file is written again
    write(written)
    target.fs.mv(written, final)
