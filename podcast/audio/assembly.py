"""Assemble stage: checked clips → one normalised, tagged episode file and its side files.

The episode is made piece by piece (programme.py: a segment, its pause and its
music; pieces.py: levelled, encoded and measured, kept in the piece cache), the
pieces on several threads at once, each one's ffmpeg passes in a process of its
own. The pieces' frames are joined into the file (encode.py), tagged (tags.py)
and written beside their chapters, transcripts and cover, all renamed into place
only once everything succeeded. Chapters and transcript cues are placed by
counting the frames before each piece; loudness and true peak come from the
pieces' own measurements, gated together as one programme.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import CacheStore
from ..config import AudioConfig, MusicConfig, ShowConfig
from ..lifetime import scratch_dir
from ..memory import release_big_buffers_when_freed
from ..models import Chapter, Clip, Episode
from ..progress import EncodingProgress
from .chapters import chapters_json, ffmetadata
from .cover import CoverArt, default_cover, load_cover
from .encode import audio_format, write_episode
from .loudness import combined
from .outputs import EpisodeFiles
from .pieces import EncodedPiece, make_piece
from .programme import plan_pieces
from .tags import EpisodeTags, write_tags
from .transcript import Line, make_cues, to_srt, to_vtt, written_sentences


@dataclass(frozen=True)
class Timeline:
    """Where every segment and sentence lies in the joined file, and its length, in seconds."""

    chapters: tuple[Chapter, ...]
    lines: tuple[Line, ...]
    seconds: float


def timeline(pieces: list[EncodedPiece], audio: AudioConfig) -> Timeline:
    """Place each piece's segments after the frames of the pieces before it and its own priming."""
    rate, priming = audio.sample_rate, audio_format(audio).priming
    starts, titles, lines, heard = [], [], [], 0
    for piece in pieces:
        at = (heard + priming) / rate
        for placed in piece.segments:
            starts.append(at + placed.sentences[0].start)
            titles.append(placed.segment.title)
            lines += [Line(placed.segment.role, s.moved(at)) for s in written_sentences(placed.segment, placed.sentences)]
        heard += piece.frames.samples
    seconds = heard / rate
    chapters = tuple(Chapter(title, start, end) for title, start, end in zip(titles, starts, starts[1:] + [seconds]))
    return Timeline(chapters, tuple(lines), seconds)


def make_pieces(
    clips: list[Clip],
    audio: AudioConfig,
    music: MusicConfig,
    cache: CacheStore | None,
    jobs: int,
    workdir: Path,
    progress: EncodingProgress | None = None,
) -> list[EncodedPiece]:
    """Every piece of the episode, in order; made `jobs` at a time, the longest first so none is left
    running alone at the end. `progress` hears how many pieces there are, then of each one done."""
    release_big_buffers_when_freed()
    plans = plan_pieces(clips, audio, music)
    speech = [sum(clip.seconds for clip in plan.clips) for plan in plans]
    longest_first = sorted(range(len(plans)), key=lambda n: -speech[n])
    if progress:
        progress.encoding(len(plans))
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        made = {
            pool.submit(make_piece, plans[n], audio, music, cache, workdir / f"piece-{n:03d}.frames"): n for n in longest_first
        }
        pieces = {}
        for future in as_completed(made):
            pieces[made[future]] = future.result()
            if progress:
                progress.encoded(speech[made[future]])
        return [pieces[n] for n in range(len(plans))]


def side_path(path: Path, suffix: str) -> Path:
    """A side file beside the episode: `2026-11-25-show.mp3` → `2026-11-25-show<suffix>`."""
    return path.with_name(path.stem + suffix)


def cover_art(show: ShowConfig, show_name: str) -> tuple[CoverArt, Path | None]:
    """The show's cover (and its path), or a generated one that still needs writing (None)."""
    if show.cover:
        return load_cover(Path(show.cover)), Path(show.cover)
    return default_cover(show_name), None


@dataclass(frozen=True)
class AssemblySettings:
    """What an episode is assembled with, besides its clips: what it is called and how it sounds."""

    title: str
    """The episode's own title."""
    date: dt.date
    show_name: str
    """The show's name as the script says it (tags, chapters, the generated cover)."""
    show: ShowConfig = field(default_factory=ShowConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    music: MusicConfig = field(default_factory=MusicConfig)


def assemble(
    clips: list[Clip],
    path: Path,
    settings: AssemblySettings,
    cache: CacheStore | None = None,
    jobs: int = 1,
    progress: EncodingProgress | None = None,
) -> Episode:
    """Write the episode to `path` and its side files beside it, atomically."""
    title, date, show, show_name, audio, music = (
        settings.title, settings.date, settings.show, settings.show_name, settings.audio, settings.music
    )
    chosen = audio_format(audio)
    path = path.with_suffix(chosen.suffix)
    cover, cover_path = cover_art(show, show_name)
    files = EpisodeFiles()
    try:
        temporary = files.temporary(path)
        with scratch_dir("pieces") as workdir:
            pieces = make_pieces(clips, audio, music, cache, jobs, Path(workdir), progress)
            placed = timeline(pieces, audio)
            metadata = Path(workdir) / "chapters.ffmeta"
            metadata.write_text(ffmetadata(placed.chapters, show_name), encoding="utf-8")
            write_episode([piece.path for piece in pieces], temporary, audio, metadata, Path(workdir))
        measured = combined([piece.loudness for piece in pieces])
        tags = EpisodeTags(title, show_name, show.author, date, show.genre, show.description, placed.chapters, cover)
        write_tags(temporary, tags, chosen.name)
        cues = make_cues(placed.lines)
        chapters_path = files.write_text(side_path(path, ".chapters.json"), chapters_json(placed.chapters))
        vtt = files.write_text(side_path(path, ".vtt"), to_vtt(cues))
        srt = files.write_text(side_path(path, ".srt"), to_srt(cues))
        if cover_path is None:
            cover_path = files.write_bytes(side_path(path, ".jpg"), cover.data)
        files.commit()
    finally:
        files.discard()
    return Episode(
        path=path,
        title=title,
        date=date,
        seconds=placed.seconds,
        size=path.stat().st_size,
        chapters=placed.chapters,
        mime=chosen.mime,
        loudness_lufs=measured.integrated,
        true_peak_db=measured.true_peak,
        chapters_path=chapters_path,
        transcript_vtt=vtt,
        transcript_srt=srt,
        cover_path=cover_path,
    )
