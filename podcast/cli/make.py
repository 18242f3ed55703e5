"""Commands on one episode: `make` it, `preview` its script before, `check` it after.

The pipeline is imported inside each command, not here: `--help` and the other
commands should not pay for importing every stage.
"""

from __future__ import annotations

import dataclasses
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from ..errors import ConfigError
from ..storage import shown_path
from .console import clock, err, report_delivered, report_dropped, report_published, sent, user_errors
from .progress import batch_progress, episode_json, make_progress, programme_summary
from .options import (
    ConfigOpt, DateOpt, EngineOpt, FromOpt, MaxMinutesOpt, RateOpt, TemplatesOpt, ToOpt, VoiceOpt, build_config, parse_date,
    with_segment_switches,
)

if TYPE_CHECKING:
    import datetime as dt

    from ..batch import BatchItem
    from ..config import Config
    from ..publish import Published
    from ..qa.proof import Fix
    from ..script.lint import Finding
    from ..script.pronunciation import Suggestion
    from ..tts.casting import RoleVoice

DigestArg = typer.Argument(..., help="The digest file to read.", show_default=False)
StoryEngineOpt = typer.Option(None, "--story-engine", help="Engine for the stories only.")
StoryVoiceOpt = typer.Option(None, "--story-voice", help="Voice id for the stories only (the anchor keeps --voice).")
StoryRateOpt = typer.Option(None, "--story-rate", help="Words per minute for the stories only.", min=60, max=450)
OutputOpt = typer.Option(
    None, "--output", "-o",
    help="Folder for the episode and its caches, or a URL every machine shares: s3://bucket/show, file:///path (default: output/).",
)
NoCacheOpt = typer.Option(False, "--no-cache", help="Speak and encode everything afresh; neither read nor write the caches.")
ClusterOpt = typer.Option(
    None, "--cluster", metavar="ADDRESS",
    help="Make the episodes on a Ray cluster: its address, 'auto' (the one this machine is in) or 'local' (start one); "
    "[cluster] address in podcast.toml. Needs the cluster extra.",
)
JobsOpt = typer.Option(
    None, "--jobs", "-j", help="Clips (Piper: sentences) spoken at once (default: one per CPU core).", min=1
)
DRAFT_ENGINE = "pyttsx3"


@with_segment_switches
def make(
    digests: list[Path] = typer.Argument(..., help="The digest file to read; several files or a folder make a batch.", show_default=False),
    date: Optional[str] = DateOpt,
    digest_format: Optional[str] = FromOpt,
    max_minutes: Optional[float] = MaxMinutesOpt,
    output: Optional[str] = OutputOpt,
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
    cluster: Optional[str] = ClusterOpt,
    publish: bool = typer.Option(False, "--publish", help="Also add the episode to the catalog and rebuild feed and site."),
    to: Optional[str] = ToOpt,
    audio_format: Optional[str] = typer.Option(
        None, "--audio-format", help="Episode file format: mp3 (default) or m4a (AAC); [audio] format in podcast.toml."
    ),
    proof: Optional[bool] = typer.Option(
        None, "--proof/--no-proof",
        help="Listen to the clips offline (qa extra) and respell the names misheard; winners go to the show's lexicon file.",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the episode's path (errors still go to stderr)."),
    as_json: bool = typer.Option(
        False, "--json", help="Print one JSON object per episode (path, duration, loudness, chapters, timings) instead of the path."
    ),
    draft: bool = typer.Option(
        False, "--draft", help=f"A fast rough cut: every role spoken by {DRAFT_ENGINE} (espeak-ng), several times faster than Piper."
    ),
    segments: Optional[dict[str, bool]] = None,
) -> None:
    """Make the episode of a digest (MP3, or M4A) with chapters, transcripts and cover, and print its path.

    On a terminal a live bar shows the whole run (speaking, then encoding) with
    an ETA; in a log, one line per step; then the programme in order.
    Given several digests or a folder, make every episode, go on past a bad
    digest, print a summary table and exit 1 if any failed.

    Example: roundup-podcast make examples/daily-tech-roundup.txt --date 2026-11-25 --publish

    Example: roundup-podcast make digests/ --cluster auto
    """
    with user_errors():
        if draft:
            if {engine, story_engine} - {None, DRAFT_ENGINE}:
                raise ConfigError(f"--draft speaks with {DRAFT_ENGINE}; leave out --engine and --story-engine, or --draft")
            engine = story_engine = DRAFT_ENGINE
        settings = build_config(
            config, templates, voice, rate, output, no_cache, jobs,
            script={"digest_format": digest_format, "max_minutes": max_minutes, "segments": segments},
            audio_format=audio_format, target=to, cluster=cluster,
            engine=engine, story_engine=story_engine, story_voice=story_voice, story_rate=story_rate,
        )
        if proof is not None:
            settings = dataclasses.replace(settings, voice=dataclasses.replace(settings.voice, proof=proof))
        episode_date = parse_date(date)
        if to is not None and not publish:
            raise ConfigError("--to uploads the published site; add --publish")
        if len(digests) == 1 and not digests[0].is_dir():
            _make_one(digests[0], settings, episode_date, publish, quiet or as_json, as_json)
            return
        from .. import batch  # deferred: only a batch needs it

        found = batch.find_digests(digests)
        quiet = quiet or as_json
        if not quiet:
            err.print(f"Making {len(found)} episodes", markup=False)
        with batch_progress(len(found), quiet) as bar:

            def finished(item: BatchItem) -> None:
                bar.finished(str(item.digest))
                if as_json and item.episode:
                    typer.echo(episode_json(item.episode, bar.finals.get(str(item.digest)), shown_path(settings, item.episode.path)))
                elif quiet and item.episode:
                    typer.echo(shown_path(settings, item.episode.path))
                elif not quiet and bar.bar is None:
                    result = "FAILED" if item.error else f"made {clock(item.episode.seconds)}"
                    err.print(f"{item.digest.name}: {result} in {item.seconds:.1f} s", markup=False)

            items = batch.make_batch(
                found, settings, episode_date, publish, progress=lambda digest: bar.reporter(str(digest)), finished=finished
            )
        if quiet:
            for item in items:
                if item.error:
                    err.print(f"Error: {item.digest}: {item.error}", markup=False)
        else:
            typer.echo(_batch_table(items, settings))
        if publish and settings.publish.target and any(not item.error for item in items):
            from ..publish import publish as rebuild

            _deliver(rebuild(settings), settings, quiet)
        if any(item.error for item in items):
            raise typer.Exit(1)


def _make_one(digest: Path, settings: Config, date: Optional[dt.date], publish: bool, quiet: bool, as_json: bool) -> None:
    """One digest: progress and summary on stderr, the episode's path (or its JSON) alone on stdout."""
    from .. import pipeline  # deferred: see the module docstring
    from ..runner import open_runner

    started = time.monotonic()
    with open_runner(settings) as runner:
        plan = pipeline.plan_episode(digest, settings, date, publish=publish)
        if not quiet:
            report_dropped(plan.dropped, settings)
            for notice in dict.fromkeys(v.notice for v in plan.voices.values() if v.notice):
                err.print(notice, markup=False)
            err.print(_casting_line(plan.voices), markup=False)
        with make_progress(quiet) as progress:
            episode = pipeline.render_episode(plan, settings, progress, None if quiet else _report_proof, runner=runner)
    if not quiet:
        err.print(programme_summary(plan.script, episode, progress.last), markup=False)
        err.print(
            f"Made {clock(episode.seconds)} episode ({episode.size / 1e6:.1f} MB, {len(episode.chapters)} chapters, "
            f"{episode.loudness_lufs:.1f} LUFS, true peak {episode.true_peak_db:.1f} dBTP) "
            f"in {time.monotonic() - started:.1f} s",
            markup=False,
        )
    if publish:
        replaced, published = pipeline.publish_made_episode(plan, episode, settings)
        if not quiet:
            report_published(published, "Replaced" if replaced else "Added")
        if settings.publish.target:
            _deliver(published, settings, quiet)
    shown = shown_path(settings, episode.path)
    typer.echo(episode_json(episode, progress.last, shown) if as_json else shown)


def _deliver(published: Published, settings: Config, quiet: bool) -> None:
    """Upload the published site to [publish] target (or --to) and report it (warnings even when quiet)."""
    from ..publish.upload import deliver  # deferred: see the module docstring

    delivered = deliver(published, settings, None if quiet else sent)
    if quiet:
        for warning in delivered.warnings:
            err.print(f"Warning: {warning}", markup=False)
    else:
        report_delivered(delivered)


def _report_proof(fixes: list[Fix], lexicon_file: Path) -> None:
    """One line per misheard name: the respelling heard right, or those that were not."""
    if not fixes:
        err.print("Proof: every name was heard as written", markup=False)
    for fix in fixes:
        heard = f'"{fix.heard}"' if fix.heard else "nothing"
        if fix.respelling:
            result = f'"{fix.respelling}" was heard right; added to {lexicon_file}'
        else:
            result = "no respelling was heard right (" + ", ".join(f'"{t}"' for t in fix.tried) + "); add one to the lexicon by hand"
        err.print(f'Proof: "{fix.word}" was heard as {heard}; {result}', markup=False)


def _casting_line(voices: dict[str, RoleVoice]) -> str:
    """`Engine: piper (anchor: …; story: …)`: which engine, voice and rate speak each role."""
    engines = " + ".join(dict.fromkeys(v.engine.name for v in voices.values()))
    roles = "; ".join(f"{v.role}: {v.engine.name} {v.voice}, {v.rate} wpm" for v in voices.values())
    return f"Engine: {engines} ({roles})"


def _batch_table(items: list[BatchItem], settings: Config) -> str:
    """The summary of a batch: one row per digest, then the counts."""
    rows = [("Digest", "Result", "Length", "Time", "Episode or error")]
    for item in items:
        if item.error:
            rows.append((item.digest.name, "failed", "-", f"{item.seconds:.1f} s", item.error))
        else:
            rows.append((item.digest.name, "made", clock(item.episode.seconds), f"{item.seconds:.1f} s", shown_path(settings, item.episode.path)))
    widths = [max(len(row[col]) for row in rows) for col in range(4)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[4] for row in rows]
    failed = sum(1 for item in items if item.error)
    lines.append(f"{len(items)} digests: {len(items) - failed} made, {failed} failed")
    return "\n".join(lines)


@with_segment_switches
def preview(
    digest: Path = DigestArg,
    date: Optional[str] = DateOpt,
    digest_format: Optional[str] = FromOpt,
    output_format: str = typer.Option("text", "--format", help="How to print the script: text, markdown, json or ssml."),
    check: bool = typer.Option(False, "--check", help="List the words the voice will likely mangle, with lexicon entries."),
    lint: bool = typer.Option(
        False, "--lint", help="List what the spoken script still holds that a voice should not read; exit 1 if anything."
    ),
    rate: Optional[int] = RateOpt,
    engine: Optional[str] = EngineOpt,
    max_minutes: Optional[float] = MaxMinutesOpt,
    templates: Optional[Path] = TemplatesOpt,
    config: Optional[Path] = ConfigOpt,
    segments: Optional[dict[str, bool]] = None,
) -> None:
    """Print the spoken script, with each segment's estimated duration, before any audio is made.

    Example: roundup-podcast preview examples/daily-tech-roundup.txt --format json

    Example (newsroom CI): roundup-podcast preview digest.md --lint
    """
    from .. import pipeline  # deferred: see the module docstring
    from ..script.preview import FORMATS

    with user_errors():
        if output_format not in FORMATS:
            raise ConfigError(f"--format {output_format!r} is not a preview format; choose one of: {', '.join(FORMATS)}")
        settings = build_config(
            config, templates, rate=rate, engine=engine,
            script={"digest_format": digest_format, "segments": segments, "max_minutes": max_minutes},
        )
        if check:
            _print_check(pipeline.check_script(digest, settings, parse_date(date)))
            return
        if lint:
            _print_lint(pipeline.lint_script(digest, settings, parse_date(date)))
            return
        text, plan = pipeline.preview_script(digest, settings, parse_date(date), output_format)
        report_dropped(plan.dropped, settings)
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


def _print_lint(findings: list[Finding]) -> None:
    """Each leftover on a line, then the count; exit status 1 when there is any, for CI."""
    from ..script.lint import summary

    for finding in findings:
        typer.echo(str(finding))
    typer.echo(summary(findings))
    if findings:
        raise typer.Exit(1)


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
    from ..qa import check_episode  # deferred: see the module docstring

    with user_errors():
        report = check_episode(episode, script)
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
            typer.echo(f"  {clock(m.times[0])}  \"{m.written}\" ×{m.count} heard as {heard}  [{m.segment}]")
        entries = list(dict.fromkeys(m.suggestion for m in shown if m.suggestion))
        if entries:
            typer.echo(
                "\nSuggested lexicon entries, for the [say] table of your lexicon "
                "(audition each with 'roundup-podcast voices --say'):"
            )
            typer.echo("[say]")
            for entry in entries:
                typer.echo(entry)
