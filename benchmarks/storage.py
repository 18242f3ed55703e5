"""What an output at an S3 URL costs against a plain folder: cold, warm, and warm on another machine.

    python benchmarks/storage.py                  # the example digest, espeak (pyttsx3), 3 rounds
    python benchmarks/storage.py --engine piper --rounds 5

Each make is the real command in its own process. The S3 store is moto's server on
this machine (the test extra installs it), so the figures are the program's own
overhead (working copy, objects packed and checked, requests), not a network's. Per
output: cold (empty caches), warm (the same machine again: the finished episode is
reused) and warm on another machine (a fresh home folder, so a fresh working copy:
clips and pieces come from the shared cache); the median of the rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from servers import s3_server  # noqa: E402

EXAMPLE = ROOT / "examples" / "daily-tech-roundup.txt"


def timed_make(output: str, engine: str, home: Path, env: dict[str, str]) -> float:
    """Wall-clock seconds of one `make` of the example into `output`, as the user `home`."""
    home.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "podcast.cli", "make", str(EXAMPLE), "--engine", engine, "--date", "2026-11-25",
               "--quiet", "--output", output]
    started = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env={**env, "HOME": str(home)})
    return time.monotonic() - started


def rounds(output_of, engine: str, work: Path, env: dict[str, str], count: int) -> tuple[float, float, float]:
    """Median seconds of (cold, warm, warm on another machine) over `count` rounds, each on a fresh output."""
    found = []
    for n in range(count):
        output = output_of(n)
        cold = timed_make(output, engine, work / f"home-{n}-a", env)
        warm = timed_make(output, engine, work / f"home-{n}-a", env)
        elsewhere = timed_make(output, engine, work / f"home-{n}-b", env)
        found.append((cold, warm, elsewhere))
    return tuple(statistics.median(run[i] for run in found) for i in range(3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="pyttsx3")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="roundup-storage-bench-") as folder, s3_server() as s3:
        work = Path(folder)
        env = {**os.environ, **s3.environment(work)}
        local = rounds(lambda n: str(work / f"out-{n}"), args.engine, work, env, args.rounds)
        for n in range(args.rounds):
            s3.bucket(f"bench-{n}")
        shared = rounds(lambda n: f"s3://bench-{n}/show", args.engine, work, env, args.rounds)
    print(f"The example digest, engine {args.engine}, median of {args.rounds} rounds, seconds per make")
    print(f"{'output':<10}{'cold':>8}{'warm':>8}{'warm elsewhere':>16}")
    for name, (cold, warm, elsewhere) in (("folder", local), ("s3 (moto)", shared)):
        print(f"{name:<10}{cold:>8.2f}{warm:>8.2f}{elsewhere:>16.2f}")
    print("(a folder's 'elsewhere' is the same folder: its caches are the machine's own)")


if __name__ == "__main__":
    main()
