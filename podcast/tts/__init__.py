"""Speak stage: each Segment → a checked WAV Clip, in its role's voice (`speak`; casting.cast picks the voices).

The engine interface is imported here, for plugins (`from podcast.tts import Voice`);
speaking itself loads on first use.
"""

from .. import lazy_entry_points
from .engine import Engine, Voice, available_engines, get_engine, resolve_voice

__all__ = ["Engine", "Voice", "available_engines", "get_engine", "resolve_voice", "speak"]
__getattr__ = lazy_entry_points(__name__, {"speak": ".speaking"})
