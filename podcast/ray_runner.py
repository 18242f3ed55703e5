"""Making episodes on a Ray cluster: clips spoken by actors, each episode assembled as a task.

An actor loads its engine once (and with it each voice it is asked for) and keeps it
for every clip it speaks; there are as many actors per engine as the cluster has
CPUs. An engine whose audio depends on what its process spoke before (espeak,
`stateful`) speaks each clip in a fresh process forked from the actor, exactly as
on one machine, so the bytes are those of a local run. Nothing is read from a
node's disk: clips and the show's input files travel as bytes, and the finished
files come back as bytes to be written into the output folder here, atomically.
A crashed actor is restarted and its clip retried, a lost assembly re-run (Ray's
fault tolerance); an error of the pipeline itself fails its digest only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import socket
import sys
import tempfile
import threading
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .audio.outputs import EpisodeFiles
from .config import Config
from .errors import ConfigError, EngineError, PodcastError
from .models import Clip, Episode, Script
from .tts.engine import Engine, get_engine
from .tts.parallel import ClipJob, clip_pool, make_clip

RETRIES = 3
"""How often a crashed actor is restarted, and a lost assembly run again. A clip is retried
for as long as its actor can be restarted: while a lost node is still taken for alive
(Ray's health checks take seconds), its actors are unreachable, and a fixed number of
clip retries would be spent before the actor even moved."""
CONNECT_TIMEOUT_SECONDS = 10
INSTALL = "pip install 'roundup-podcast[cluster]'"


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError(f"--cluster (or [cluster] address) needs Ray; install it with: {INSTALL}") from None
    return ray


class SpeechActor:
    """Keeps one engine loaded and speaks clips with it (a Ray actor: see `RayRunner._actors`)."""

    def __init__(self, engine: str) -> None:
        self.engine = get_engine(engine)
        if getattr(self.engine, "in_process", False):
            self.engine.threads = 1  # one actor per CPU already: a clip's sentences are spoken one after another
        self.pool = None
        if getattr(self.engine, "stateful", False):
            # A clip process would start by re-running this process's main script, here Ray's
            # own worker script with all of Ray (2 s a clip, measured, against 0.2 s); the
            # actor's process does nothing but speak, so it runs its clips without one.
            sys.modules["__main__"] = types.ModuleType("__main__")
            self.pool = clip_pool(1, fresh=True)

    def speak(self, job: ClipJob) -> tuple[bytes, float]:
        """The WAV bytes of one clip and its checked length."""
        with tempfile.TemporaryDirectory(prefix="roundup-clip-") as folder:
            here = dataclasses.replace(job, path=Path(folder) / "clip.wav")
            seconds = self.pool.submit(make_clip, here).result() if self.pool else make_clip(here, self.engine)
            return here.path.read_bytes(), seconds


@dataclass(frozen=True)
class _Made:
    """What an assembly task hands back: the episode (paths relative to its folder) and every file's bytes."""

    episode: Episode
    files: dict[str, bytes]


def _input_files(config: Config) -> dict[str, Path]:
    """The show's own files that assembly reads (cover, music), by config field."""
    music = {key: Path(value) for key in ("intro", "outro", "bed") if (value := getattr(config.music, key)) not in ("", "builtin")}
    return music | ({"cover": Path(config.show.cover)} if config.show.cover else {})


def _with_inputs_in(config: Config, folder: Path, inputs: dict[str, bytes], names: dict[str, str]) -> Config:
    """`config` with its cover and music files written into `folder` and pointing there."""
    moved = {}
    for key, data in inputs.items():
        moved[key] = folder / f"{key}-{names[key]}"
        moved[key].write_bytes(data)
    music = dataclasses.replace(config.music, **{k: str(p) for k, p in moved.items() if k != "cover"})
    show = dataclasses.replace(config.show, cover=moved["cover"]) if "cover" in moved else config.show
    return dataclasses.replace(config, music=music, show=show)


def _assemble_here(shipped: list[tuple[Any, float, bytes]], name: str, script: Script, config: Config,
                   inputs: dict[str, bytes], names: dict[str, str]) -> _Made:
    """Assemble on a worker node in a folder of its own (the body of the Ray task)."""
    from .audio.ffmpeg import configure_pydub
    from .runner import LocalRunner

    configure_pydub()
    with tempfile.TemporaryDirectory(prefix="roundup-assemble-") as folder:
        work = Path(folder)
        (work / "out").mkdir()
        clips = []
        for n, (segment, seconds, data) in enumerate(shipped):
            path = work / f"{n:03d}.wav"
            path.write_bytes(data)
            clips.append(Clip(segment, path, seconds))
        here = _with_inputs_in(config, work, inputs, names)
        episode = LocalRunner(1).assemble(clips, work / "out" / name, script, here, None)
        files = {p.name: p.read_bytes() for p in sorted((work / "out").iterdir())}
        return _Made(episode, files)


def _unwrapped(ray: Any, refs: Any, what: str) -> Any:
    """`ray.get`, with the pipeline's own errors raised as themselves and Ray's as one EngineError."""
    try:
        return ray.get(refs)
    except ray.exceptions.RayTaskError as exc:
        if isinstance(exc.cause, PodcastError):
            raise exc.cause from None
        raise EngineError(f"{what} failed on the cluster: {exc.cause!r}; run without --cluster to see the error") from None
    except ray.exceptions.RayError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EngineError(f"{what} failed on the cluster after {RETRIES} retries: {first}") from None


def _check_reachable(address: str) -> None:
    """A ConfigError unless a `host:port` address answers within seconds (Ray itself retries for minutes)."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return  # `auto`, `local`: Ray finds or starts the cluster itself
    try:
        socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT_SECONDS).close()
    except OSError as exc:
        raise ConfigError(
            f"cannot reach the Ray cluster at {address}: {exc.strerror or exc}; check --cluster or [cluster] address"
        ) from None


def _join_advice(address: str) -> str:
    """What to check when joining fails. Ray (2.5x on) starts clusters with token authentication,
    and sends the token to an address given by name only when told to (RAY_AUTH_MODE=token)."""
    advice = "check --cluster or [cluster] address"
    if address in ("auto", "local") or os.environ.get("RAY_AUTH_MODE"):
        return advice
    return f"{advice}; a cluster with token authentication also needs RAY_AUTH_MODE=token and its token (ray get-auth-token)"


class RayRunner:
    """Clips on actors, episodes as tasks; several episodes of a batch in the works at once."""

    def __init__(self, ray: Any) -> None:
        self._ray = ray
        self.cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self.episodes_at_once = self.cpus + 1  # one more than the cores: one assembles while the others speak
        self._actors: dict[str, list[Any]] = {}
        self._busy: dict[Any, int] = {}
        self._lock = threading.Lock()
        self._speaker = ray.remote(num_cpus=0, max_restarts=RETRIES, max_task_retries=-1, scheduling_strategy="SPREAD")(SpeechActor)
        self._assembler = ray.remote(num_cpus=1, max_retries=RETRIES)(_assemble_here)

    @classmethod
    @contextlib.contextmanager
    def connect(cls, address: str) -> Iterator["RayRunner"]:
        """Join the cluster at `address` (`auto`: the one this machine belongs to; `local`: start one here)."""
        import logging

        ray = _ray()
        _check_reachable(address)
        started = not ray.is_initialized()
        if started:
            try:  # "local" starts a Ray of its own even where one already runs here (no address would join that one)
                ray.init(address=address, include_dashboard=False,
                         log_to_driver=False, logging_level=logging.ERROR)
            except (ConnectionError, ValueError, RuntimeError) as exc:
                raise ConfigError(f"cannot join the Ray cluster at {address}: {exc}; {_join_advice(address)}") from None
        runner = cls(ray)
        try:
            yield runner
        finally:
            for actor in (a for actors in runner._actors.values() for a in actors):
                ray.kill(actor)
            if started:
                ray.shutdown()

    def _actor(self, engine: str) -> Any:
        """The least busy actor of `engine`, its actors started at first use."""
        with self._lock:
            if engine not in self._actors:
                self._actors[engine] = [self._speaker.remote(engine) for _ in range(self.cpus)]
                self._busy.update({actor: 0 for actor in self._actors[engine]})
            actor = min(self._actors[engine], key=self._busy.__getitem__)
            self._busy[actor] += 1
            return actor

    def make_clips(self, jobs: list[ClipJob], workers: int, engine: Engine) -> Iterator[tuple[ClipJob, float]]:
        """Every clip spoken by the engine's actors, the longest first; each WAV written to its job's path."""
        ray = self._ray
        pending = {}
        for job in sorted(jobs, key=lambda j: -len(j.text)):
            actor = self._actor(engine.name)
            pending[actor.speak.remote(job)] = (job, actor)
        try:
            while pending:
                (ready,), _ = ray.wait(list(pending), num_returns=1)
                job, actor = pending.pop(ready)
                with self._lock:
                    self._busy[actor] -= 1
                data, seconds = _unwrapped(ray, ready, f"speaking {job.segment.kind} '{job.segment.title}'")
                job.path.write_bytes(data)
                yield job, seconds
        finally:
            for ref, (_, actor) in pending.items():
                ray.cancel(ref)
                with self._lock:
                    self._busy[actor] -= 1

    def assemble(
        self, clips: list[Clip], path: Path, script: Script, config: Config, cache: Any, progress: Any = None,
    ) -> Episode:
        """Assemble in a Ray task and write what it made beside `path`, the audio renamed into place last.

        `progress` hears of the encoding as one piece: the task's own pieces are not reported back.
        """
        if progress:
            progress.encoding(1)
        inputs = _input_files(config)
        shipped = [(clip.segment, clip.seconds, clip.path.read_bytes()) for clip in clips]
        data = {key: file.read_bytes() for key, file in inputs.items()}
        names = {key: file.name for key, file in inputs.items()}
        made: _Made = _unwrapped(self._ray, self._assembler.remote(shipped, path.name, script, config, data, names), f"assembling {path.name}")
        files = EpisodeFiles()
        try:
            audio = made.episode.path.name
            for name in [audio, *(n for n in made.files if n != audio)]:
                files.write_bytes(path.parent / name, made.files[name])
            files.commit()
        finally:
            files.discard()
        if progress:
            progress.encoded(sum(clip.seconds for clip in clips))
        return _moved(made.episode, path.parent, inputs)


def _moved(episode: Episode, folder: Path, inputs: dict[str, Path]) -> Episode:
    """The episode with its files' paths in `folder`, and the shipped cover back at the show's own path."""

    def placed(path: Path | None, field: str) -> Path | None:
        if path is None:
            return None
        if field == "cover_path" and "cover" in inputs and path.name == f"cover-{inputs['cover'].name}":
            return inputs["cover"]
        return folder / path.name

    fields = ("path", "chapters_path", "transcript_vtt", "transcript_srt", "cover_path")
    return dataclasses.replace(episode, **{f: placed(getattr(episode, f), f) for f in fields})
