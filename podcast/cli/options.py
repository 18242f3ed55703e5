"""Options shared by several commands, and how flags become a Config.

Library modules are imported inside the functions that use them: every run of
the command, `--help` included, would otherwise pay for importing all of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import inspect
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

import typer

from ..digest.formats import format_names
from ..errors import ConfigError

if TYPE_CHECKING:
    from ..config import Config

DateOpt = typer.Option(None, "--date", help="Episode date, YYYY-MM-DD (default: today); spoken in the intro.")
ConfigOpt = typer.Option(None, "--config", help="Show settings file (default: ./podcast.toml if present).")
TemplatesOpt = typer.Option(None, "--templates", help="Folder with your own copies of the script templates.")
VoiceOpt = typer.Option(None, "--voice", help="Voice id for every role (see 'roundup-podcast voices').")
FromOpt = typer.Option(
    None, "--from", help=f"Digest format: {', '.join(format_names())} (default: detected from the content)."
)
MaxMinutesOpt = typer.Option(
    None, "--max-minutes", help="Drop whole stories from the end until the estimated episode fits.", min=0.1
)
RateOpt = typer.Option(None, "--rate", help="Speaking rate in words per minute, for every role.", min=60, max=450)
EngineOpt = typer.Option(None, "--engine", help="Speech engine for every role: pyttsx3, piper or a plugin's.")
ToOpt = typer.Option(
    None, "--to", help="Upload the site there, feed last: s3://bucket/prefix/, sftp://user@host/path/ or a folder (podcast.toml: target in the publish table).",
)
CatalogOutputOpt = typer.Option(
    None, "--output", "-o", help="Output folder holding the catalog, or its URL (s3://bucket/show) (default: output/)."
)


def with_segment_switches(command: Callable) -> Callable:
    """Give `command` an on/off flag for every optional segment kind of the table
    (`--whos-who/--no-whos-who`), handed to it as `segments` {name: bool} (unset flags left out)."""
    from ..script.kinds import switches

    kinds = switches()
    signature = inspect.signature(command)
    flags = [
        inspect.Parameter(
            kind.name, inspect.Parameter.KEYWORD_ONLY, annotation=Optional[bool],
            default=typer.Option(None, kind.switch, help=kind.help),
        )
        for kind in kinds
    ]
    own = [p for name, p in signature.parameters.items() if name != "segments"]

    @functools.wraps(command)
    def run(*args, **kwargs):
        chosen = {kind.name: value for kind in kinds if (value := kwargs.pop(kind.name)) is not None}
        return command(*args, segments=chosen, **kwargs)

    run.__signature__ = signature.replace(parameters=own + flags)
    return run


def parse_date(text: Optional[str]) -> Optional[dt.date]:
    """The --date value; None lets the digest's own date (or today) be used."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--date {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-25") from None


def build_config(
    config_path: Optional[Path],
    templates: Optional[Path] = None,
    voice: Optional[str] = None,
    rate: Optional[int] = None,
    output: Optional[str] = None,
    no_cache: bool = False,
    jobs: Optional[int] = None,
    script: Optional[dict[str, object]] = None,
    audio_format: Optional[str] = None,
    target: Optional[str] = None,
    cluster: Optional[str] = None,
    **voice_flags: Optional[str | int],
) -> Config:
    """podcast.toml with the command-line flags laid over single fields.

    `voice_flags` are VoiceConfig.overridden's story_* and engine arguments.
    """
    from ..config import load_config  # deferred: `--help` needs no config
    from ..storage import output_location

    config = load_config(config_path)
    script_flags = {k: v for k, v in (script or {}).items() if v is not None}
    if "segments" in script_flags:
        script_flags["segments"] = {**config.script.segments, **script_flags["segments"]}
    config = dataclasses.replace(config, script=dataclasses.replace(config.script, **script_flags))
    if no_cache:
        config = dataclasses.replace(config, cache=dataclasses.replace(config.cache, enabled=False))
    if jobs is not None:
        config = dataclasses.replace(config, jobs=jobs)
    if target is not None:
        config = dataclasses.replace(config, publish=dataclasses.replace(config.publish, target=target))
    if cluster is not None:
        config = dataclasses.replace(config, cluster=dataclasses.replace(config.cluster, address=cluster))
    if audio_format is not None:
        config = dataclasses.replace(config, audio=dataclasses.replace(config.audio, format=audio_format.lower()))
    if output is not None:
        output_dir, output_url = output_location(output, Path())
        config = dataclasses.replace(config, output_dir=output_dir, output_url=output_url)
    return dataclasses.replace(
        config,
        voice=config.voice.overridden(voice=voice, rate=rate, **voice_flags),
        templates_dir=templates if templates is not None else config.templates_dir,
    )
