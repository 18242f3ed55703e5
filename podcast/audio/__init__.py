"""Assemble stage: clips → the finished episode file and its side files."""

from .assemble import assemble, check_audio_settings
from .encode import FORMATS, audio_format
from .ffmpeg import configure_pydub, ffmpeg_exe

__all__ = ["FORMATS", "assemble", "audio_format", "check_audio_settings", "configure_pydub", "ffmpeg_exe"]
