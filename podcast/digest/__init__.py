"""Read stage: a digest file in, a `Digest` out."""

from .load import read_digest

__all__ = ["read_digest"]
