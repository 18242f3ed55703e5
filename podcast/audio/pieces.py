"""The episode's pieces, each encoded and measured on its own and kept for the next make.

A re-make after a correction speaks one story again; the piece holding that
story is the only one encoded again. Encoded pieces are kept in the piece cache
(output/.cache/pieces) under a key of everything that goes into one: its clips'
audio, their segments and pauses, whether it opens or closes the episode, the
audio and music settings (and the files they name), and this package's own code,
so new code never reuses old pieces. With the frames it keeps its loudness
blocks, its true peak and where its sentences lie: all that joining needs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ..cache import CacheStore, cache_key, file_sha256
from ..config import AudioConfig, MusicConfig
from ..errors import AudioError
from .encode import audio_format, encode_piece
from .frames import FrameCount, count_frames
from .loudness import (
    BLOCK_METER,
    FINAL_LIMIT_DB,
    SPEECH_LIMIT_DB,
    BlockLoudness,
    gated_loudness,
    limiter,
    read_blocks,
)
from .programme import PiecePlan, PieceSound, PlacedSegment, render_piece
from .reuse import named_files, package_fingerprint
from .sentences import Sentence

CORRECT_ABOVE_LU = 0.6
"""An encoded piece further than this from the target is encoded again with corrected gain. The
first encode lands within 0.35 LU of it on the example with espeak and with Piper (measured); a
segment's level that close to the target is not heard, and the episode's loudness is closer still."""
TOLERANCE_LU = 1.0
"""A piece still further than this after every attempt is an error, not shipped."""
ATTEMPTS = 4


@dataclass(frozen=True)
class EncodedPiece:
    """A piece's frame stream on disk, its frames, its measured loudness and its timed segments."""

    path: Path
    frames: FrameCount
    loudness: BlockLoudness
    segments: tuple[PlacedSegment, ...]


def piece_key(plan: PiecePlan, audio: AudioConfig, music: MusicConfig) -> str:
    """The cache key of a piece: a hash of everything that changes its encoded bytes."""
    files: list[str] = []
    named_files(music, files)
    return cache_key(
        code=package_fingerprint(),
        segments=[[repr(clip.segment), file_sha256(clip.path), pause] for clip, pause in zip(plan.clips, plan.pauses)],
        first=plan.first,
        last=plan.last,
        audio=repr(audio),
        music=repr(music),
        files=files,
    )


def _graph(sound: PieceSound, audio: AudioConfig, gain: float, final_limit: float) -> str:
    """The ffmpeg filter graph of a piece: the speech resampled, raised by `gain` dB and limited, the
    music mixed in, and the mix's peaks held below `final_limit` dB (speech peaks already are)."""
    speech = f"[0:a]aresample={audio.sample_rate},{limiter(gain, audio.true_peak_db - SPEECH_LIMIT_DB)}"
    if sound.music is not None:
        speech += "[speech];[speech][1:a]amix=inputs=2:normalize=0:duration=first"
    return f"{speech},{limiter(0.0, final_limit)}"


def _response(tried: list[tuple[float, float]]) -> float:
    """How many LU the piece gains per dB of speech gain: from the last two attempts when there are
    two (a secant), else about half (what the limiter lets through of a gain added to espeak's speech)."""
    if len(tried) >= 2:
        (gain_a, loud_a), (gain_b, loud_b) = tried[-2:]
        if gain_a != gain_b:
            return min(1.0, max(0.2, (loud_b - loud_a) / (gain_b - gain_a)))
    return 0.5


def encode_measured(sound: PieceSound, path: Path, audio: AudioConfig) -> BlockLoudness:
    """Encode the piece to `path` at the target loudness under the true-peak ceiling; return what it measures.

    The speech arrives raised by the gain its limiter needs (programme.py); a
    piece that misses is encoded again with that corrected (by what the
    limiter lets through: see `_response`) and, if its peaks came out
    too high, a lower last limit; one that still misses by more than the
    tolerance is an error, not shipped.
    """
    target, ceiling = audio.loudness_lufs, audio.true_peak_db
    gain, final_limit, tried = 0.0, ceiling - FINAL_LIMIT_DB, []
    inputs = [(path.with_name(path.name + ".speech.f32"), sound.speech.rate)]
    if sound.music is not None:
        inputs.append((path.with_name(path.name + ".music.f32"), audio.sample_rate))
    try:
        sound.speech.samples.astype("<f4", copy=False).tofile(inputs[0][0])
        if sound.music is not None:
            sound.music.astype("<f4", copy=False).tofile(inputs[1][0])
        for _ in range(ATTEMPTS):
            measured = read_blocks(encode_piece(inputs, _graph(sound, audio, gain, final_limit), path, audio, BLOCK_METER))
            loudness = gated_loudness(measured.blocks)
            miss = target - loudness
            if abs(miss) <= CORRECT_ABOVE_LU and measured.true_peak <= ceiling:
                return measured
            tried.append((gain, loudness))
            gain += miss / _response(tried)
            if measured.true_peak > ceiling - 0.1:
                final_limit -= measured.true_peak - ceiling + 0.3
    finally:
        for pcm, _ in inputs:
            pcm.unlink(missing_ok=True)
    if abs(miss) <= TOLERANCE_LU and measured.true_peak <= ceiling:
        return measured
    raise AudioError(
        f"a piece of the episode measures {target - miss:.1f} LUFS, true peak {measured.true_peak:.1f} dBTP; "
        f"the target is {target} LUFS, peak at most {ceiling} dBTP: try a higher bitrate or a lower loudness_lufs"
    )


def _kept(piece: EncodedPiece) -> dict:
    """What the cache keeps beside a piece's frames."""
    return {
        "blocks": piece.loudness.blocks,
        "true_peak": piece.loudness.true_peak,
        "sentences": [[[s.text, s.start, s.end, s.pauses] for s in placed.sentences] for placed in piece.segments],
    }


def _revived(path: Path, kept: dict, plan: PiecePlan, codec: str) -> EncodedPiece:
    segments = tuple(
        PlacedSegment(clip.segment, tuple(Sentence(t, a, b, tuple(tuple(p) for p in pauses)) for t, a, b, pauses in timed))
        for clip, timed in zip(plan.clips, kept["sentences"], strict=True)
    )
    loudness = BlockLoudness(tuple(kept["blocks"]), kept["true_peak"])
    return EncodedPiece(path, count_frames(path.read_bytes(), codec), loudness, segments)


def make_piece(plan: PiecePlan, audio: AudioConfig, music: MusicConfig, cache: CacheStore | None, scratch: Path) -> EncodedPiece:
    """The encoded piece of `plan`: from the cache when intact, else rendered, encoded, measured (and kept).

    `scratch` is where the piece is written when there is no cache.
    """
    codec = audio_format(audio).frames
    key = piece_key(plan, audio, music) if cache else ""
    if cache:
        kept = cache.read(key)
        if kept:
            try:
                return _revived(cache.path(key), kept, plan, codec)
            except (KeyError, TypeError, ValueError, AudioError):
                cache.remove(key)
    path = cache.scratch(key) if cache else scratch
    try:
        sound = render_piece(plan, audio, music)
        loudness = encode_measured(sound, path, audio)
        piece = EncodedPiece(path, count_frames(path.read_bytes(), codec), loudness, sound.segments)
        if cache:
            piece = dataclasses.replace(piece, path=cache.store(key, path, _kept(piece)))
        return piece
    finally:
        if cache:
            path.unlink(missing_ok=True)
