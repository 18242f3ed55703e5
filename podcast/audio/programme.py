"""Laying out the programme: stings, speech, pauses and bed on one timeline.

Speech is placed first, so every chapter and transcript cue is a measured
position in the samples that get encoded; music is then gain-matched to the
speech's own loudness and mixed around it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config import AudioConfig, MusicConfig
from ..models import Chapter
from .music import Music, bed_source, duck_and_fade, match_loudness
from .loudness import level_speech, measure_sound
from .pcm import Sound, silence
from .sentences import SpokenSegment

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
    """The mixed, not yet normalised episode and where everything lies in it."""

    sound: Sound
    chapters: tuple[Chapter, ...]
    lines: tuple[Line, ...]


def pause_after(spoken: list[SpokenSegment], n: int, audio: AudioConfig) -> float:
    """Seconds of silence after segment n: longer before a story starts."""
    if n + 1 >= len(spoken):
        return 0.0
    pause = audio.pause_after_segment_ms
    if spoken[n + 1].segment.kind == "story":
        pause += audio.pause_before_story_ms
    return pause / 1000


def _speech_track(spoken: list[SpokenSegment], audio: AudioConfig, rate: int) -> tuple[np.ndarray, list[float]]:
    chunks, starts, position = [], [], 0
    for n, part in enumerate(spoken):
        starts.append(position / rate)
        gap = silence(pause_after(spoken, n, audio), rate)
        chunks += [part.samples, gap]
        position += len(part.samples) + len(gap)
    return np.concatenate(chunks), starts


def _add(track: np.ndarray, piece: np.ndarray, at: int) -> None:
    track[at : at + len(piece)] += piece[: max(0, len(track) - at)]


def lay_out(spoken: list[SpokenSegment], music: Music, audio: AudioConfig, config: MusicConfig, rate: int) -> Programme:
    """Mix stings, speech and bed into one track; return it with its chapters and timed lines."""
    speech, starts = _speech_track(spoken, audio, rate)
    speech = level_speech(Sound(speech, rate), audio).samples
    speech_lufs = measure_sound(Sound(speech, rate)).integrated
    sting_lufs = speech_lufs + config.sting_db

    intro = match_loudness(music.intro, rate, sting_lufs) if music.intro is not None else None
    outro = match_loudness(music.outro, rate, sting_lufs) if music.outro is not None else None
    offset = max(0, len(intro) - round(config.overlap_ms / 1000 * rate)) if intro is not None else 0
    if music.bed_source and offset < BED_LEAD_IN * rate:
        offset = round(BED_LEAD_IN * rate)
    speech_end = offset + len(speech) - round(pause_after(spoken, len(spoken) - 1, audio) * rate)
    outro_at = speech_end + round(config.outro_gap_ms / 1000 * rate)
    length = max(speech_end, outro_at + len(outro) if outro is not None else 0) + round(END_TAIL * rate)

    track = np.zeros(length, dtype=np.float32)
    _add(track, speech, offset)
    if intro is not None:
        _add(track, intro, 0)
    if outro is not None:
        _add(track, outro, outro_at)

    lines, chapter_starts = [], []
    for part, start in zip(spoken, starts):
        at = offset / rate + start
        chapter_starts.append(at + part.sentences[0].start)
        lines += [Line(part.segment.role, s.text, at + s.start, at + s.end) for s in part.sentences]

    if music.bed_source:
        first = spoken[0]
        intro_speech = [(offset / rate + s.start, offset / rate + s.end) for s in first.sentences]
        bed_end = offset / rate + first.seconds + 1.5
        bed_length = min(length, round(bed_end * rate))
        source = match_loudness(bed_source(music, rate, bed_length), rate, speech_lufs + config.bed_db)
        _add(track, duck_and_fade(source, rate, intro_speech, bed_end, config), 0)

    ends = chapter_starts[1:] + [length / rate]
    chapters = tuple(Chapter(p.segment.title, s, e) for p, s, e in zip(spoken, chapter_starts, ends))
    return Programme(Sound(track, rate), chapters, tuple(lines))
