"""Laying out the programme: stings, speech, pauses and bed on one timeline.

Speech is placed first, so every chapter and transcript cue is a measured
position in the samples that get encoded; music is then gain-matched to the
speech's own loudness and mixed around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config import AudioConfig, MusicConfig
from ..models import Chapter, Segment
from .music import Music, bed_source, duck_and_fade, match_loudness
from .loudness import level_speech, measure_sound
from .pcm import SoundFile, silence
from .sentences import Sentence, SpokenSegment

BED_LEAD_IN = 2.0
"""Seconds of bed alone before the first word when there is a bed but no intro sting."""
END_TAIL = 0.5
"""Silence after the last sound, so players do not clip the final word or note."""


@dataclass(frozen=True)
class Line:
    """One timed sentence of the finished programme, for the transcript."""

    role: str
    text: str
    start: float
    end: float


@dataclass(frozen=True)
class Programme:
    """The mixed, not yet normalised episode (on disk) and where everything lies in it."""

    sound: SoundFile
    chapters: tuple[Chapter, ...]
    lines: tuple[Line, ...]


def pause_after(segments: list[Segment], n: int, audio: AudioConfig) -> float:
    """Seconds of silence after segment n: longer before a story starts."""
    if n + 1 >= len(segments):
        return 0.0
    pause = audio.pause_after_segment_ms
    if segments[n + 1].kind == "story":
        pause += audio.pause_before_story_ms
    return pause / 1000


@dataclass(frozen=True)
class Placed:
    """Where a shaped segment lies in the speech track, in seconds; its samples are on disk."""

    segment: Segment
    sentences: tuple[Sentence, ...]
    start: float
    seconds: float


class SpeechTrack:
    """The speech written to a raw float32 file segment by segment, so only one segment is ever in memory."""

    def __init__(self, path: Path, rate: int) -> None:
        self.path, self.rate, self.frames = path, rate, 0
        self.placed: list[Placed] = []
        self._file = path.open("wb")

    def _write(self, samples: np.ndarray) -> None:
        samples.astype("<f4", copy=False).tofile(self._file)
        self.frames += len(samples)

    def add(self, part: SpokenSegment, pause: float) -> None:
        """Append one shaped segment and the silence after it."""
        self.placed.append(Placed(part.segment, part.sentences, self.frames / self.rate, part.seconds))
        self._write(part.samples)
        self._write(silence(pause, self.rate))

    def close(self) -> SoundFile:
        self._file.close()
        return SoundFile(self.path, self.rate, self.frames)


BLOCK = 1 << 20
"""Samples copied at a time when the speech is placed into the programme file (4 MB)."""


def _place(speech: SoundFile, offset: int, length: int, path: Path) -> SoundFile:
    """A programme file of `length` samples: silence, the speech from `offset`, silence to the end."""
    with speech.path.open("rb") as source, path.open("wb") as target:
        np.zeros(offset, dtype="<f4").tofile(target)
        for _ in range(0, speech.frames, BLOCK):
            np.fromfile(source, dtype="<f4", count=BLOCK).tofile(target)
        np.zeros(max(0, length - offset - speech.frames), dtype="<f4").tofile(target)
    return SoundFile(path, speech.rate, max(length, offset + speech.frames))


def _add(track: SoundFile, piece: np.ndarray, at: int) -> None:
    """Mix `piece` into the programme file from sample `at` (cut at its end), in place."""
    count = max(0, min(len(piece), track.frames - at))
    with track.path.open("r+b") as file:
        file.seek(at * 4)
        region = np.fromfile(file, dtype="<f4", count=count)
        region += piece[:count]
        file.seek(at * 4)
        region.tofile(file)


def lay_out(speech_track: SpeechTrack, final_pause: float, music: Music, audio: AudioConfig, config: MusicConfig) -> Programme:
    """Level the speech, place it, and mix stings and bed around it; return it with its chapters and timed lines.

    The programme is built in a file next to the speech track, a block at a
    time, and music is added where it plays (a few seconds at each end), so a
    long episode never sits in memory.
    """
    rate, placed = speech_track.rate, speech_track.placed
    raw = speech_track.close()
    speech = level_speech(raw, audio, raw.path.with_name("levelled.f32"))
    speech_lufs = measure_sound(speech).integrated
    sting_lufs = speech_lufs + config.sting_db

    intro = match_loudness(music.intro, rate, sting_lufs) if music.intro is not None else None
    outro = match_loudness(music.outro, rate, sting_lufs) if music.outro is not None else None
    offset = max(0, len(intro) - round(config.overlap_ms / 1000 * rate)) if intro is not None else 0
    if music.bed_source and offset < BED_LEAD_IN * rate:
        offset = round(BED_LEAD_IN * rate)
    speech_end = offset + speech.frames - round(final_pause * rate)
    outro_at = speech_end + round(config.outro_gap_ms / 1000 * rate)
    length = max(speech_end, outro_at + len(outro) if outro is not None else 0) + round(END_TAIL * rate)

    track = _place(speech, offset, length, raw.path.with_name("programme.f32"))
    raw.path.unlink()
    speech.path.unlink()
    if intro is not None:
        _add(track, intro, 0)
    if outro is not None:
        _add(track, outro, outro_at)

    lines, chapter_starts = [], []
    for part in placed:
        at = offset / rate + part.start
        chapter_starts.append(at + part.sentences[0].start)
        lines += [Line(part.segment.role, s.text, at + s.start, at + s.end) for s in part.sentences]

    if music.bed_source:
        first = placed[0]
        intro_speech = [(offset / rate + s.start, offset / rate + s.end) for s in first.sentences]
        bed_end = offset / rate + first.seconds + 1.5
        bed_length = min(length, round(bed_end * rate))
        source = match_loudness(bed_source(music, rate, bed_length), rate, speech_lufs + config.bed_db)
        _add(track, duck_and_fade(source, rate, intro_speech, bed_end, config), 0)

    ends = chapter_starts[1:] + [length / rate]
    chapters = tuple(Chapter(p.segment.title, s, e) for p, s, e in zip(placed, chapter_starts, ends))
    return Programme(track, chapters, tuple(lines))
