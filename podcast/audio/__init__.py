"""Assemble stage: clips → the finished episode file."""

from .assemble import assemble
from .ffmpeg import configure_pydub, ffmpeg_exe

__all__ = ["assemble", "configure_pydub", "ffmpeg_exe"]
