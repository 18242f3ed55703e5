"""roundup-podcast: turn a daily news digest into a finished podcast episode, offline.

The pipeline is five stage packages, each exporting its entry point by the same
name: `podcast.digest.read_digest`, `podcast.script.write_script`,
`podcast.tts.speak`, `podcast.audio.assemble`, `podcast.publish.publish_episode`;
`podcast.pipeline` runs them in order.

Start-up rules. Every command pays for what it imports, and so does every speech
worker process, so a newcomer should know three habits (tests/test_startup.py
checks the first two; benchmarks/ measures what they save):

- A stage package's `__init__` imports nothing heavy: its entry point is loaded
  on first use (`lazy_entry_points`), so reading the digest format table, or a
  speech worker loading the lexicon, does not load jinja2, numpy, Pillow, ftfy or
  the digest readers with it.
- Modules that only some runs need are imported inside the function that needs
  them, with a short `# deferred:` comment saying which runs do without.
- `podcast.cli.main` leaves with `os._exit` once every output is written and
  closed, skipping the teardown of the few hundred modules a make imports.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Callable

__version__ = "0.1.0"

# pydub warns at import when ffmpeg is not on PATH; we point it at our own ffmpeg
# (podcast.audio.ffmpeg.configure_pydub), so the warning would only mislead users.
warnings.filterwarnings("ignore", message="Couldn't find ffmpeg or avconv", category=RuntimeWarning)


def lazy_entry_points(package: str, entries: dict[str, str]) -> Callable[[str], object]:
    """A module `__getattr__` for `package` that imports each name of `entries` from its
    module (relative to the package) on first use."""

    def __getattr__(name: str) -> object:
        if name not in entries:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(entries[name], package), name)

    return __getattr__
