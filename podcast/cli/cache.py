"""`cache info|clear`: look at or empty the clip cache of an output folder."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .console import user_errors
from .options import CatalogOutputOpt, ConfigOpt, build_config

cache_app = typer.Typer(help="Look at or empty the clip cache kept in the output folder.", no_args_is_help=True)


@cache_app.command("info")
def cache_info(output: Optional[Path] = CatalogOutputOpt, config: Optional[Path] = ConfigOpt) -> None:
    """Print where the clip cache is, how many clips it holds and its size against the bound.

    Example: roundup-podcast cache info --output episodes/
    """
    from .. import pipeline  # deferred: `--help` and the other commands need no pipeline

    with user_errors():
        info = pipeline.clip_cache(build_config(config, output=output)).info()
        typer.echo(f"Folder:  {info.folder}")
        typer.echo(f"Clips:   {info.entries}")
        typer.echo(f"Size:    {info.size / 2**20:.1f} MB of {info.limit / 2**20:.0f} MB")


@cache_app.command("clear")
def cache_clear(output: Optional[Path] = CatalogOutputOpt, config: Optional[Path] = ConfigOpt) -> None:
    """Delete every cached clip; the next make speaks everything afresh.

    Example: roundup-podcast cache clear
    """
    from .. import pipeline  # deferred: `--help` and the other commands need no pipeline

    with user_errors():
        removed = pipeline.clip_cache(build_config(config, output=output)).clear()
        typer.echo(f"Removed {removed} cached clips")
