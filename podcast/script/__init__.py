"""Write stage: a Digest → the spoken Script (`write_script`; the segment kinds are script/kinds.py)."""

from .. import lazy_entry_points

__all__ = ["write_script"]
__getattr__ = lazy_entry_points(__name__, {"write_script": ".writer"})
