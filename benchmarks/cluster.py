"""How a batch fares on a Ray cluster against this machine's own workers.

    python benchmarks/cluster.py                      # 20 digests, espeak (pyttsx3)
    python benchmarks/cluster.py --engine piper --count 20

Makes the same batch twice, each the real command in its own process with the clip
cache off (every clip spoken, as for digests that share no text): once locally, once
with `--cluster local` (a one-machine Ray started by the command, its start-up
included). Prints episodes per minute, Ray's overhead against the local run, the
CPU-seconds per episode of the local run (its whole process tree, as the kernel counts
reaped children; Ray's workers are not reaped by the command, so its run has none) and whether the two batches' episodes are byte-identical.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "daily-tech-roundup.txt"
DATE = "2026-11-25"


def digests(folder: Path, count: int) -> Path:
    """`count` editions of the example digest, each its own show (so its own episode file)."""
    folder.mkdir(parents=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    title = text.splitlines()[0]
    for n in range(count):
        (folder / f"edition-{n:02d}.txt").write_text(text.replace(title, f"Edition {n:02d}: {title}", 1), encoding="utf-8")
    return folder


def timed_make(folder: Path, out: Path, engine: str, cluster: bool) -> tuple[float, float]:
    """Wall-clock seconds and CPU-seconds of one batch command."""
    command = [sys.executable, "-m", "podcast.cli", "make", str(folder), "--engine", engine, "--date", DATE,
               "--no-cache", "--quiet", "-o", str(out), *(["--cluster", "local"] if cluster else [])]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="pyttsx3")
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="roundup-cluster-bench-") as work:
        folder = digests(Path(work) / "digests", args.count)
        local = timed_make(folder, Path(work) / "local", args.engine, cluster=False)
        ray = timed_make(folder, Path(work) / "ray", args.engine, cluster=True)
        same = all(p.read_bytes() == (Path(work) / "ray" / p.name).read_bytes() for p in (Path(work) / "local").glob("*.mp3"))
    print(f"{args.count} digests, engine {args.engine}, clip cache off")
    print(f"{'run':<14}{'seconds':>9}{'episodes/min':>14}{'CPU-s/episode':>15}")
    for name, (wall, cpu) in (("local", local), ("ray (local)", ray)):
        per_episode = f"{cpu / args.count:.2f}" if name == "local" else "-"
        print(f"{name:<14}{wall:>9.1f}{60 * args.count / wall:>14.1f}{per_episode:>15}")
    print(f"Ray overhead: {100 * (ray[0] / local[0] - 1):+.1f} % of the local wall-clock time; byte-identical: {same}")


if __name__ == "__main__":
    main()
