"""Where encoded pieces are kept (audio/pieces.py makes and reads them): a checked file cache."""

from __future__ import annotations

from ..filecache import FileCache


class PieceCache(FileCache):
    """Encoded pieces, one frame stream per key."""

    suffix = ".frames"
    what = "piece cache"
