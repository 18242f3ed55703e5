"""How a batch fares on a Ray cluster against this machine's own workers.

    python benchmarks/cluster.py                                   # 20 digests, espeak (pyttsx3), 3 rounds
    python benchmarks/cluster.py --engine piper --max-minutes 1 --rounds 1

Makes the same batch locally and with `--cluster local` (a one-machine Ray started by
the command, its start-up included), in turn, `--rounds` times each, every run the real
command in its own process with the clip cache off (every clip spoken, as for digests
that share no text). Prints the median of each: seconds, episodes per minute, Ray's
overhead against the local run, and the local run's CPU-seconds per episode and per
minute of audio (the command and every process it started, reaped here: Linux only;
Ray's workers are not the command's to reap, so a cluster run's CPU is not shown),
with the load average before and after, and whether every episode was byte-identical.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from mutagen.mp3 import MP3

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "daily-tech-roundup.txt"
DATE = "2026-11-25"
PR_SET_CHILD_SUBREAPER = 36


@dataclass(frozen=True)
class Run:
    seconds: float
    cpu_seconds: float
    files: dict[str, str]
    """Each file's SHA-256, by name."""


def digests(folder: Path, count: int) -> Path:
    """`count` editions of the example digest, each its own show (so its own episode file)."""
    folder.mkdir(parents=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    title = text.splitlines()[0]
    for n in range(count):
        (folder / f"edition-{n:02d}.txt").write_text(text.replace(title, f"Edition {n:02d}: {title}", 1), encoding="utf-8")
    return folder


def adopt_orphans() -> None:
    """Make this process the reaper of every process its commands leave behind (Linux), so
    their CPU time is counted: the command exits without waiting for its worker server,
    and Ray's processes outlive the driver by a moment."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def reap_all() -> None:
    """Wait for every descendant that is left (see `adopt_orphans`)."""
    with contextlib.suppress(ChildProcessError):
        while True:
            os.wait()


def timed_make(folder: Path, out: Path, args: argparse.Namespace, cluster: bool) -> Run:
    """One batch command: its wall-clock seconds, the CPU seconds of it and everything it started, and the files it made."""
    command = [sys.executable, "-m", "podcast.cli", "make", str(folder), "--engine", args.engine, "--date", DATE,
               "--no-cache", "--quiet", "-o", str(out)]
    command += ["--max-minutes", str(args.max_minutes)] if args.max_minutes else []
    command += ["--cluster", "local"] if cluster else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - started
    reap_all()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.iterdir()) if p.is_file()}
    return Run(wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="pyttsx3")
    parser.add_argument("--count", type=int, default=20, help="digests in the batch")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each kind; medians are printed")
    parser.add_argument("--max-minutes", type=float, default=0, help="make's --max-minutes (shorter episodes, for Piper)")
    args = parser.parse_args()
    adopt_orphans()
    load_before = os.getloadavg()[0]
    runs: dict[str, list[Run]] = {"local": [], "ray (local)": []}
    with tempfile.TemporaryDirectory(prefix="roundup-cluster-bench-") as work:
        folder = digests(Path(work) / "digests", args.count)
        for n in range(args.rounds):
            for name, cluster in (("local", False), ("ray (local)", True)):
                runs[name].append(timed_make(folder, Path(work) / f"{n}-{cluster}", args, cluster))
        audio = sum(MP3(Path(work) / "0-False" / name).info.length for name in runs["local"][0].files if name.endswith(".mp3"))
    reference = runs["local"][0].files
    same = all(run.files == reference for kind in runs.values() for run in kind)
    medians = {name: statistics.median(run.seconds for run in kind) for name, kind in runs.items()}
    cpu = statistics.median(run.cpu_seconds for run in runs["local"])
    print(f"{args.count} digests ({audio / 60 / args.count:.2f} min of audio each), engine {args.engine}, clip cache off, "
          f"median of {args.rounds}; load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"{'run':<14}{'seconds':>9}{'episodes/min':>14}{'CPU-s/episode':>15}{'CPU-s/audio min':>17}")
    for name, wall in medians.items():
        per_episode, per_minute = (f"{cpu / args.count:.2f}", f"{cpu / (audio / 60):.2f}") if name == "local" else ("-", "-")
        print(f"{name:<14}{wall:>9.1f}{60 * args.count / wall:>14.1f}{per_episode:>15}{per_minute:>17}")
    print(f"Ray overhead: {100 * (medians['ray (local)'] / medians['local'] - 1):+.1f} % of the local wall-clock time; "
          f"byte-identical: {same}")


if __name__ == "__main__":
    main()
