"""Where the output folder lives: a path on this machine, or an fsspec URL that every machine reaches.

`--output s3://bucket/show/` (or `output_dir` in podcast.toml) lets the nodes of a
cluster share one output: episodes, their side files, the published site and the
caches. ffmpeg, mutagen and the site builder work on files, so each machine makes
an episode in its own working copy of the output (`working_folder`), exactly as it
would in a local folder, and sends the finished files to the URL (`send_episode`),
the audio last; the caches live at the URL itself (cache.ObjectCache), so work one
machine did is reused by all. A plain path or a file:// URL is the local folder,
with nothing in between.

What cannot live at a URL says so: the SQLite catalog is a file that only one
machine may lock, so a show with a URL output keeps its catalog in PostgreSQL.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable
from urllib.parse import unquote, urlsplit

from .errors import ConfigError, OutputError

if TYPE_CHECKING:
    from .config import Config, PublishConfig
    from .models import Episode
    from .publish.targets import Target


def is_url(value: str) -> bool:
    """True for a URL with a scheme (`s3://…`, `file://…`), False for a plain path.

    >>> is_url("s3://bucket/show"), is_url("file:///srv/show"), is_url("output"), is_url("C:/show")
    (True, True, False, False)
    """
    return "://" in value and len(urlsplit(value).scheme) > 1


def output_location(value: str | Path, base: Path) -> tuple[Path, str]:
    """The output folder `value` names, read relative to `base`: (the local folder, the URL or "").

    A URL's local folder is this machine's working copy of it; a file:// URL is a plain path.

    >>> output_location("episodes", Path("/srv/show"))
    (PosixPath('/srv/show/episodes'), '')
    >>> output_location("file:///srv/show/out", Path("/elsewhere"))
    (PosixPath('/srv/show/out'), '')
    """
    text = str(value)
    if not is_url(text):
        return base / text, ""
    parts = urlsplit(text)
    if parts.scheme.lower() == "file":
        if parts.netloc not in ("", "localhost"):
            raise ConfigError(f"output {text} names another machine; write file:///path for a folder on this one")
        return Path(unquote(parts.path)), ""
    from .publish.targets import kind_of  # deferred: the targets table imports the config

    try:
        kind_of(text)
    except ConfigError as exc:
        raise ConfigError(str(exc).replace("cannot upload to", "cannot keep the output at", 1)) from None
    if not parts.netloc:
        raise ConfigError(f"output {text} names no bucket or host; write it like s3://bucket/show/")
    if parts.password is not None:
        raise ConfigError(
            "the output URL holds a password; remove it and let the backend find credentials "
            "(AWS_* variables or ~/.aws for s3, the ssh agent or ~/.ssh keys for sftp)"
        )
    return working_folder(text), text.rstrip("/")


def user_cache_folder() -> Path:
    """This user's cache folder for the program (XDG_CACHE_HOME, else ~/.cache): only what a run can make again."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "roundup-podcast"


def working_folder(url: str) -> Path:
    """This machine's working copy of the output at `url`: episodes are made here, then sent there.

    It lives in the user's cache folder (it can be deleted at any time: it only
    saves sending back what this machine made before).
    """
    name = hashlib.sha256(url.rstrip("/").encode("utf-8")).hexdigest()[:16]
    return user_cache_folder() / "outputs" / name


def open_output(url: str, publish: PublishConfig) -> Target:
    """The filesystem behind an output URL (S3's endpoint comes from [publish] endpoint_url or AWS_ENDPOINT_URL)."""
    from .publish.targets import open_target  # deferred: fsspec and its backends load only for a URL output

    return open_target(url, publish, "an output on")


def failure(exc: Exception, what: str, url: str, fix: str = "check the URL, the bucket and its credentials") -> OutputError:
    """One line for a failed read or write at an output URL (the backends raise their own kinds)."""
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return OutputError(f"cannot {what} {url}: {reason}; {fix}")


def check_output(config: Config) -> None:
    """Prove the output URL is reachable and writable before any audio is made (a no-op for a folder)."""
    if not config.output_url:
        return
    remote = open_output(config.output_url, config.publish)
    probe = remote.path(f".write-test-{os.getpid()}")
    try:
        remote.fs.pipe_file(probe, b"")
        remote.fs.rm_file(probe)
    except Exception as exc:  # botocore, aiohttp, asyncssh and OSError kinds alike
        raise failure(exc, "write to output", remote.url) from None


def send_files(config: Config, files: Iterable[Path]) -> None:
    """Send finished files of the working copy to the output URL, in the order given (the audio last).

    Each lands whole: an object store's put is atomic, a server's file is written aside and
    renamed. Several files cannot land as one, so a run that fails while sending can leave
    new side files beside the previous audio; the catalog and the site, which listeners
    see, change only when a publish has every file.
    """
    from .publish.targets import put  # deferred: see open_output

    remote = open_output(config.output_url, config.publish)
    for path in files:
        relative = path.relative_to(config.output_dir).as_posix()
        try:
            put(remote, relative, lambda final, **headers: remote.fs.put_file(str(path), final, **headers))
        except Exception as exc:
            raise failure(exc, f"send {relative} to", remote.url, "check the bucket and its credentials, then make it again") from None


def send_episode(config: Config, episode: Episode, *more: Path) -> None:
    """Send a made episode's side files and `more` to the output URL, then its audio: once the
    audio is there, everything it names is too."""
    from .audio.reuse import written_files  # deferred: the audio stage imports the config

    send_files(config, [*(p for p in written_files(episode) if p != episode.path), *more, episode.path])


def shown_path(config: Config, path: Path) -> str:
    """A file of the output as the user knows it: its URL when the output has one."""
    if config.output_url and path.is_relative_to(config.output_dir):
        from .publish.targets import shown  # deferred: see open_output

        return f"{shown(config.output_url)}/{path.relative_to(config.output_dir).as_posix()}"
    return str(path)


def fetch_missing(config: Config, names: Iterable[str]) -> None:
    """Bring files of the output URL that this machine's working copy lacks (another machine made them)."""
    if not config.output_url:
        return
    missing = [name for name in dict.fromkeys(names) if not (config.output_dir / name).is_file()]
    if not missing:
        return
    remote = open_output(config.output_url, config.publish)
    for name in missing:
        local = config.output_dir / name
        partial = local.with_name(f".{local.name}.{os.getpid()}.partial")
        try:
            remote.fs.get_file(remote.path(name), str(partial))
            os.replace(partial, local)
        except FileNotFoundError:
            continue  # the site builder names the file that is missing everywhere
        except Exception as exc:
            raise failure(exc, f"fetch {name} from", remote.url) from None
        finally:
            partial.unlink(missing_ok=True)
