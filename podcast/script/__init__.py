"""Write stage: a Digest → the spoken Script."""

from .writer import write_script

__all__ = ["write_script"]
