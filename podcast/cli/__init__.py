"""The command line: options → config → one library call → printed result.

No logic lives here; every command is a thin client of podcast.pipeline (or
podcast.publish). The commands live in one module per group; this module only
assembles them, in the order `--help` lists them.
"""

from __future__ import annotations

import os
import sys

import typer

from . import cache, make, publish, voices
from .options import build_config

__all__ = ["app", "build_config", "main"]

app = typer.Typer(
    help="Turn a daily news digest into a finished podcast episode.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command()(make.make)
app.command()(publish.publish)
app.add_typer(publish.episodes_app, name="episodes")
app.command()(publish.serve)
app.command()(publish.init)
app.command()(make.preview)
app.command()(voices.voices)
app.command()(make.check)
app.add_typer(cache.cache_app, name="cache")


def main() -> None:
    """Console-script entry point; a finished command leaves without Python's teardown.

    By then every output is written, closed and renamed into place, so tearing
    down the modules a make imports would only cost time (see the start-up rules
    in podcast/__init__.py). An uncaught exception still takes the normal way out.
    """
    try:
        app(prog_name="roundup-podcast")
        code = 0
    except SystemExit as done:
        if isinstance(done.code, str):
            print(done.code, file=sys.stderr)
        code = done.code if isinstance(done.code, int) else int(done.code is not None)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
