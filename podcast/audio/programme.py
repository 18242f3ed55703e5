"""Laying out the programme: which segments make each piece, and what plays in it.

The episode is cut into pieces at the pauses between segments, one piece per
segment, so an edited story re-makes only its own piece. A piece holds its
segment's levelled speech, the pause after it (less what the join will add back:
see encode.AudioFormat.join_allowance), and whatever music sounds there:
the intro sting and the bed in the first piece, the outro sting in the last.
Where the bed is still fading out across a pause, that pause is no cut and the
segments on both sides share a piece. Speech is placed before music, so every
chapter and transcript cue is a measured position in the samples that get encoded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..config import AudioConfig, MusicConfig
from ..models import Clip, Segment
from .encode import audio_format
from .loudness import level_speech, load_measured
from .music import Music, bed_source, duck_and_fade, match_loudness
from .pcm import Sound, silence
from .sentences import Sentence, shape_segment

BED_LEAD_IN = 2.0
"""Seconds of bed alone before the first word when there is a bed but no intro sting."""
BED_TAIL = 1.5
"""Seconds the bed plays on after the intro's last word, fading out."""
END_TAIL = 0.5
"""Silence after the last sound, so players do not clip the final word or note."""


def pause_after(segments: list[Segment], n: int, audio: AudioConfig) -> float:
    """Seconds of silence after segment n: longer before a story starts."""
    if n + 1 >= len(segments):
        return 0.0
    pause = audio.pause_after_segment_ms
    if segments[n + 1].kind == "story":
        pause += audio.pause_before_story_ms
    return pause / 1000


def sentence_pause(role: str, audio: AudioConfig) -> float:
    """Seconds after each sentence for a voice role."""
    return (audio.story_sentence_pause_ms if role == "story" else audio.anchor_sentence_pause_ms) / 1000


@dataclass(frozen=True)
class PiecePlan:
    """The segments of one piece (their clips and the pause after each) and whether it opens or closes the episode."""

    clips: tuple[Clip, ...]
    pauses: tuple[float, ...]
    first: bool
    last: bool


def plan_pieces(clips: list[Clip], audio: AudioConfig, music: MusicConfig) -> list[PiecePlan]:
    """Cut the episode into pieces: a cut after every segment but where the bed is still playing."""
    segments = [clip.segment for clip in clips]
    pauses = [pause_after(segments, n, audio) for n in range(len(clips))]
    groups: list[list[int]] = [[0]]
    for n in range(1, len(clips)):
        bed_still_playing = n == 1 and bool(music.bed) and BED_TAIL >= pauses[0]
        if bed_still_playing:
            groups[-1].append(n)
        else:
            groups.append([n])
    return [
        PiecePlan(tuple(clips[n] for n in group), tuple(pauses[n] for n in group), group[0] == 0, group[-1] == len(clips) - 1)
        for group in groups
    ]


@dataclass(frozen=True)
class PlacedSegment:
    """A segment's timed sentences, in seconds from the start of its piece."""

    segment: Segment
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True)
class PieceSound:
    """A piece's mixed samples at the programme rate and where its segments lie in them."""

    samples: np.ndarray
    segments: tuple[PlacedSegment, ...]


def _lead_in(music: Music, config: MusicConfig, intro: np.ndarray | None, rate: int) -> int:
    """Samples before the first word: the intro sting less its overlap, or the bed's lead-in."""
    lead = max(0, len(intro) - round(config.overlap_ms / 1000 * rate)) if intro is not None else 0
    if music.bed_source:
        lead = max(lead, round(BED_LEAD_IN * rate))
    return lead


def _mix(track: np.ndarray, piece: np.ndarray, at: int) -> None:
    """Add `piece` into `track` from sample `at`, cut at the track's end."""
    count = max(0, min(len(piece), len(track) - at))
    track[at : at + count] += piece[:count]


def _levelled(clip: Clip, audio: AudioConfig) -> tuple[np.ndarray, tuple[Sentence, ...]]:
    """A clip decoded, trimmed and re-timed sentence by sentence, and levelled to the target."""
    sound, raw_lufs = load_measured(clip.path, audio.sample_rate)
    shaped = shape_segment(clip.segment, sound.samples, sound.rate, sentence_pause(clip.segment.role, audio))
    del sound
    return level_speech(Sound(shaped.samples, shaped.rate), raw_lufs, audio.loudness_lufs, audio.true_peak_db), shaped.sentences


def render_piece(plan: PiecePlan, audio: AudioConfig, config: MusicConfig, music: Music) -> PieceSound:
    """Decode, trim, re-time and level the piece's speech, then lay its pauses and music around it.

    Music is matched to the target loudness, which every segment's speech is levelled to.
    """
    rate, target = audio.sample_rate, audio.loudness_lufs
    intro = match_loudness(music.intro, rate, target + config.sting_db) if plan.first and music.intro is not None else None
    outro = match_loudness(music.outro, rate, target + config.sting_db) if plan.last and music.outro is not None else None
    lead = _lead_in(music, config, intro, rate) if plan.first else 0
    pauses = list(plan.pauses)
    if not plan.last:
        pauses[-1] = max(0.0, pauses[-1] - audio_format(audio).join_allowance(rate) / rate)
    speech = [_levelled(clip, audio) for clip in plan.clips]
    spoken = sum(len(samples) for samples, _ in speech) + sum(round(pause * rate) for pause in pauses)
    length = lead + spoken
    if outro is not None:
        length += round(config.outro_gap_ms / 1000 * rate) + len(outro)
    if plan.last:
        length += round(END_TAIL * rate)
    track, placed, position = np.zeros(length, dtype=np.float32), [], lead
    for clip, (samples, sentences), pause in zip(plan.clips, speech, pauses):
        track[position : position + len(samples)] = samples
        placed.append(PlacedSegment(clip.segment, tuple(s.moved(position / rate) for s in sentences)))
        position += len(samples) + round(pause * rate)
    del speech
    if intro is not None:
        _mix(track, intro, 0)
    if outro is not None:
        _mix(track, outro, length - round(END_TAIL * rate) - len(outro))
    if plan.first and music.bed_source:
        opening = placed[0].sentences
        stop = min(opening[-1].end + BED_TAIL, length / rate)
        source = match_loudness(bed_source(music, rate, round(stop * rate)), rate, target + config.bed_db)
        _mix(track, duck_and_fade(source, rate, [(s.start, s.end) for s in opening], stop, config), 0)
    return PieceSound(track, tuple(placed))
