"""How reading a digest grows with its size, up to the size limit ([script] max_digest_mb).

    .venv/bin/python benchmarks/digest_size.py [--formats text,markdown,html,json] [--sizes 0.25,0.5,1,2]

For each format and size, a digest of that many megabytes is built from the example's
stories (each copy with its own title, so nothing is dropped as a repeat) and read by
`roundup-podcast preview` in a process of its own: the digest read, cleaned and written
into the spoken script. Prints the wall time (median of --repeat runs) and the peak
resident memory of that process, and per format the cost per megabyte between the
smallest and largest size: the two should be about constant if reading is linear.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from podcast.digest import read_digest

ROOT = Path(__file__).resolve().parent.parent
CLI = str(Path(sys.executable).with_name("roundup-podcast"))
EXAMPLE = ROOT / "examples" / "daily-tech-roundup.txt"
MB = 1024 * 1024


def build(fmt: str, size: float) -> str:
    """A digest in `fmt` of about `size` MB (just under it), made of renamed copies of the example's stories."""
    digest = read_digest(EXAMPLE)
    stories, n = [], 0
    budget = int(size * MB) - 2048
    used = 0
    while True:
        story = digest.stories[n % len(digest.stories)]
        title, body = f"{story.title} (part {n + 1})", story.body
        used += len((title + body).encode()) + 40
        if used > budget:
            break
        stories.append((title, body))
        n += 1
    if fmt == "json":
        return json.dumps({"title": digest.title, "date": "2026-11-25", "stories": [{"title": t, "body": b} for t, b in stories]})
    if fmt == "markdown":
        return f"# {digest.title}\n\n" + "".join(f"## {t}\n\n{b}\n\n" for t, b in stories)
    if fmt == "html":
        body = "".join(f"<h2>{t}</h2><p>{b}</p>" for t, b in stories)
        return f"<!doctype html><html><body><article><h1>{digest.title}</h1>{body}</article></body></html>"
    return f"{digest.title}\n\n" + "".join(f"**{t}**\n{b}\n" for t, b in stories)


_PEAK = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True); "
    "sys.stderr.buffer.write(done.stderr); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
    "sys.exit(done.returncode)"
)
"""Runs a command and prints its peak resident kilobytes (a process of its own, so each run is counted alone)."""


def measure(path: Path, repeat: int) -> tuple[float, float]:
    """Median seconds of `preview` over `repeat` runs, and the peak resident MB of the largest run."""
    times, peak = [], 0.0
    for _ in range(repeat):
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", _PEAK, CLI, "preview", str(path), "--format", "json"],
                              capture_output=True, text=True)
        times.append(time.monotonic() - started)
        if done.returncode != 0:
            raise SystemExit(f"preview failed on {path.name}: {done.stderr.strip()}")
        peak = max(peak, int(done.stdout.split()[-1]) / 1024)
    return statistics.median(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default="text,markdown,html,json")
    parser.add_argument("--sizes", default="0.25,0.5,1,2")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="roundup-bench.") as folder:
        for fmt in args.formats.split(","):
            rows = []
            for size in sizes:
                path = Path(folder) / f"digest-{size}.{ {'markdown': 'md', 'text': 'txt'}.get(fmt, fmt) }"
                path.write_text(build(fmt, size), encoding="utf-8")
                seconds, peak = measure(path, args.repeat)
                rows.append((path.stat().st_size / MB, seconds, peak))
                print(f"{fmt:9} {rows[-1][0]:5.2f} MB  {seconds:6.2f} s  peak {peak:6.0f} MB", flush=True)
            (small, t0, m0), (large, t1, m1) = rows[0], rows[-1]
            print(f"{fmt:9} per MB from {small:.2f} to {large:.2f} MB: {(t1 - t0) / (large - small):.2f} s, "
                  f"{(m1 - m0) / (large - small):.0f} MB of memory", flush=True)


if __name__ == "__main__":
    main()
