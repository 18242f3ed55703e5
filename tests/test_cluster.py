"""`make --cluster` on a real local Ray cluster of two nodes: the same bytes as a local run, even when a worker dies.

Marked `cluster` (Ray takes a while to start on two cores): `pytest -m "not cluster"` skips them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from conftest import SHORT_DIGEST
from servers import free_port
from podcast.batch import make_batch
from podcast.cli import app
from podcast.config import ClusterConfig, Config, VoiceConfig

pytestmark = pytest.mark.cluster
SHOWS = ("Morning Brief", "Evening Brief", "Night Brief")
DATE = "2026-11-25"


def _digests(folder: Path) -> Path:
    """Three short digests of three shows, each with words of its own so no clip is shared."""
    folder.mkdir(parents=True)
    for n, show in enumerate(SHOWS):
        text = SHORT_DIGEST.replace("Morning Brief", show).replace("two thousand", f"{n + 2} thousand")
        (folder / f"{n}-{show.split()[0].lower()}.txt").write_text(text, encoding="utf-8")
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _make(*args: str, engine: str = "pyttsx3"):
    return CliRunner().invoke(app, ["make", *args, "--date", DATE, "--engine", engine])


@pytest.fixture(scope="module")
def ray_cluster():
    """A head and a worker node of one CPU each, in a folder of their own and on a free port, stopped after the module."""
    import ray
    from ray.cluster_utils import Cluster

    # The folder's name is short: Ray's socket paths must fit in 107 bytes.
    with tempfile.TemporaryDirectory(prefix="ray-") as folder, pytest.MonkeyPatch.context() as patch:
        # Ray notes the cluster's address in $RAY_TMPDIR/ray (else /tmp/ray), which it does not create
        # when a node has a temp_dir of its own: on a new machine that failed the fixture.
        patch.setenv("RAY_TMPDIR", folder)
        (Path(folder) / "ray").mkdir()
        head = {"num_cpus": 1, "include_dashboard": False, "temp_dir": folder, "gcs_server_port": free_port()}
        cluster = Cluster(initialize_head=True, head_node_args=head)
        cluster.add_node(num_cpus=1)
        ray.init(address=cluster.address, log_to_driver=False)
        cluster.wait_for_nodes()
        yield cluster
        ray.shutdown()
        cluster.shutdown()


@pytest.fixture(scope="module")
def local_run(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """The batch made on this machine, as the reference."""
    folder = tmp_path_factory.mktemp("local")
    digests = _digests(folder / "digests")
    result = _make(str(digests), "-o", str(folder / "out"))
    assert result.exit_code == 0, result.output
    return digests, _files(folder / "out")


def test_a_batch_on_the_cluster_is_byte_identical_to_a_local_one(ray_cluster, local_run, tmp_path: Path) -> None:
    digests, expected = local_run
    result = _make(str(digests), str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out"), "--cluster", ray_cluster.address)
    assert result.exit_code == 1  # the missing digest fails alone
    rows = result.stdout.splitlines()
    assert [row.split()[:2] for row in rows[1:-1]] == [[p.name, "made"] for p in sorted(digests.iterdir())] + [["missing.txt", "failed"]]
    assert rows[-1] == "4 digests: 3 made, 1 failed"
    assert len(expected) == 18  # audio, chapters, transcripts, cover and script of each
    assert _files(tmp_path / "out") == expected


def test_piper_on_the_cluster_speaks_the_same_bytes_as_here(ray_cluster, tmp_path: Path) -> None:
    digest = next(iter(sorted(_digests(tmp_path / "digests").iterdir())))
    here = _make(str(digest), "-o", str(tmp_path / "here"), engine="piper")
    there = _make(str(digest), "-o", str(tmp_path / "there"), "--cluster", ray_cluster.address, engine="piper")
    assert (here.exit_code, there.exit_code) == (0, 0), here.output + there.output
    assert _files(tmp_path / "there") == _files(tmp_path / "here")


def _when_clips_appear(clips: Path, act: Callable[[], None]) -> None:
    """Run `act` once the first clip of the batch is in the cache (the batch is under way), or give up after two minutes."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any(clips.glob("*/*.wav")):
            act()
            return
        time.sleep(0.05)


def _kill_a_speech_actor(cluster, killed: list[int]) -> None:
    """SIGKILL one speech actor of `cluster` (not one of another Ray running on this machine)."""
    import psutil

    raylets = {info.process.pid for node in [cluster.head_node, *cluster.worker_nodes] for info in node.all_processes["raylet"]}
    for process in psutil.process_iter(["pid", "cmdline"]):
        if not any("SpeechActor" in part for part in process.info["cmdline"] or []):
            continue
        with contextlib.suppress(psutil.Error):
            if any(parent.pid in raylets for parent in process.parents()):
                process.kill()
                killed.append(process.pid)
                return


def test_a_speech_worker_killed_mid_batch_is_retried_and_the_bytes_are_the_same(ray_cluster, local_run, tmp_path: Path) -> None:
    digests, expected = local_run
    out = tmp_path / "out"
    config = Config(voice=VoiceConfig(engine="pyttsx3"), cluster=ClusterConfig(ray_cluster.address), output_dir=out)
    killed: list[int] = []
    killer = threading.Thread(target=_when_clips_appear, args=(out / ".cache" / "clips", lambda: _kill_a_speech_actor(ray_cluster, killed)))
    killer.start()
    items = make_batch(sorted(digests.iterdir()), config, dt.date.fromisoformat(DATE))
    killer.join()
    assert killed, "no speech actor was running to kill"
    assert [item.error for item in items] == ["", "", ""]
    assert _files(out) == expected


def test_a_node_lost_mid_batch_has_its_work_redone_elsewhere_and_the_bytes_are_the_same(ray_cluster, local_run, tmp_path: Path) -> None:
    digests, expected = local_run
    out = tmp_path / "out"
    doomed = ray_cluster.add_node(num_cpus=1)
    ray_cluster.wait_for_nodes()
    config = Config(voice=VoiceConfig(engine="pyttsx3"), cluster=ClusterConfig(ray_cluster.address), output_dir=out)
    lost = threading.Thread(
        target=_when_clips_appear, args=(out / ".cache" / "clips", lambda: ray_cluster.remove_node(doomed, allow_graceful=False))
    )
    lost.start()
    items = make_batch(sorted(digests.iterdir()), config, dt.date.fromisoformat(DATE))
    lost.join()
    assert doomed not in ray_cluster.worker_nodes, "the batch ended before the node could be lost"
    assert [item.error for item in items] == ["", "", ""]
    assert _files(out) == expected


def test_without_ray_the_cluster_option_says_how_to_install_it(local_run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as if the extra were not installed
    digests, _ = local_run
    result = _make(str(next(digests.iterdir())), "-o", str(tmp_path / "out"), "--cluster", "local")
    assert (result.exit_code, result.stderr) == (1, "Error: --cluster (or [cluster] address) needs Ray; install it with: pip install 'roundup-podcast[cluster]'\n")


def test_an_address_where_no_cluster_answers_is_one_error_line(local_run, tmp_path: Path) -> None:
    from publishing import free_port

    digests, _ = local_run
    address = f"127.0.0.1:{free_port()}"
    result = _make(str(next(digests.iterdir())), "-o", str(tmp_path / "out"), "--cluster", address)
    assert (result.exit_code, result.stderr) == (
        1, f"Error: cannot reach the Ray cluster at {address}: Connection refused; check --cluster or [cluster] address\n"
    )


def test_a_batch_on_the_cluster_into_shared_storage_lands_the_same_bytes(ray_cluster, local_run, s3_env, postgres, tmp_path: Path) -> None:
    """The whole many-machine shape at once: Ray makes, S3 holds output and caches, PostgreSQL the catalog."""
    import feedparser

    digests, expected = local_run
    s3_env.bucket("newsroom")
    config = tmp_path / "podcast.toml"
    config.write_text(f'catalog = "{postgres.database()}"\n[show]\nbase_url = "https://example.com/news/"\n')
    result = _make(str(digests), "-o", "s3://newsroom/out", "--cluster", ray_cluster.address, "--config", str(config), "--publish")
    assert result.exit_code == 0, result.output
    objects = s3_env.objects("newsroom")
    assert {key.removeprefix("out/"): data for key, data in objects.items() if key.count("/") == 1} == expected
    assert any(key.startswith("out/.cache/clips/") for key in objects)
    assert len(feedparser.parse(objects["out/site/feed.xml"]).entries) == len(SHOWS)
