"""The static show website and its feed, built aside and swapped in at once.

`output/site` is a symbolic link to a build folder. A publish builds a complete new
folder (pages, feed, media hard-linked from the output folder) next to it, then
points the link at it with one atomic rename: a reader, a podcatcher or `serve`
sees either the old site or the new one, never a mix, and a failed build leaves
the old site untouched.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_failure
from ..cache import hash_memo_path
from ..config import Config
from ..errors import OutputError
from ..storage import fetch_missing
from ..visible import visible, visible_fields
from . import Published, site_base_url
from .catalog import CatalogEntry
from .feed import FEED_NAME, EpisodeLinks, TRANSCRIPT_TYPES, audio_type, build_feed
from .embed import SPEEDS, inline_assets
from .html import clock, environment, notes_html
from .digests import DigestCache
from .layout import MEDIA, SITE_NAME, embed_page, episode_page, media_path
from .transcript import TranscriptSection, transcript_sections

FILE_FIELDS = ("audio", "chapters_file", *TRANSCRIPT_TYPES, "cover")
"""The catalog entry's fields that name a file of the output folder."""


def _missing(source: Path) -> OutputError:
    return OutputError(
        f"{source} is missing but listed in the catalog; re-make that episode "
        f"or drop it with 'roundup-podcast episodes remove {source.name}'"
    )


def _place(source: Path, target: Path) -> None:
    """Put a file into the build: a hard link (instant, and the old site keeps the old inode) or a copy."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        raise _missing(source) from None
    except OSError:
        shutil.copy2(source, target)


@dataclass(frozen=True)
class _EpisodeView:
    """One episode as the templates and the feed see it."""

    entry: CatalogEntry
    links: EpisodeLinks
    page: str
    embed: str
    audio: str
    transcript: tuple[TranscriptSection, ...]
    files: tuple[tuple[str, str], ...]
    """(label, relative URL) of the side files offered for download."""


def _place_named(source: Path, staging: Path, digests: DigestCache) -> str:
    """Put `source` where layout.media_path says, in the build at `staging`; return that path."""
    try:
        path = media_path(source, digests.digest)
    except FileNotFoundError:
        raise _missing(source) from None
    (staging / path).parent.mkdir(parents=True, exist_ok=True)
    _place(source, staging / path)
    return path


def _stage_episode(entry: CatalogEntry, config: Config, base: str, media: Path, digests: DigestCache) -> _EpisodeView:
    output = config.output_dir
    paths = {
        field: _place_named(output / getattr(entry, field), media.parent, digests)
        for field in FILE_FIELDS
        if getattr(entry, field)
    }
    staging = media.parent
    entry = dataclasses.replace(entry, size=(staging / paths["audio"]).stat().st_size)
    page = episode_page(entry.audio)
    links = EpisodeLinks(
        page=base + page,
        audio=base + paths["audio"],
        chapters=base + paths["chapters_file"] if "chapters_file" in paths else None,
        transcripts=tuple((base + paths[f], mime) for f, mime in TRANSCRIPT_TYPES.items() if f in paths),
        cover=base + paths["cover"] if "cover" in paths else None,
    )
    labels = {"chapters_file": "Chapters (JSON)", "transcript_vtt": "Transcript (WebVTT)", "transcript_srt": "Transcript (SRT)"}
    files = tuple((label, paths[f]) for f, label in labels.items() if f in paths)
    vtt = staging / paths["transcript_vtt"] if "transcript_vtt" in paths else None
    transcript = transcript_sections(entry.chapters, vtt)
    return _EpisodeView(entry, links, page, embed_page(entry.audio), paths["audio"], transcript, files)


def _stage_cover(config: Config, views: list[_EpisodeView], media: Path, digests: DigestCache) -> str | None:
    """The show cover's path in the site, named by its content: a new image gets a new URL, the same one keeps it."""
    cover = config.show.cover
    if cover is None:  # the audio stage's cover of the newest episode that has one
        with_cover = [v.entry.cover for v in views if v.entry.cover]
        if not with_cover:
            return None
        cover = config.output_dir / with_cover[0]
    try:
        name = f"cover-{digests.digest(cover)[:12]}{cover.suffix.lower()}"
    except FileNotFoundError:
        raise _missing(cover) from None
    _place(cover, media / name)
    return f"{MEDIA}/{name}"


def _write_all(folder: Path, files: dict[str, str]) -> None:
    """Write the pages and the feed, each with only visible characters whatever the show's settings hold.

    Everything is rendered first, so a disk without room for all of it is found
    before the first byte, and the error can say how much was needed.
    """
    encoded = {name: visible(text).encode("utf-8") for name, text in files.items()}
    needed = sum(len(data) for data in encoded.values())
    try:
        free = shutil.disk_usage(folder).free
        if free < needed:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        for name, data in encoded.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    except OSError as exc:
        raise write_failure(exc, "the site", folder.parent / SITE_NAME, needed) from None


def digest_cache(config: Config) -> DigestCache:
    """The SHA-256s of the show's files, kept in its output folder (see digests.py)."""
    return DigestCache(hash_memo_path(config.output_dir))


def _visible(entry: CatalogEntry) -> CatalogEntry:
    """The entry's texts without invisible characters (a catalog written before they were removed may hold them)."""
    notes = entry.notes
    return dataclasses.replace(
        entry, title=visible(entry.title), show=visible(entry.show),
        notes=dataclasses.replace(notes, standfirst=visible(notes.standfirst), bullets=tuple(map(visible, notes.bullets)),
                                  headings=tuple(map(visible, notes.headings))),
        chapters=tuple(dataclasses.replace(c, title=visible(c.title)) for c in entry.chapters),
    )


def _build(entries: list[CatalogEntry], config: Config, staging: Path) -> Published:
    config = dataclasses.replace(config, show=visible_fields(config.show))
    entries = [_visible(entry) for entry in entries]
    base = site_base_url(config)
    media = staging / MEDIA
    media.mkdir()
    digests = digest_cache(config)
    views = [_stage_episode(entry, config, base, media, digests) for entry in entries]
    cover = _stage_cover(config, views, media, digests)
    digests.save()
    show_title = config.show.title or (entries[0].show if entries else "Podcast")
    warnings = [] if cover else ["no cover art: Apple requires one; set [show] cover in podcast.toml"]
    if not config.show.email:
        warnings.append("no owner email: Apple and Spotify send the ownership check to it; set [show] email")
    feed = build_feed(
        config.show, show_title, base + FEED_NAME, base, base + cover if cover else None,
        [(v.entry, v.links) for v in views], hub=config.publish.websub_hub,
    )
    files = {FEED_NAME: feed.decode("utf-8")}
    env = environment()
    common = {"show": config.show, "show_title": show_title, "cover": cover, "feed": FEED_NAME, "clock": clock}
    files["index.html"] = env.get_template("index.html.j2").render(**common, root="", episodes=views)
    seek = inline_assets("seek.js")
    player = inline_assets("seek.js", "player.js", style="player.css")
    for view in views:
        page = env.get_template("episode.html.j2").render(
            **common, root="../", episode=view, notes=notes_html(view.entry.notes), audio_mime=audio_type(view.entry.audio),
            script=seek.script,
        )
        files[view.page] = page
        embed = env.get_template("embed.html.j2").render(
            **common, root="../", episode=view, entry=view.entry, speeds=SPEEDS,
            style=player.style, script=player.script, policy=player.policy,
        )
        files[view.embed] = embed
    files["style.css"] = env.get_template("style.css").render()
    _write_all(staging, files)
    return Published(config.output_dir / SITE_NAME, config.output_dir / SITE_NAME / FEED_NAME, base + FEED_NAME, len(views), tuple(warnings))


def fingerprint(entries: list[CatalogEntry]) -> str:
    """A short hash of the catalog's entries: the name of a build says which catalog state it shows."""
    rows = json.dumps([dataclasses.asdict(entry) for entry in entries], sort_keys=True, default=str)
    return hashlib.sha256(rows.encode("utf-8")).hexdigest()[:16]


def _builds(output: Path, print_: str = "*") -> list[Path]:
    return [path for path in output.glob(f".{SITE_NAME}-{print_}-*") if path.is_dir() and not path.is_symlink()]


def shows(entries: list[CatalogEntry], output: Path) -> bool:
    """True when `output/site` is a complete build of exactly these entries."""
    link = output / SITE_NAME
    target = os.readlink(link) if link.is_symlink() else ""
    return target.startswith(f".{SITE_NAME}-{fingerprint(entries)}-") and (output / target / FEED_NAME).is_file()


def built(entries: list[CatalogEntry], output: Path) -> Path | None:
    """A complete build of these entries waiting to be swapped in (a publish killed after its commit left it)."""
    found = _builds(output, fingerprint(entries))
    return found[0] if found else None


@dataclass(frozen=True)
class StagedSite:
    """A complete site built aside, named by its catalog state, not yet visible."""

    build: Path
    published: Published


def stage_site(entries: list[CatalogEntry], config: Config) -> StagedSite:
    """Build feed and site for `entries` (newest first) in a hidden folder of the output folder.

    With an output at a URL, the episodes other machines made are fetched into this one's working copy first.

    The folder gets its final name, `.site-<fingerprint>-<random>`, only once every
    file is written, so a build with such a name is always complete.
    """
    output = config.output_dir
    site_base_url(config)
    fetch_missing(config, [name for entry in entries for field in FILE_FIELDS if (name := getattr(entry, field))])
    staging = Path(tempfile.mkdtemp(prefix=f".{SITE_NAME}-building-", dir=output))
    try:
        staging.chmod(0o755)
        published = _build(entries, config, staging)
        build = output / f".{SITE_NAME}-{fingerprint(entries)}-{staging.name.rsplit('-', 1)[1]}"
        os.rename(staging, build)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise write_failure(exc, "the site", output / SITE_NAME) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return StagedSite(build, published)


def swap_in(build: Path) -> None:
    """Point `output/site` at `build` in one rename, then delete every other build.

    Publishers hold the output folder's publish lock while they do this, so any
    other build is the replaced site, an unfinished one or one left by a run that
    was killed: none is in use.
    """
    link = build.parent / SITE_NAME
    if link.exists() and not link.is_symlink():
        raise OutputError(f"{link} is a folder, not the site link publish keeps; move it away and publish again")
    temporary = link.with_name(f".{link.name}.{os.getpid()}.link")
    try:
        temporary.unlink(missing_ok=True)
        os.symlink(build.name, temporary)
        os.replace(temporary, link)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"cannot point {link} at the new site: {exc.strerror}; check the output folder") from None
    clear_other_builds(build.parent)


def clear_other_builds(output: Path) -> None:
    """Delete every build but the one `output/site` points at (call it holding the publish lock)."""
    link = output / SITE_NAME
    current = os.readlink(link) if link.is_symlink() else ""
    for old in output.glob(f".{SITE_NAME}-*"):
        if old.is_dir() and not old.is_symlink() and old.name != current:
            shutil.rmtree(old, ignore_errors=True)


def publish_site(entries: list[CatalogEntry], config: Config) -> Published:
    """Build feed and site for `entries` (newest first) aside, then swap them in."""
    staged = stage_site(entries, config)
    swap_in(staged.build)
    return staged.published
