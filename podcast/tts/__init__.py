"""Speak stage: each Segment → a checked WAV Clip, in its role's voice (speak.speak, casting.cast).

Only the engine interface is imported here (plugins use `from podcast.tts import
Voice`): the speech workers import this package, and loading casting and
speaking with it cost their server 50 ms before the first clip (measured).
"""

from .engine import Engine, Voice, available_engines, get_engine, resolve_voice

__all__ = ["Engine", "Voice", "available_engines", "get_engine", "resolve_voice"]
