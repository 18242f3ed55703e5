"""Speak stage: each Segment → a checked WAV Clip."""

from .engine import Engine, Voice, get_engine, resolve_voice
from .speak import speak

__all__ = ["Engine", "Voice", "get_engine", "resolve_voice", "speak"]
