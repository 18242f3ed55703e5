"""Assemble stage: checked clips → one normalised, tagged episode file and its side files.

Clips are decoded to one programme rate, trimmed and re-timed sentence by
sentence (sentences.py), laid out with music (programme.py), normalised and
encoded (loudness.py), tagged (tags.py), and written beside their chapters,
transcripts and cover, all renamed into place only once everything succeeded.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from ..config import AudioConfig, MusicConfig, ShowConfig
from ..models import Clip, Episode
from .chapters import chapters_json, ffmetadata
from .cover import CoverArt, default_cover, load_cover
from .encode import audio_format
from .loudness import normalize_and_encode
from .music import load_music
from .outputs import EpisodeFiles
from .pcm import load_sound
from .programme import Programme, SpeechTrack, lay_out, pause_after
from .sentences import shape_segment
from .tags import EpisodeTags, write_tags
from .transcript import make_cues, to_srt, to_vtt


def sentence_pause(role: str, audio: AudioConfig) -> float:
    """Seconds after each sentence for a voice role."""
    return (audio.story_sentence_pause_ms if role == "story" else audio.anchor_sentence_pause_ms) / 1000


def build_programme(clips: list[Clip], audio: AudioConfig, music: MusicConfig, workdir: Path) -> Programme:
    """Decode, trim and re-time every clip into a speech track on disk, then lay the programme out with its music.

    One clip at a time is in memory, so an hour-long episode costs no more memory than a short one.
    """
    rate = audio.sample_rate
    segments = [c.segment for c in clips]
    track = SpeechTrack(workdir / "speech.f32", rate)
    for n, clip in enumerate(clips):
        samples = load_sound(clip.path, rate).samples
        track.add(shape_segment(clip.segment, samples, rate, sentence_pause(clip.segment.role, audio)), pause_after(segments, n, audio))
    return lay_out(track, pause_after(segments, len(segments) - 1, audio), load_music(music, rate), audio, music)


def side_path(path: Path, suffix: str) -> Path:
    """A side file beside the episode: `2026-11-25-show.mp3` → `2026-11-25-show<suffix>`."""
    return path.with_name(path.stem + suffix)


def cover_art(show: ShowConfig, show_name: str) -> tuple[CoverArt, Path | None]:
    """The show's cover (and its path), or a generated one that still needs writing (None)."""
    if show.cover:
        return load_cover(Path(show.cover)), Path(show.cover)
    return default_cover(show_name), None


def check_audio_settings(audio: AudioConfig, music: MusicConfig, show: ShowConfig) -> None:
    """Fail on a bad format, music file or cover image before any speech is made."""
    audio_format(audio)
    load_music(music, audio.sample_rate)
    if show.cover:
        load_cover(Path(show.cover))


def assemble(
    clips: list[Clip],
    path: Path,
    title: str,
    date: dt.date,
    show: ShowConfig,
    show_name: str,
    audio: AudioConfig,
    music: MusicConfig | None = None,
) -> Episode:
    """Write the episode to `path` and its side files beside it, atomically."""
    chosen = audio_format(audio)
    path = path.with_suffix(chosen.suffix)
    cover, cover_path = cover_art(show, show_name)
    files = EpisodeFiles()
    try:
        temporary = files.temporary(path)
        with tempfile.TemporaryDirectory(prefix="roundup-programme-") as workdir:
            programme = build_programme(clips, audio, music or MusicConfig(), Path(workdir))
            metadata = None
            if chosen.name == "m4a":
                metadata = Path(workdir) / "chapters.ffmeta"
                metadata.write_text(ffmetadata(programme.chapters, show_name), encoding="utf-8")
            measured = normalize_and_encode(programme.sound, temporary, audio, metadata)
        tags = EpisodeTags(title, show_name, show.author, date, show.genre, show.description, programme.chapters, cover)
        write_tags(temporary, tags, chosen.name)
        cues = make_cues(programme.lines)
        chapters_path = files.write_text(side_path(path, ".chapters.json"), chapters_json(programme.chapters))
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
        seconds=programme.sound.seconds,
        size=path.stat().st_size,
        chapters=programme.chapters,
        mime=chosen.mime,
        loudness_lufs=measured.integrated,
        true_peak_db=measured.true_peak,
        chapters_path=chapters_path,
        transcript_vtt=vtt,
        transcript_srt=srt,
        cover_path=cover_path,
    )
