"""Tags written with mutagen (pydub's own tagging is unreliable).

MP3: ID3v2.3 (for old players) with the episode's text frames, an APIC front
cover and a top-level ordered CTOC with one CHAP per chapter, which Apple,
AntennaPod and `ffprobe -show_chapters` read. M4A: iTunes atoms and a `covr`
image; its chapters are written by ffmpeg at encoding time (mutagen cannot).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCON, TDRC, TIT2, TPE1, CTOCFlags, ID3NoHeaderError, PictureType
from mutagen.mp4 import MP4, MP4Cover

from ..models import Chapter
from .cover import CoverArt


@dataclass(frozen=True)
class EpisodeTags:
    """What every episode file carries about itself."""

    title: str
    show: str
    author: str
    date: dt.date
    genre: str
    description: str = ""
    chapters: tuple[Chapter, ...] = ()
    cover: CoverArt | None = None


def _chap(element_id: str, chapter: Chapter) -> CHAP:
    return CHAP(
        element_id=element_id,
        start_time=round(chapter.start * 1000),
        end_time=round(chapter.end * 1000),
        sub_frames=[TIT2(encoding=3, text=chapter.title)],
    )


def _saved_size(frame: CHAP) -> int:
    alone = ID3()
    alone.add(frame)
    buffer = io.BytesIO()
    alone.save(buffer, v2_version=3, padding=lambda info: 0)
    return len(buffer.getvalue())


def _chapter_frames(chapters: tuple[Chapter, ...]) -> list:
    """A top-level ordered CTOC and one CHAP per chapter, stored in chapter order.

    mutagen stores frames of one kind smallest first, then by element id, while
    ffmpeg lists CHAP frames in file order; so each element id is padded until
    every CHAP frame has the same size, and the ids sort in chapter order.
    """
    sizes = [_saved_size(_chap(f"chp{n:03d}", c)) for n, c in enumerate(chapters)]
    ids = [f"chp{n:03d}" + "_" * (max(sizes) - size) for n, size in enumerate(sizes)]
    toc = CTOC(
        element_id="toc",
        flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
        child_element_ids=ids,
        sub_frames=[TIT2(encoding=3, text="Chapters")],
    )
    return [toc, *(_chap(element_id, c) for element_id, c in zip(ids, chapters))]


def write_id3(path: Path, tags: EpisodeTags) -> None:
    """Text frames, cover and chapters; saved as ID3v2.3."""
    try:
        id3 = ID3(str(path))
    except ID3NoHeaderError:
        id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TALB(encoding=3, text=tags.show))
    id3.add(TPE1(encoding=3, text=tags.author))
    id3.add(TDRC(encoding=3, text=tags.date.isoformat()))
    id3.add(TCON(encoding=3, text=tags.genre))
    if tags.description:
        id3.add(COMM(encoding=3, lang="eng", desc="", text=tags.description))
    if tags.cover:
        id3.add(APIC(encoding=3, mime=tags.cover.mime, type=PictureType.COVER_FRONT, desc="Cover", data=tags.cover.data))
    if tags.chapters:
        for frame in _chapter_frames(tags.chapters):
            id3.add(frame)
    id3.save(str(path), v2_version=3)


def write_mp4(path: Path, tags: EpisodeTags) -> None:
    """iTunes atoms: title, album, artist, date, genre, description, cover."""
    mp4 = MP4(str(path))
    mp4["\xa9nam"] = tags.title
    mp4["\xa9alb"] = tags.show
    mp4["\xa9ART"] = tags.author
    mp4["\xa9day"] = tags.date.isoformat()
    mp4["\xa9gen"] = tags.genre
    if tags.description:
        mp4["desc"] = tags.description
    if tags.cover:
        kind = MP4Cover.FORMAT_JPEG if tags.cover.mime == "image/jpeg" else MP4Cover.FORMAT_PNG
        mp4["covr"] = [MP4Cover(tags.cover.data, imageformat=kind)]
    mp4.save()


def write_tags(path: Path, tags: EpisodeTags, audio_format: str = "mp3") -> None:
    """Tag `path` the way its format allows."""
    if audio_format == "m4a":
        write_mp4(path, tags)
    else:
        write_id3(path, tags)
