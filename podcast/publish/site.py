"""The static show website and its feed, built aside and swapped in at once.

`output/site` is a symbolic link to a build folder. A publish builds a complete new
folder (pages, feed, media hard-linked from the output folder) next to it, then
points the link at it with one atomic rename: a reader, a podcatcher or `serve`
sees either the old site or the new one, never a mix, and a failed build leaves
the old site untouched.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..cache import hash_memo_path
from ..config import Config
from ..errors import OutputError
from . import Published, site_base_url
from .catalog import CatalogEntry
from .feed import FEED_NAME, EpisodeLinks, TRANSCRIPT_TYPES, audio_type, build_feed
from .embed import SPEEDS, inline_assets
from .html import clock, environment, notes_html
from .digests import DigestCache
from .layout import MEDIA, SITE_NAME, embed_page, episode_page, media_path
from .transcript import TranscriptSection, transcript_sections


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
        for field in ("audio", "chapters_file", *TRANSCRIPT_TYPES, "cover")
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


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def digest_cache(config: Config) -> DigestCache:
    """The SHA-256s of the show's files, kept in its output folder (see digests.py)."""
    return DigestCache(hash_memo_path(config.output_dir))


def _build(entries: list[CatalogEntry], config: Config, staging: Path) -> Published:
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
    _write(staging / FEED_NAME, feed)
    env = environment()
    common = {"show": config.show, "show_title": show_title, "cover": cover, "feed": FEED_NAME, "clock": clock}
    _write(staging / "index.html", env.get_template("index.html.j2").render(**common, root="", episodes=views))
    seek = inline_assets("seek.js")
    player = inline_assets("seek.js", "player.js", style="player.css")
    for view in views:
        page = env.get_template("episode.html.j2").render(
            **common, root="../", episode=view, notes=notes_html(view.entry.notes), audio_mime=audio_type(view.entry.audio),
            script=seek.script,
        )
        _write(staging / view.page, page)
        embed = env.get_template("embed.html.j2").render(
            **common, root="../", episode=view, entry=view.entry, speeds=SPEEDS,
            style=player.style, script=player.script, policy=player.policy,
        )
        _write(staging / view.embed, embed)
    _write(staging / "style.css", env.get_template("style.css").render())
    return Published(config.output_dir / SITE_NAME, config.output_dir / SITE_NAME / FEED_NAME, base + FEED_NAME, len(views), tuple(warnings))


def _swap(staging: Path, link: Path) -> None:
    """Point `link` at `staging` in one rename, then delete every other build.

    Publishers are serialised by the catalog's write lock, so any other build folder
    is the replaced site or one left by a run that was killed: neither is in use.
    """
    if link.exists() and not link.is_symlink():
        raise OutputError(f"{link} is a folder, not the site link publish keeps; move it away and publish again")
    temporary = link.with_name(f".{link.name}.{os.getpid()}.link")
    temporary.unlink(missing_ok=True)
    os.symlink(staging.name, temporary)
    os.replace(temporary, link)
    for build in link.parent.glob(f".{SITE_NAME}-*"):
        if build.is_dir() and build.name != staging.name:
            shutil.rmtree(build, ignore_errors=True)


def publish_site(entries: list[CatalogEntry], config: Config) -> Published:
    """Build feed and site for `entries` (newest first) aside, then swap them in."""
    output = config.output_dir
    site_base_url(config)
    staging = Path(tempfile.mkdtemp(prefix=f".{SITE_NAME}-", dir=output))
    try:
        staging.chmod(0o755)
        published = _build(entries, config, staging)
        _swap(staging, output / SITE_NAME)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"cannot write the site in {output}: {exc.strerror or exc}; check the output folder") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return published
