"""kill -9 of `make --publish` at any moment: catalog, feed and site stay the state before or
the state after, no process of the run survives it, and the next run needs no clean-up.

Most trials use the fast `tone` test engine (tests/tone_engine.py) and are spread over the
whole run, from reading the digest to the last file of the site; one is aimed at each
step of the publish (ROUNDUP_PODCAST_PAUSE_AT freezes the run there); a few use the
real espeak engine. ROUNDUP_KILL_TRIALS=<n> runs more spread trials.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import feedparser
import pytest

from conftest import SHORT_DIGEST
from podcast.checkpoints import PAUSE_VARIABLE, STEPS
from podcast.lifetime import LEFTOVER

ENGINES = Path(__file__).parent / "engines"
BEFORE_DATE, NEW_DATE = "2026-11-24", "2026-11-25"
BASE_URL = "http://localhost:8000/"
SPREAD_TRIALS = int(os.environ.get("ROUNDUP_KILL_TRIALS", "10"))
KILLED: dict[str, int] = {}
"""The process id of each trial's killed run."""


@dataclass
class Show:
    """A show folder with one published episode, and what a finished second make publishes."""

    root: Path
    base: Path
    before: frozenset[str]
    after: frozenset[str]
    seconds: float


def _env(root: Path, trial: str, **extra: str) -> dict[str, str]:
    tmp = root / "tmp"
    tmp.mkdir(exist_ok=True)
    path = os.pathsep.join([str(ENGINES), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path, "TMPDIR": str(tmp), "ROUNDUP_KILL_TRIAL": trial, **extra}


def _make(root: Path, output: Path, date: str, engine: str = "tone", trial: str = "setup", jobs: int = 2,
          **extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "podcast.cli", "make", str(root / "brief.txt"), "--date", date,
               "--publish", "--engine", engine, "--jobs", str(jobs), "--output", str(output)]
    return subprocess.Popen(command, cwd=root, env=_env(root, trial, **extra), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen) -> None:
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err


def catalog_guids(output: Path) -> frozenset[str]:
    if not (output / "catalog.sqlite").exists():
        return frozenset()
    with sqlite3.connect(output / "catalog.sqlite") as db:
        return frozenset(row[0] for row in db.execute("SELECT guid FROM episodes"))


def site_guids(output: Path) -> frozenset[str]:
    """The GUIDs the site's feed lists, after checking the site is one complete build that lists them all."""
    link = output / "site"
    assert link.is_symlink(), "the site link is missing"
    build = output / os.readlink(link)
    feed = feedparser.parse((build / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert (build / "index.html").is_file()
    for entry in feed.entries:
        audio = entry.enclosures[0].href.removeprefix(BASE_URL)
        assert (build / audio).stat().st_size == int(entry.enclosures[0].length)
        assert (build / "episodes" / f"{Path(audio).stem}.html").is_file()
    return frozenset(entry.id for entry in feed.entries)


def survivors(trial: str) -> list[str]:
    """Processes still running that the trial's run started (they all carry its marker)."""
    marker = f"ROUNDUP_KILL_TRIAL={trial}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if marker in (proc / "environ").read_bytes().split(b"\0") and ") Z" not in (proc / "stat").read_text():
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:300])
        except OSError:
            continue
    return found


def gone(trial: str, seconds: float = 10.0) -> bool:
    """True once no process of the trial's run is left.

    Workers die within milliseconds; the margin is for a busy machine, where a
    library's own short child (imageio-ffmpeg's `ffmpeg -version` probe, which
    ends by itself) may still be finishing. A worker left alive never goes.
    """
    deadline = time.monotonic() + seconds
    while survivors(trial):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def leftovers(show: Show, output: Path, pid: int) -> list[str]:
    """Temporary files and folders of the killed run `pid`, and any site build but the current one."""
    partial = [str(p) for p in output.rglob(".*") if (m := LEFTOVER.match(p.name)) and int(m.group(1)) == pid]
    builds = [p.name for p in output.glob(".site-*")]
    scratch = [p.name for p in (show.root / "tmp").glob(f"roundup-*.{pid}.*")]
    return partial + scratch + (builds if len(builds) != 1 else [])


@pytest.fixture(scope="module")
def show(tmp_path_factory) -> Show:
    root = tmp_path_factory.mktemp("killed")
    (root / "brief.txt").write_text(SHORT_DIGEST, encoding="utf-8")
    (root / "podcast.toml").write_text('[show]\ntitle = "Kill Test"\nbase_url = "http://localhost:8000/"\n')
    base = root / "base"
    _finish(_make(root, base, BEFORE_DATE))
    done = root / "done"
    shutil.copytree(base, done, symlinks=True)
    started = time.monotonic()
    _finish(_make(root, done, NEW_DATE))
    seconds = time.monotonic() - started
    show = Show(root, base, catalog_guids(base), catalog_guids(done), seconds)
    assert len(show.before) == 1 and len(show.after) == 2 and site_guids(done) == show.after
    return show


def kill_and_check(show: Show, name: str, delay: float = 0.0, step: str = "", engine: str = "tone") -> str:
    """Kill a `make --publish` of a new episode after `delay` seconds or at `step`; check every promise;
    return "agree" or "lag" (killed between the catalog's commit and the site's swap)."""
    output = show.root / name
    shutil.copytree(show.base, output, symlinks=True)
    process = _make(show.root, output, NEW_DATE, engine, trial=name, **({PAUSE_VARIABLE: step} if step else {}))
    KILLED[name] = process.pid
    if step:
        for line in process.stderr:
            if line.strip() == f"paused at {step}":
                break
        else:
            pytest.fail(f"the run ended without reaching {step}")
    else:
        time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert gone(name), f"{name}: processes outlived the killed make: {survivors(name)}"

    catalog, site = catalog_guids(output), site_guids(output)
    assert catalog in (show.before, show.after), name
    assert site in (show.before, show.after), name
    state = "agree" if catalog == site else "lag"
    if state == "lag":  # only after the commit, before the swap: the complete new build is there to swap in
        assert (catalog, site) == (show.after, show.before), name
    listed = subprocess.run([sys.executable, "-m", "podcast.cli", "episodes", "list", "--output", str(output)],
                            cwd=show.root, env=_env(show.root, name), capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    assert site_guids(output) == catalog_guids(output) == catalog, f"{name}: the next command did not bring the site level"
    return state


def rerun_and_check(show: Show, name: str) -> None:
    """The next make after a kill succeeds with no clean-up, and leaves nothing of the killed run behind."""
    output = show.root / name
    _finish(_make(show.root, output, NEW_DATE, trial=name + "-again"))
    assert catalog_guids(output) == site_guids(output) == show.after
    assert leftovers(show, output, KILLED[name]) == []


def test_kills_spread_over_the_run(show: Show) -> None:
    states = []
    rng = random.Random(12)
    for n in range(SPREAD_TRIALS):
        delay = show.seconds * (n + rng.random()) / SPREAD_TRIALS
        states.append(kill_and_check(show, f"spread-{n}", delay=delay))
        if n % 3 == 0:
            rerun_and_check(show, f"spread-{n}")
    print(f"{SPREAD_TRIALS} kills over {show.seconds:.1f} s: {states.count('agree')} agreed at once, "
          f"{states.count('lag')} left the site one publish behind until the next command; 0 invariant violations")


@pytest.mark.parametrize("step", STEPS)
def test_kill_at_each_publish_step(show: Show, step: str) -> None:
    state = kill_and_check(show, f"step-{step}", step=step)
    assert state == ("lag" if step == "catalog-committed" else "agree")
    rerun_and_check(show, f"step-{step}")


def test_kills_with_the_real_engine(show: Show) -> None:
    for n, fraction in enumerate((0.3, 0.7)):
        kill_and_check(show, f"espeak-{n}", delay=show.seconds * fraction * 2, engine="pyttsx3")
    rerun_and_check(show, "espeak-1")


def test_workers_busy_speaking_die_with_a_killed_make(show: Show) -> None:
    """Killed while every worker is inside the engine (one that never returns), the run leaves no process."""
    output = show.root / "hung"
    process = _make(show.root, output, NEW_DATE, "hang", trial="hung")
    deadline = time.monotonic() + 120
    while len([p for p in survivors("hung") if "forkserver" in p]) < 3:  # the server and two workers
        assert time.monotonic() < deadline and process.poll() is None, "the workers never started"
        time.sleep(0.1)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert gone("hung", 1.0), survivors("hung")


def test_a_long_ffmpeg_dies_with_its_killed_parent() -> None:
    """ffmpeg is started through setpriv where there is one (so the big make process is not forked
    for it); either way it is killed with the process that started it, however long it had to run."""
    script = (
        "import sys; from podcast.audio.ffmpeg import run_ffmpeg; print('go', flush=True); "
        "run_ffmpeg(['-nostats', '-v', 'quiet', '-re', '-f', 'lavfi', '-i', 'anullsrc=r=8000', '-t', '600', '-f', 'null', '-'])"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout.readline().strip() == "go"
    deadline = time.monotonic() + 30
    while not (children := _children(parent.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert children, "ffmpeg never started"
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in children)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(n) for n in (task / "children").read_text().split()]
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except OSError:
        return False
