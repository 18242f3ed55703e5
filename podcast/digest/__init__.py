"""Read stage: a digest file in, a `Digest` out (`read_digest`; the formats are digest/formats.py)."""

from .. import lazy_entry_points

__all__ = ["read_digest"]
__getattr__ = lazy_entry_points(__name__, {"read_digest": ".load"})
