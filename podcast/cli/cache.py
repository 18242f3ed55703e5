"""`cache info|clear`: look at or empty the caches of an output folder (podcast/cache.py lists them)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .console import user_errors
from .options import CatalogOutputOpt, ConfigOpt, build_config

cache_app = typer.Typer(
    help="Look at or empty the caches kept in the output folder: spoken clips, encoded pieces, finished episodes.",
    no_args_is_help=True,
)


@cache_app.command("info")
def cache_info(output: Optional[str] = CatalogOutputOpt, config: Optional[Path] = ConfigOpt) -> None:
    """Print each cache's entries, its size against the bound, and where it is.

    Example: roundup-podcast cache info --output episodes/
    """
    from ..cache import output_caches  # deferred: `--help` and the other commands need no cache

    with user_errors():
        with output_caches(build_config(config, output=output)) as caches:
            listed = [(kind, cache.info()) for kind, cache in caches.all()]
        for kind, info in listed:
            size = f"{info.size / 2**20:.1f} MB of {info.limit / 2**20:.0f} MB"
            typer.echo(f"{kind.name.capitalize() + ':':10} {info.entries:<5} {size:<20} {info.where}")


@cache_app.command("clear")
def cache_clear(output: Optional[str] = CatalogOutputOpt, config: Optional[Path] = ConfigOpt) -> None:
    """Delete every cached clip, encoded piece and finished-episode record; the next make makes everything afresh.

    Example: roundup-podcast cache clear
    """
    from ..cache import hash_memo_path, output_caches  # deferred: `--help` and the other commands need no cache

    with user_errors():
        settings = build_config(config, output=output)
        removed = []
        with output_caches(settings) as caches:
            for kind, cache in caches.all():
                count = cache.clear()
                removed.append(f"{count} {kind.what}{'' if count == 1 else 's'}")
        hash_memo_path(settings.output_dir).unlink(missing_ok=True)  # publish's memo of file hashes, rebuilt as it goes
        typer.echo(f"Removed {', '.join(removed[:-1])} and {removed[-1]}")
