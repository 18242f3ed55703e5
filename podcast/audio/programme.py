"""Laying out the programme: which segments make each piece, and what plays in it.

The episode is cut into pieces at the pauses between segments, one piece per
segment, so an edited story re-makes only its own piece. A piece holds a little
of the pause before its segment, the segment's speech, the rest of the pause
after it (less what the join adds back: see encode.AudioFormat.join_allowance),
and whatever music sounds there:
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
from ..script.kinds import pause_after
from .encode import audio_format
from .loudness import SPEECH_LIMIT_DB, load_measured, speech_gain
from .music import NO_MUSIC, Music, bed_source, duck_and_fade, load_music, match_loudness
from .pcm import Sound, db_to_gain
from .sentences import Sentence, shape_segment

BED_LEAD_IN = 2.0
"""Seconds of bed alone before the first word when there is a bed but no intro sting."""
BED_TAIL = 1.5
"""Seconds the bed plays on after the intro's last word, fading out."""
END_TAIL = 0.5
"""Silence after the last sound, so players do not clip the final word or note."""
PIECE_LEAD = 0.1
"""Seconds of silence that open every piece (taken from the pause before it; the first piece's
music starts after it too): speech in an encoder's very first frames came out of AAC at 64 kbps
2 dB above the limit (measured); after 50 ms of silence it does not."""


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
    """A piece before encoding: its speech track (each segment raised by its gain, not yet limited) at
    the speech's own rate, its music track (or None) at the programme rate, and where its segments lie."""

    speech: Sound
    music: np.ndarray | None
    segments: tuple[PlacedSegment, ...]


def _lead_in(music: Music, config: MusicConfig, intro: np.ndarray | None, rate: int) -> float:
    """Seconds before the first word: the intro sting less its overlap, or the bed's lead-in."""
    lead = max(0.0, len(intro) / rate - config.overlap_ms / 1000) if intro is not None else 0.0
    if music.bed_source:
        lead = max(lead, BED_LEAD_IN)
    return lead


def _mix(track: np.ndarray, piece: np.ndarray, at: int) -> None:
    """Add `piece` into `track` from sample `at`, cut at the track's end."""
    count = max(0, min(len(piece), len(track) - at))
    track[at : at + count] += piece[:count]


def _shaped(clip: Clip, audio: AudioConfig, rate: int | None) -> tuple[Sound, tuple[Sentence, ...]]:
    """A clip decoded (at `rate`, else its own), trimmed, re-timed sentence by sentence and raised by its gain."""
    sound, raw_lufs = load_measured(clip.path, rate)
    shaped = shape_segment(clip.segment, sound.samples, sound.rate, sentence_pause(clip.segment.role, audio))
    del sound
    speech = Sound(shaped.samples, shaped.rate)
    wanted = audio.loudness_lufs + audio_format(audio).codec_loss_lu
    gain = speech_gain(speech, raw_lufs, wanted, audio.true_peak_db - SPEECH_LIMIT_DB)
    return Sound(shaped.samples * np.float32(db_to_gain(gain)), shaped.rate), shaped.sentences


def render_piece(plan: PiecePlan, audio: AudioConfig, config: MusicConfig) -> PieceSound:
    """Decode, trim, re-time and raise the piece's speech, lay its pauses around it, and its music beside it.

    Music is matched to the target loudness, which every segment's speech is brought to.
    """
    rate, target = audio.sample_rate, audio.loudness_lufs
    music = load_music(config, rate) if plan.first or plan.last else NO_MUSIC
    intro = match_loudness(music.intro, rate, target + config.sting_db) if plan.first and music.intro is not None else None
    outro = match_loudness(music.outro, rate, target + config.sting_db) if plan.last and music.outro is not None else None
    pauses = list(plan.pauses)
    if not plan.last:  # the next piece opens with PIECE_LEAD of this pause, and the join adds some
        pauses[-1] = max(0.0, pauses[-1] - PIECE_LEAD - audio_format(audio).join_allowance(rate) / rate)
    speech: list[tuple[Sound, tuple[Sentence, ...]]] = []
    for clip in plan.clips:
        speech.append(_shaped(clip, audio, speech[0][0].rate if speech else None))
    speech_rate = speech[0][0].rate
    lead = PIECE_LEAD + (_lead_in(music, config, intro, rate) if plan.first else 0.0)
    starts = [round(lead * speech_rate)]
    for (sound, _), pause in zip(speech, pauses):
        starts.append(starts[-1] + len(sound.samples) + round(pause * speech_rate))
    seconds = starts.pop() / speech_rate
    if outro is not None:
        seconds += config.outro_gap_ms / 1000 + len(outro) / rate
    if plan.last:
        seconds += END_TAIL
    track, placed = np.zeros(round(seconds * speech_rate), dtype=np.float32), []
    for clip, (sound, sentences), start in zip(plan.clips, speech, starts):
        track[start : start + len(sound.samples)] = sound.samples
        placed.append(PlacedSegment(clip.segment, tuple(s.moved(start / speech_rate) for s in sentences)))
    del speech
    music_track = _music_track(plan, placed, seconds, intro, outro, music, audio, config)
    return PieceSound(Sound(track, speech_rate), music_track, tuple(placed))


def _music_track(
    plan: PiecePlan,
    placed: list[PlacedSegment],
    seconds: float,
    intro: np.ndarray | None,
    outro: np.ndarray | None,
    music: Music,
    audio: AudioConfig,
    config: MusicConfig,
) -> np.ndarray | None:
    """The piece's music at the programme rate: sting at the start, bed under the first words, sting at the end."""
    bed = plan.first and bool(music.bed_source)
    if intro is None and outro is None and not bed:
        return None
    rate = audio.sample_rate
    track = np.zeros(round(seconds * rate), dtype=np.float32)
    if intro is not None:
        _mix(track, intro, round(PIECE_LEAD * rate))
    if outro is not None:
        _mix(track, outro, len(track) - round(END_TAIL * rate) - len(outro))
    if bed:
        opening = placed[0].sentences
        stop = min(opening[-1].end + BED_TAIL, seconds)
        source = match_loudness(bed_source(music, rate, round(stop * rate)), rate, audio.loudness_lufs + config.bed_db)
        _mix(track, duck_and_fade(source, rate, [(s.start, s.end) for s in opening], stop, config), 0)
    return track
