"""Assemble stage: clips → the finished episode file and its side files (`assemble`)."""

from .. import lazy_entry_points

__all__ = ["AssemblySettings", "assemble"]
__getattr__ = lazy_entry_points(__name__, {"assemble": ".assembly", "AssemblySettings": ".assembly"})
