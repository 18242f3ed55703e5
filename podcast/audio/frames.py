"""Encoded audio as a stream of frames, so separately encoded pieces can be joined byte for byte.

An episode is encoded piece by piece (a segment and the pause after it), and
the pieces are joined by concatenating their frames: MP3 frames and ADTS AAC
frames carry their own headers, and a fresh encoder never reaches back into the
bytes before its first frame. Each piece begins with the encoder's priming
samples, so where a piece's sound starts in the joined file is the sum of the
frames before it plus its priming, counted here from the frame headers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import AudioError

MP3_BITRATES_KBPS = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
"""Layer III bitrates by header index, for MPEG-1 and for MPEG-2/2.5 (ISO 11172-3, 13818-3)."""
MP3_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}
"""Sample rates by header index, for each value of the version bits (3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5)."""


@dataclass(frozen=True)
class FrameCount:
    """How many frames a stream holds and how many samples each decodes to."""

    frames: int
    samples_per_frame: int

    @property
    def samples(self) -> int:
        return self.frames * self.samples_per_frame


def _check_complete(end: int, size: int) -> None:
    if end != size:
        raise AudioError("the encoded audio ends inside a frame; re-make with --no-cache")


def _mp3_frames(data: bytes) -> FrameCount:
    count, position, per_frame = 0, 0, 1152
    while position + 4 <= len(data):
        header = int.from_bytes(data[position : position + 4], "big")
        version, layer = header >> 19 & 3, header >> 17 & 3
        bitrate_index, rate_index, padding = header >> 12 & 15, header >> 10 & 3, header >> 9 & 1
        if header >> 21 != 0x7FF or layer != 1 or version == 1 or bitrate_index in (0, 15) or rate_index == 3:
            raise AudioError(f"the encoded audio is not a plain MP3 frame stream (byte {position}); re-make with --no-cache")
        mpeg1 = version == 3
        per_frame = 1152 if mpeg1 else 576
        kbps = MP3_BITRATES_KBPS[1 if mpeg1 else 2][bitrate_index]
        position += (144 if mpeg1 else 72) * kbps * 1000 // MP3_RATES[version][rate_index] + padding
        count += 1
    _check_complete(position, len(data))
    return FrameCount(count, per_frame)


def _adts_frames(data: bytes) -> FrameCount:
    count, position = 0, 0
    while position + 7 <= len(data):
        if data[position] != 0xFF or data[position + 1] & 0xF6 != 0xF0:
            raise AudioError(f"the encoded audio is not an ADTS AAC stream (byte {position}); re-make with --no-cache")
        length = (data[position + 3] & 3) << 11 | data[position + 4] << 3 | data[position + 5] >> 5
        blocks = (data[position + 6] & 3) + 1
        position += length
        count += blocks
    _check_complete(position, len(data))
    return FrameCount(count, 1024)


def count_frames(data: bytes, codec: str) -> FrameCount:
    """The frames of an MP3 (`mp3`) or ADTS AAC (`aac`) stream, read from their headers.

    >>> count_frames(bytes.fromhex("fffb7044") + bytes(309), "mp3")
    FrameCount(frames=1, samples_per_frame=1152)
    """
    return _mp3_frames(data) if codec == "mp3" else _adts_frames(data)
