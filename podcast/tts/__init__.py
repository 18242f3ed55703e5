"""Speak stage: each Segment → a checked WAV Clip, in its role's voice."""

from .casting import RoleVoice, audition, cast, list_voices
from .engine import Engine, Voice, available_engines, get_engine, resolve_voice
from .speak import speak

__all__ = ["Engine", "RoleVoice", "Voice", "audition", "available_engines", "cast", "get_engine", "list_voices", "resolve_voice", "speak"]
