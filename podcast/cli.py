"""The command line: options → config → one library call → printed result.

No logic lives here; every command is a thin client of podcast.pipeline.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Iterator, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import pipeline
from .config import Config, load_config
from .errors import ConfigError, PodcastError
from .models import Segment
from .tts import get_engine

app = typer.Typer(
    help="Turn a daily news digest into a finished podcast episode.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DigestArg = typer.Argument(..., help="The digest file to read.", show_default=False)
DateOpt = typer.Option(None, "--date", help="Episode date, YYYY-MM-DD (default: today); spoken in the intro.")
ConfigOpt = typer.Option(None, "--config", help="Show settings file (default: ./podcast.toml if present).")
TemplatesOpt = typer.Option(None, "--templates", help="Folder with your own copies of the script templates.")
VoiceOpt = typer.Option(None, "--voice", help="Voice id (see 'roundup-podcast voices').")
RateOpt = typer.Option(None, "--rate", help="Speaking rate in words per minute.", min=60, max=450)
OutputOpt = typer.Option(None, "--output", "-o", help="Folder for the episode and its clip cache (default: output/).")
NoCacheOpt = typer.Option(False, "--no-cache", help="Speak every clip afresh; neither read nor write the clip cache.")
JobsOpt = typer.Option(None, "--jobs", "-j", help="Clips spoken at once, one process each (default: one per CPU core).", min=1)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn a PodcastError into one `Error: …` line and exit 1; never a traceback."""
    try:
        yield
    except PodcastError as exc:
        err.print(f"Error: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("Error: interrupted; nothing was written", markup=False)
        raise typer.Exit(130) from None


def parse_date(text: Optional[str]) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--date {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-25") from None


def build_config(
    config_path: Optional[Path],
    templates: Optional[Path] = None,
    voice: Optional[str] = None,
    rate: Optional[int] = None,
    output: Optional[Path] = None,
    no_cache: bool = False,
    jobs: Optional[int] = None,
) -> Config:
    """podcast.toml with the command-line flags laid over single fields."""
    config = load_config(config_path)
    if no_cache:
        config = dataclasses.replace(config, cache=dataclasses.replace(config.cache, enabled=False))
    if jobs is not None:
        config = dataclasses.replace(config, jobs=jobs)
    voice_config = config.voice
    if voice is not None:
        voice_config = dataclasses.replace(voice_config, voice=voice)
    if rate is not None:
        voice_config = dataclasses.replace(voice_config, rate=rate)
    return dataclasses.replace(
        config,
        voice=voice_config,
        templates_dir=templates if templates is not None else config.templates_dir,
        output_dir=output if output is not None else config.output_dir,
    )


def _clock(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


@contextlib.contextmanager
def speaking_progress() -> Iterator[pipeline.Progress]:
    """A progress bar on a terminal; one plain line per segment in a log."""
    if not err.is_terminal:
        def report(done: int, total: int, segment: Segment) -> None:
            err.print(f"[{done}/{total}] spoke {segment.kind}: {segment.title}", markup=False)

        yield report
        return
    columns = (TextColumn("Speaking"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("", total=None)

        def advance(done: int, total: int, segment: Segment) -> None:
            bar.update(task, completed=done, total=total, description=segment.title[:40])

        yield advance


@app.command()
def make(
    digest: Path = DigestArg,
    date: Optional[str] = DateOpt,
    output: Optional[Path] = OutputOpt,
    voice: Optional[str] = VoiceOpt,
    rate: Optional[int] = RateOpt,
    templates: Optional[Path] = TemplatesOpt,
    config: Optional[Path] = ConfigOpt,
    no_cache: bool = NoCacheOpt,
    jobs: Optional[int] = JobsOpt,
) -> None:
    """Make the MP3 episode of a digest and print its path.

    Example: roundup-podcast make examples/daily-tech-roundup.txt --date 2026-11-25
    """
    with user_errors():
        settings = build_config(config, templates, voice, rate, output, no_cache, jobs)
        started = time.monotonic()
        plan = pipeline.plan_episode(digest, settings, parse_date(date))
        err.print(f"Engine: {plan.engine.name}, voice {plan.voice}, {settings.voice.rate} wpm", markup=False)
        with speaking_progress() as progress:
            episode = pipeline.render_episode(plan, settings, progress)
        err.print(
            f"Made {_clock(episode.seconds)} episode ({episode.size / 1e6:.1f} MB, {len(episode.chapters)} segments) "
            f"in {time.monotonic() - started:.1f} s",
            markup=False,
        )
        typer.echo(str(episode.path))


@app.command()
def preview(
    digest: Path = DigestArg,
    date: Optional[str] = DateOpt,
    rate: Optional[int] = RateOpt,
    templates: Optional[Path] = TemplatesOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Print the spoken script, with each segment's estimated duration, before any audio is made.

    Example: roundup-podcast preview examples/daily-tech-roundup.txt
    """
    with user_errors():
        settings = build_config(config, templates, rate=rate)
        script = pipeline.make_script(digest, settings, parse_date(date))
        estimates = pipeline.estimate(script, settings)
        typer.echo(f"{script.show}: {script.title}")
        for item in estimates:
            typer.echo(f"\n[{item.kind}] {item.title} ({_clock(item.seconds)})")
            typer.echo(item.text)
        total = sum(item.seconds for item in estimates)
        typer.echo(f"\nTotal: {_clock(total)} estimated speech in {len(estimates)} segments")


@app.command()
def voices(
    engine: str = typer.Option("pyttsx3", "--engine", help="Engine whose voices to list."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List the voices the engine can speak with.

    Example: roundup-podcast voices | grep en-
    """
    with user_errors():
        found = get_engine(engine).voices()
        if as_json:
            typer.echo(json.dumps([dataclasses.asdict(v) for v in found], indent=2))
            return
        for v in found:
            typer.echo(f"{v.id:<28} {v.language:<16} {v.gender:<7} {v.name}")


cache_app = typer.Typer(help="Look at or empty the clip cache kept in the output folder.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info(output: Optional[Path] = OutputOpt, config: Optional[Path] = ConfigOpt) -> None:
    """Print where the clip cache is, how many clips it holds and its size against the bound.

    Example: roundup-podcast cache info --output episodes/
    """
    with user_errors():
        info = pipeline.clip_cache(build_config(config, output=output)).info()
        typer.echo(f"Folder:  {info.folder}")
        typer.echo(f"Clips:   {info.entries}")
        typer.echo(f"Size:    {info.size / 2**20:.1f} MB of {info.limit / 2**20:.0f} MB")


@cache_app.command("clear")
def cache_clear(output: Optional[Path] = OutputOpt, config: Optional[Path] = ConfigOpt) -> None:
    """Delete every cached clip; the next make speaks everything afresh.

    Example: roundup-podcast cache clear
    """
    with user_errors():
        removed = pipeline.clip_cache(build_config(config, output=output)).clear()
        typer.echo(f"Removed {removed} cached clips")


def main() -> None:
    """Console-script entry point."""
    app(prog_name="roundup-podcast")


if __name__ == "__main__":
    main()
