"""Read stage: a digest file in, a `Digest` out (`read_digest`).

The entry point is imported on first use, as in every stage package (see
podcast/__init__.py): the format table (formats.py) is read by the command
line's help without loading the readers or ftfy.
"""

__all__ = ["read_digest"]


def __getattr__(name: str):
    if name == "read_digest":
        from .load import read_digest

        return read_digest
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
