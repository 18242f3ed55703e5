"""`cache info|clear`: look at or empty the caches of an output folder (spoken clips, encoded pieces)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .console import user_errors
from .options import CatalogOutputOpt, ConfigOpt, build_config

cache_app = typer.Typer(help="Look at or empty the caches of clips and encoded pieces kept in the output folder.", no_args_is_help=True)


@cache_app.command("info")
def cache_info(output: Optional[Path] = CatalogOutputOpt, config: Optional[Path] = ConfigOpt) -> None:
    """Print how many clips and encoded pieces are cached, their size against the bound, and where.

    Example: roundup-podcast cache info --output episodes/
    """
    from .. import pipeline  # deferred: `--help` and the other commands need no pipeline

    with user_errors():
        settings = build_config(config, output=output)
        for label, cache in (("Clips:", pipeline.clip_cache(settings)), ("Pieces:", pipeline.piece_cache(settings))):
            info = cache.info()
            size = f"{info.size / 2**20:.1f} MB of {info.limit / 2**20:.0f} MB"
            typer.echo(f"{label:8} {info.entries:<5} {size:<20} {info.folder}")


@cache_app.command("clear")
def cache_clear(output: Optional[Path] = CatalogOutputOpt, config: Optional[Path] = ConfigOpt) -> None:
    """Delete every cached clip and encoded piece; the next make speaks and encodes everything afresh.

    Example: roundup-podcast cache clear
    """
    from .. import pipeline  # deferred: `--help` and the other commands need no pipeline

    with user_errors():
        settings = build_config(config, output=output)
        clips, pieces = pipeline.clip_cache(settings).clear(), pipeline.piece_cache(settings).clear()
        typer.echo(f"Removed {clips} cached clips and {pieces} encoded pieces")
