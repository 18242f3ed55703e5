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

from . import batch, pipeline, publish as publishing
from .config import Config, ShowConfig, load_config
from .errors import ConfigError, PodcastError
from .models import Segment
from .script.preview import FORMATS as PREVIEW_FORMATS
from .script.pronunciation import Suggestion
from .publish.serve import make_server
from .show_file import QUESTIONS, check_init_values, flag_of, write_show_file
from .tts import RoleVoice, list_voices

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
VoiceOpt = typer.Option(None, "--voice", help="Voice id for every role (see 'roundup-podcast voices').")
FromOpt = typer.Option(
    None, "--from", help="Digest format: text, markdown, html, rss, atom, json or yaml (default: detected from the content)."
)
WhosWhoOpt = typer.Option(None, "--whos-who/--no-whos-who", help="Read a \"who's who\" from the digest's glossary after the stories.")
MaxMinutesOpt = typer.Option(
    None, "--max-minutes", help="Drop whole stories from the end until the estimated episode fits.", min=0.1
)
RateOpt = typer.Option(None, "--rate", help="Speaking rate in words per minute, for every role.", min=60, max=450)
EngineOpt = typer.Option(None, "--engine", help="Speech engine for every role: pyttsx3, piper or a plugin's.")
StoryEngineOpt = typer.Option(None, "--story-engine", help="Engine for the stories only.")
StoryVoiceOpt = typer.Option(None, "--story-voice", help="Voice id for the stories only (the anchor keeps --voice).")
StoryRateOpt = typer.Option(None, "--story-rate", help="Words per minute for the stories only.", min=60, max=450)
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
    output: Optional[Path] = None,
    no_cache: bool = False,
    jobs: Optional[int] = None,
    script: Optional[dict[str, object]] = None,
    audio_format: Optional[str] = None,
    **voice_flags: Optional[str | int],
) -> Config:
    """podcast.toml with the command-line flags laid over single fields.

    `voice_flags` are VoiceConfig.overridden's story_* and engine arguments.
    """
    config = load_config(config_path)
    script_flags = {k: v for k, v in (script or {}).items() if v is not None}
    config = dataclasses.replace(config, script=dataclasses.replace(config.script, **script_flags))
    if no_cache:
        config = dataclasses.replace(config, cache=dataclasses.replace(config.cache, enabled=False))
    if jobs is not None:
        config = dataclasses.replace(config, jobs=jobs)
    if audio_format is not None:
        config = dataclasses.replace(config, audio=dataclasses.replace(config.audio, format=audio_format.lower()))
    return dataclasses.replace(
        config,
        voice=config.voice.overridden(voice=voice, rate=rate, **voice_flags),
        templates_dir=templates if templates is not None else config.templates_dir,
        output_dir=output if output is not None else config.output_dir,
    )


def _casting_line(voices: dict[str, RoleVoice]) -> str:
    """`Engine: piper (anchor: …; story: …)`: which engine, voice and rate speak each role."""
    engines = " + ".join(dict.fromkeys(v.engine.name for v in voices.values()))
    roles = "; ".join(f"{v.role}: {v.engine.name} {v.voice}, {v.rate} wpm" for v in voices.values())
    return f"Engine: {engines} ({roles})"


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
    digests: list[Path] = typer.Argument(..., help="The digest file to read; several files or a folder make a batch.", show_default=False),
    date: Optional[str] = DateOpt,
    digest_format: Optional[str] = FromOpt,
    max_minutes: Optional[float] = MaxMinutesOpt,
    whos_who: Optional[bool] = WhosWhoOpt,
    output: Optional[Path] = OutputOpt,
    voice: Optional[str] = VoiceOpt,
    rate: Optional[int] = RateOpt,
    engine: Optional[str] = EngineOpt,
    story_engine: Optional[str] = StoryEngineOpt,
    story_voice: Optional[str] = StoryVoiceOpt,
    story_rate: Optional[int] = StoryRateOpt,
    templates: Optional[Path] = TemplatesOpt,
    config: Optional[Path] = ConfigOpt,
    no_cache: bool = NoCacheOpt,
    jobs: Optional[int] = JobsOpt,
    publish: bool = typer.Option(False, "--publish", help="Also add the episode to the catalog and rebuild feed and site."),
    audio_format: Optional[str] = typer.Option(
        None, "--audio-format", help="Episode file format: mp3 (default) or m4a (AAC); [audio] format in podcast.toml."
    ),
) -> None:
    """Make the episode of a digest (MP3, or M4A) with chapters, transcripts and cover, and print its path.

    Given several digests or a folder, make every episode, go on past a bad
    digest, print a summary table and exit 1 if any failed.

    Example: roundup-podcast make examples/daily-tech-roundup.txt --date 2026-11-25 --publish
    """
    with user_errors():
        settings = build_config(
            config, templates, voice, rate, output, no_cache, jobs,
            script={"digest_format": digest_format, "max_minutes": max_minutes, "whos_who": whos_who},
            audio_format=audio_format,
            engine=engine, story_engine=story_engine, story_voice=story_voice, story_rate=story_rate,
        )
        episode_date = parse_date(date)
        if len(digests) == 1 and not digests[0].is_dir():
            _make_one(digests[0], settings, episode_date, publish)
            return
        found = batch.find_digests(digests)
        err.print(f"Making {len(found)} episodes", markup=False)

        def finished(item: batch.BatchItem) -> None:
            result = "FAILED" if item.error else f"made {_clock(item.episode.seconds)}"
            err.print(f"{item.digest.name}: {result} in {item.seconds:.1f} s", markup=False)

        items = batch.make_batch(found, settings, episode_date, publish, finished=finished)
        typer.echo(_batch_table(items))
        if any(item.error for item in items):
            raise typer.Exit(1)


def _make_one(digest: Path, settings: Config, date: Optional[dt.date], publish: bool) -> None:
    """One digest: progress on stderr, the episode's path alone on stdout."""
    started = time.monotonic()
    plan = pipeline.plan_episode(digest, settings, date, publish=publish)
    _report_dropped(plan.dropped, settings)
    err.print(_casting_line(plan.voices), markup=False)
    with speaking_progress() as progress:
        episode = pipeline.render_episode(plan, settings, progress)
    err.print(
        f"Made {_clock(episode.seconds)} episode ({episode.size / 1e6:.1f} MB, {len(episode.chapters)} chapters, "
        f"{episode.loudness_lufs:.1f} LUFS, true peak {episode.true_peak_db:.1f} dBTP) "
        f"in {time.monotonic() - started:.1f} s",
        markup=False,
    )
    if publish:
        replaced, published = pipeline.publish_made_episode(plan, episode, settings)
        _report_published(published, "Replaced" if replaced else "Added")
    typer.echo(str(episode.path))


def _batch_table(items: list[batch.BatchItem]) -> str:
    """The summary of a batch: one row per digest, then the counts."""
    rows = [("Digest", "Result", "Length", "Time", "Episode or error")]
    for item in items:
        if item.error:
            rows.append((item.digest.name, "failed", "-", f"{item.seconds:.1f} s", item.error))
        else:
            rows.append((item.digest.name, "made", _clock(item.episode.seconds), f"{item.seconds:.1f} s", str(item.episode.path)))
    widths = [max(len(row[col]) for row in rows) for col in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4] for row in rows]
    failed = sum(1 for item in items if item.error)
    lines.append(f"{len(items)} digests: {len(items) - failed} made, {failed} failed")
    return "\n".join(lines)


def _report_published(published: publishing.Published, verb: str = "") -> None:
    for warning in published.warnings:
        err.print(f"Warning: {warning}", markup=False)
    prefix = f"{verb} episode; " if verb else ""
    count = f"{published.episodes} episode{'' if published.episodes == 1 else 's'}"
    err.print(f"{prefix}feed {published.feed} lists {count} ({published.feed_url})", markup=False)


@app.command()
def publish(
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Output folder holding the catalog (default: output/)."),
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Rebuild feed.xml and the show website from the catalog and print the feed's path.

    Example: roundup-podcast publish --output output/
    """
    with user_errors():
        published = publishing.publish(build_config(config, output=output))
        _report_published(published)
        typer.echo(str(published.feed))


episodes_app = typer.Typer(help="List, show or remove catalogued episodes.", no_args_is_help=True)
app.add_typer(episodes_app, name="episodes")
OutputOpt = typer.Option(None, "--output", "-o", help="Output folder holding the catalog (default: output/).")
KeyArg = typer.Argument(..., help="The episode's date (YYYY-MM-DD), GUID or audio file name.", show_default=False)


@episodes_app.command("list")
def episodes_list(output: Optional[Path] = OutputOpt, config: Optional[Path] = ConfigOpt) -> None:
    """List the catalogued episodes, newest first: date, duration, GUID, title.

    Example: roundup-podcast episodes list --output output/
    """
    with user_errors():
        for entry in publishing.list_episodes(build_config(config, output=output)):
            typer.echo(f"{entry.date}  {_clock(entry.seconds):>6}  {entry.guid}  {entry.title}")


@episodes_app.command("show")
def episodes_show(key: str = KeyArg, output: Optional[Path] = OutputOpt, config: Optional[Path] = ConfigOpt) -> None:
    """Print one catalogued episode as JSON.

    Example: roundup-podcast episodes show 2026-11-25
    """
    with user_errors():
        entry = publishing.find_episode(key, build_config(config, output=output))
        typer.echo(json.dumps(dataclasses.asdict(entry), indent=2, ensure_ascii=False, default=str))


@episodes_app.command("remove")
def episodes_remove(key: str = KeyArg, output: Optional[Path] = OutputOpt, config: Optional[Path] = ConfigOpt) -> None:
    """Remove an episode from the catalog and rebuild feed and site; its files stay in the output folder.

    Example: roundup-podcast episodes remove 2026-11-25
    """
    with user_errors():
        entry, published = publishing.remove_episode(key, build_config(config, output=output))
        err.print(f"Removed {entry.date} {entry.title} ({entry.guid})", markup=False)
        _report_published(published)


@app.command()
def serve(
    port: int = typer.Option(8000, "--port", help="Port to listen on.", min=0, max=65535),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    output: Optional[Path] = OutputOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Serve the published site on localhost (HEAD and byte ranges supported) until Ctrl-C.

    Example: roundup-podcast serve --port 8000
    """
    with user_errors():
        settings = build_config(config, output=output)
        server = make_server(settings.output_dir / publishing.site.SITE_NAME, host, port, verbose=True)
        err.print(f"Serving {settings.output_dir / 'site'} at http://{host}:{server.server_port}/ (Ctrl-C stops)", markup=False)
        with server:
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                err.print("Stopped", markup=False)


@app.command()
def init(
    title: Optional[str] = typer.Option(None, "--title", help="Show title."),
    author: Optional[str] = typer.Option(None, "--author", help="Author, shown as the show's artist."),
    email: Optional[str] = typer.Option(None, "--email", help="Owner email (for Apple's and Spotify's ownership check)."),
    base_url: Optional[str] = typer.Option(None, "--base-url", help="Where the site will be served, e.g. https://example.com/podcast/."),
    language: Optional[str] = typer.Option(None, "--language", help="ISO 639 language code, e.g. en or en-us."),
    category: Optional[str] = typer.Option(None, "--category", help="Apple Podcasts category, e.g. News."),
    subcategory: Optional[str] = typer.Option(None, "--subcategory", help="Apple Podcasts subcategory, e.g. 'Daily News'."),
    description: Optional[str] = typer.Option(None, "--description", help="One-line description of the show."),
    owner: Optional[str] = typer.Option(None, "--owner", help="Owner name (default: the author)."),
    cover: Optional[Path] = typer.Option(None, "--cover", help="Square JPEG/PNG cover, 1400-3000 px, relative to the file."),
    explicit: Optional[bool] = typer.Option(None, "--explicit/--clean", help="Whether episodes contain explicit material."),
    copyright: Optional[str] = typer.Option(None, "--copyright", help="Copyright line."),
    path: Path = typer.Option(Path("podcast.toml"), "--config", help="File to write."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented podcast.toml; asks for each value unless any is given as a flag.

    Example: roundup-podcast init --title "Daily Tech Roundup" --author "The Newsroom" --email news@example.com --base-url https://example.com/podcast/ --language en --category Technology
    """
    given = {
        "title": title, "author": author, "email": email, "base_url": base_url, "language": language,
        "category": category, "subcategory": subcategory, "description": description, "owner_name": owner,
        "cover": cover, "explicit": explicit, "copyright": copyright,
    }
    with user_errors():
        values = {key: value for key, value in given.items() if value is not None}
        if "category" in values and "subcategory" not in values:
            values["subcategory"] = ""
        show = ShowConfig(**values)
        if not values:
            show = _ask_show(show, path.parent)
        write_show_file(path, show, force)
        typer.echo(str(path))


def _ask_show(show: ShowConfig, where: Path) -> ShowConfig:
    """Prompt for every value, re-asking until each passes the same checks as podcast.toml."""
    for key, question in QUESTIONS:
        current = getattr(show, key)
        while True:
            if isinstance(current, bool):
                value: object = typer.confirm(question, default=current)
            else:
                answer = typer.prompt(question, default="" if current is None else str(current), show_default=True)
                value = Path(answer) if key == "cover" and answer else (None if key == "cover" else answer)
            candidate = dataclasses.replace(show, **{key: value})
            try:
                check_init_values(candidate, where)
            except ConfigError as exc:
                if str(exc).startswith(flag_of(key) + " "):
                    err.print(f"  {exc}", markup=False)
                    continue
            show = candidate
            break
    return show


@app.command()
def preview(
    digest: Path = DigestArg,
    date: Optional[str] = DateOpt,
    digest_format: Optional[str] = FromOpt,
    output_format: str = typer.Option("text", "--format", help="How to print the script: text, markdown, json or ssml."),
    check: bool = typer.Option(False, "--check", help="List the words the voice will likely mangle, with lexicon entries."),
    rate: Optional[int] = RateOpt,
    engine: Optional[str] = EngineOpt,
    whos_who: Optional[bool] = WhosWhoOpt,
    max_minutes: Optional[float] = MaxMinutesOpt,
    templates: Optional[Path] = TemplatesOpt,
    config: Optional[Path] = ConfigOpt,
) -> None:
    """Print the spoken script, with each segment's estimated duration, before any audio is made.

    Example: roundup-podcast preview examples/daily-tech-roundup.txt --format json
    """
    with user_errors():
        if output_format not in PREVIEW_FORMATS:
            raise ConfigError(f"--format {output_format!r} is not a preview format; choose one of: {', '.join(PREVIEW_FORMATS)}")
        settings = build_config(
            config, templates, rate=rate, engine=engine,
            script={"digest_format": digest_format, "whos_who": whos_who, "max_minutes": max_minutes},
        )
        if check:
            _print_check(pipeline.check_script(digest, settings, parse_date(date)))
            return
        text, plan = pipeline.preview_script(digest, settings, parse_date(date), output_format)
        _report_dropped(plan.dropped, settings)
        typer.echo(text)


def _print_check(suggestions: list[Suggestion]) -> None:
    if not suggestions:
        typer.echo("No words the voice is likely to mangle.")
        return
    typer.echo(f"# {len(suggestions)} words the voice may mangle. Paste the entries you want under [say]")
    typer.echo("# in your lexicon file ([voice] lexicon in podcast.toml) and change the respellings to taste.")
    typer.echo("[say]")
    for item in suggestions:
        typer.echo(f"{item.entry:<36} # {item.reason}")


def _report_dropped(dropped: tuple[str, ...], settings: Config) -> None:
    if dropped:
        titles = "; ".join(dropped)
        err.print(f"Dropped {len(dropped)} stories to fit {settings.script.max_minutes:g} minutes: {titles}", markup=False)


@app.command()
def voices(
    engine: Optional[str] = typer.Option(None, "--engine", help="Only this engine's voices (default: every installed engine)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    say: Optional[str] = typer.Option(None, "--say", help="Speak this text into a sample file instead of listing."),
    voice: Optional[str] = typer.Option(None, "--voice", help="With --say: the voice id to audition."),
    rate: int = typer.Option(175, "--rate", help="With --say: words per minute.", min=60, max=450),
    output: Path = typer.Option(Path("voice-sample.wav"), "--output", "-o", help="With --say: the sample file (.wav or .mp3)."),
) -> None:
    """List the voices of every installed engine (engine, id, language, gender or variant), or audition one with --say.

    Example: roundup-podcast voices --say "Good morning, this is the news." --voice gmw/en-us+m3
    """
    with user_errors():
        if say is not None:
            speaker = pipeline.audition_voice(say, voice or "", rate, output, engine or "")
            err.print(f"Spoke with {speaker}", markup=False)
            typer.echo(str(output))
            return
        found, notes = list_voices(engine or "")
        if as_json:
            typer.echo(json.dumps([dataclasses.asdict(v) for v in found], indent=2))
        else:
            for v in found:
                typer.echo(f"{v.engine:<8} {v.id:<28} {v.language:<16} {v.gender:<7} {v.name}")
        for note in notes:
            err.print(note, markup=False)


@app.command()
def check(
    episode: Path = typer.Argument(..., help="An episode made by 'roundup-podcast make'.", show_default=False),
    script: Optional[Path] = typer.Option(None, "--script", help="Its script file (default: the .script.json beside it)."),
    limit: int = typer.Option(20, "--limit", help="How many misheard words to list.", min=1),
    as_json: bool = typer.Option(False, "--json", help="Print the whole report as JSON."),
) -> None:
    """Listen to an episode offline (Whisper tiny.en) and list the words listeners will likely mishear,
    with the word error rate and a suggested lexicon entry for each. Needs the qa extra.

    Example: roundup-podcast check output/2026-11-25-daily-tech-roundup.mp3
    """
    with user_errors():
        report = pipeline.check_episode(episode, script)
        if as_json:
            data = dataclasses.asdict(report) | {"wer": report.wer}
            typer.echo(json.dumps(data, indent=2, default=str))
            return
        typer.echo(
            f"{report.recognizer} heard {report.errors} errors in {report.words} script words: "
            f"WER {100 * report.wer:.1f} %"
        )
        if report.voices:
            typer.echo(f"Spoken by {'; '.join(report.voices)}")
        shown = report.mishearings[:limit]
        if shown:
            typer.echo("\nLikely misheard (most frequent first):")
        for m in shown:
            heard = ", ".join(dict.fromkeys(f'"{h}"' if h else "(nothing)" for h in m.heard))
            typer.echo(f"  {_clock(m.times[0])}  \"{m.written}\" ×{m.count} heard as {heard}  [{m.segment}]")
        entries = list(dict.fromkeys(m.suggestion for m in shown if m.suggestion))
        if entries:
            typer.echo(
                "\nSuggested lexicon entries, for the [say] table of your lexicon "
                "(audition each with 'roundup-podcast voices --say'):"
            )
            typer.echo("[say]")
            for entry in entries:
                typer.echo(entry)


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
