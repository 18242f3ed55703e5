"""Checking the audio settings before any speech is made, without loading what assembly needs."""

from __future__ import annotations

from pathlib import Path

from ..config import BUILTIN_MUSIC, AudioConfig, MusicConfig, ShowConfig
from .encode import audio_format


def check_audio_settings(audio: AudioConfig, music: MusicConfig, show: ShowConfig) -> None:
    """Fail on a bad format, music file or cover image before any speech is made."""
    audio_format(audio)
    if any(setting not in ("", BUILTIN_MUSIC) for setting in (music.intro, music.outro, music.bed)):
        from .music import check_music  # deferred: numpy, needed only to read the show's own files

        check_music(music, audio.sample_rate)
    if show.cover:
        from .cover import load_cover  # deferred: Pillow

        load_cover(Path(show.cover))
