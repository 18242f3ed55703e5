"""`publish --to`: real uploads to an S3 API server, an SFTP server and a folder, read back.

The show is the session's real three-episode show, copied and pointed at the target's
public URL; a fourth real episode is made where a test needs a change.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import feedparser
import pytest
from conftest import TONE
from typer.testing import CliRunner

from podcast.cli import app
from podcast.publish.content_types import IMMUTABLE, SHORT, content_type
from podcast.publish.upload import MANIFEST_NAME
from publishing import DATES, PublishedShow, cli_command, make_published, publish_cli, show_at

NEW_DATE = "2026-11-26"


def _sent(log: str) -> list[str]:
    return re.findall(r"^  sent (\S+) ", log, flags=re.M)


def _uploaded(log: str) -> tuple[int, int]:
    found = re.search(r"Uploaded (\d+) files? \([\d.]+ MB, (\d+) bytes\)", log)
    assert found, log
    return int(found.group(1)), int(found.group(2))


def site_manifest(site: Path) -> dict[str, str]:
    """The site's files → SHA-256, read afresh by the test."""
    files = sorted(p for p in site.rglob("*") if p.is_file())
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _site(show: PublishedShow) -> Path:
    return (show.output / "site").resolve()


def test_s3_upload_sends_every_file_with_its_headers_then_only_what_changed(published_show, s3_env, tmp_path) -> None:
    base = s3_env.bucket("first-upload", public=True) + "pod/"
    show = show_at(published_show, tmp_path / "show", base)
    first = publish_cli(show, "--to", "s3://first-upload/pod/")
    site = _site(show)
    local = site_manifest(site)
    assert _uploaded(first) == (len(local), sum((site / p).stat().st_size for p in local))
    sent = _sent(first)
    assert sent[-2:] == ["index.html", "feed.xml"]  # the commit point comes last
    assert all(p.startswith("media/") for p in sent[: sum(1 for p in local if p.startswith("media/"))])

    client = s3_env.client()
    objects = s3_env.objects("first-upload")
    assert set(objects) == {f"pod/{p}" for p in local} | {f"pod/{MANIFEST_NAME}"}
    for path in local:
        assert objects[f"pod/{path}"] == (site / path).read_bytes(), path
        head = client.head_object(Bucket="first-upload", Key=f"pod/{path}")
        assert head["ContentType"] == content_type(path), path
        assert head["CacheControl"] == (IMMUTABLE if path.startswith("media/") else SHORT), path
    types = {content_type(p) for p in local}
    assert {"audio/mpeg", "application/rss+xml", "text/vtt", "application/x-subrip", "application/json+chapters",
            "image/jpeg", "text/html; charset=utf-8"} <= types
    assert json.loads(objects[f"pod/{MANIFEST_NAME}"])["files"] == local

    again = publish_cli(show, "--to", "s3://first-upload/pod/")
    assert _sent(again) == [] and _uploaded(again) == (0, 0)
    assert f"{len(local)} unchanged, 0 deleted" in again


def test_a_new_episode_sends_only_its_files_and_what_lists_it(published_show, s3_env, tmp_path, short_digest, monkeypatch) -> None:
    base = s3_env.bucket("new-episode", public=True)
    monkeypatch.delenv("AWS_ENDPOINT_URL")  # the endpoint from podcast.toml instead
    show = show_at(published_show, tmp_path / "show", base, target="s3://new-episode/", endpoint_url=s3_env.endpoint)
    publish_cli(show)
    before = site_manifest(_site(show))
    result = CliRunner().invoke(app, ["make", str(short_digest), "--date", NEW_DATE, "--config", str(show.config), "--publish", *TONE])
    assert result.exit_code == 0, result.output
    after = site_manifest(_site(show))
    changed = sorted(p for p in after if before.get(p) != after[p])
    sent = _sent(result.stderr)
    assert sorted(sent) == changed
    new_media = [p for p in changed if p.startswith("media/")]
    assert {Path(p).name for p in new_media} >= {f"{NEW_DATE}-morning-brief.mp3", f"{NEW_DATE}-morning-brief.vtt"}
    assert all(NEW_DATE in p for p in new_media)
    assert {"feed.xml", "index.html", f"episodes/{NEW_DATE}-morning-brief.html"} <= set(sent)
    assert len(sent) < len(after) / 2
    objects = s3_env.objects("new-episode")
    assert {k for k in objects if k != MANIFEST_NAME} == set(after)


def test_removed_episode_files_go_after_the_feed_stops_listing_them(published_show, s3_env, tmp_path) -> None:
    base = s3_env.bucket("removal", public=True)
    show = show_at(published_show, tmp_path / "show", base, target="s3://removal/")
    publish_cli(show)
    gone = [p for p in site_manifest(_site(show)) if DATES[0] in p]
    assert len(gone) >= 4  # audio, chapters, transcripts, page
    result = CliRunner().invoke(app, ["episodes", "remove", DATES[0], "--config", str(show.config)])
    assert result.exit_code == 0, result.output
    log = publish_cli(show)
    assert f"{len(gone)} deleted" in log
    objects = s3_env.objects("removal")
    assert not [k for k in objects if DATES[0] in k]
    feed = feedparser.parse(objects["feed.xml"])
    assert len(feed.entries) == 2
    assert set(json.loads(objects[MANIFEST_NAME])["files"]) == set(site_manifest(_site(show)))


def test_sftp_upload_lands_every_file_and_resends_nothing(published_show, sftp, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(sftp.home))  # the client's key and known_hosts, as ssh keeps them
    show = show_at(published_show, tmp_path / "show", "https://example.com/podcast/")
    first = publish_cli(show, "--to", sftp.url("www/podcast/"))
    site = _site(show)
    local = site_manifest(site)
    assert _uploaded(first)[0] == len(local)
    landed = sftp.root / "www" / "podcast"
    for path in local:
        assert (landed / path).read_bytes() == (site / path).read_bytes(), path
    assert not [p for p in landed.rglob("*.part")]
    assert _uploaded(publish_cli(show, "--to", sftp.url("www/podcast/"))) == (0, 0)


def test_folder_upload_and_removal_leave_no_empty_folders(published_show, tmp_path) -> None:
    show = show_at(published_show, tmp_path / "show", "https://example.com/podcast/")
    docroot = tmp_path / "docroot"
    publish_cli(show, "--to", str(docroot))
    assert sorted(str(p.relative_to(docroot)) for p in docroot.rglob("*") if p.is_file()) == sorted(
        [MANIFEST_NAME, *site_manifest(_site(show))]
    )
    CliRunner().invoke(app, ["episodes", "remove", DATES[0], "--config", str(show.config)])
    publish_cli(show, "--to", f"file://{docroot}")
    assert not [p for p in docroot.rglob("*") if p.is_dir() and not any(p.iterdir())]
    assert not [p for p in docroot.rglob("*") if DATES[0] in p.name]


def test_killed_upload_keeps_the_live_feed_and_the_next_run_completes(published_show, slow_sftp, tmp_path, short_digest) -> None:
    show = show_at(published_show, tmp_path / "show", "https://example.com/podcast/")
    env = {**os.environ, "HOME": str(slow_sftp.home)}
    command = cli_command("publish", "--config", str(show.config), "--to", slow_sftp.url("www/"))
    done = subprocess.run(command, env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    landed = slow_sftp.root / "www"
    live_feed = (landed / "feed.xml").read_bytes()
    before = site_manifest(_site(show))
    make_published(show.config, short_digest, NEW_DATE)  # a new episode: the target is left behind
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env, text=True)
    line = process.stderr.readline()
    while line and not line.startswith("  sent "):
        line = process.stderr.readline()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert line.startswith("  sent media/"), line
    assert (landed / "feed.xml").read_bytes() == live_feed  # listeners still see the old feed ...
    for entry in feedparser.parse(live_feed).entries:  # ... and every file it names
        path = landed / entry.enclosures[0].href.removeprefix("https://example.com/podcast/")
        assert path.stat().st_size == int(entry.enclosures[0].length)

    done = subprocess.run(command, env=env, capture_output=True, timeout=300, text=True)
    assert done.returncode == 0, done.stderr
    site = _site(show)
    local = site_manifest(site)
    files = {p.relative_to(landed).as_posix() for p in landed.rglob("*") if p.is_file()}
    assert files == set(local) | {MANIFEST_NAME}  # nothing missing, nothing stale, no half-written part left
    assert all((landed / p).read_bytes() == (site / p).read_bytes() for p in local)
    assert json.loads((landed / MANIFEST_NAME).read_bytes())["files"] == local
    assert set(_sent(done.stderr)) <= {p for p in local if before.get(p) != local[p]}  # nothing unchanged is sent


def test_gpo_subscribes_to_the_s3_feed_and_downloads_every_episode(published_show, s3_env, tmp_path) -> None:
    from publishing import require_tool, tool_environment

    gpo = require_tool("gpo", "gpodder")
    base = s3_env.bucket("gpodder", public=True) + "show/"
    show = show_at(published_show, tmp_path / "show", base)
    publish_cli(show, "--to", "s3://gpodder/show/")
    env = tool_environment(tmp_path / "gpodder")

    def run(*args: str) -> str:
        done = subprocess.run([gpo, *args], env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    run("subscribe", base + "feed.xml")
    assert "3 new episodes" in run("update")
    assert "3 episodes downloaded." in run("download", base + "feed.xml")
    downloads = sorted((tmp_path / "gpodder" / "downloads").rglob("*.mp3"))
    assert [p.name for p in downloads] == [f"{d}-morning-brief.mp3" for d in DATES]
    for path in downloads:
        assert path.read_bytes() == (show.output / path.name).read_bytes()


def test_missing_backend_names_the_extra_to_install(published_show, tmp_path, monkeypatch) -> None:
    import sys

    show = show_at(published_show, tmp_path / "show", "https://example.com/podcast/")
    monkeypatch.setitem(sys.modules, "sshfs", None)  # as if the [sftp] extra were not installed
    result = CliRunner().invoke(app, ["publish", "--config", str(show.config), "--to", "sftp://ann@example.com/www/"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: uploading to sftp needs the [sftp] extra; install it with: pip install 'roundup-podcast[sftp]'"
    )


def test_credentials_stay_out_of_the_config_and_the_output(published_show, tmp_path) -> None:
    show = show_at(published_show, tmp_path / "show", "https://example.com/podcast/", target="sftp://ann:hunter2@127.0.0.1:1/www/")
    result = CliRunner().invoke(app, ["publish", "--config", str(show.config)])
    assert result.exit_code == 1 and "hunter2" not in result.output
    assert "[publish] target holds a password" in result.stderr
    clean = show_at(published_show, tmp_path / "clean", "https://example.com/podcast/")
    result = CliRunner().invoke(app, ["publish", "--config", str(clean.config), "--to", "sftp://ann:hunter2@127.0.0.1:1/www/"])
    assert result.exit_code == 1 and "hunter2" not in result.output
    assert "Error: cannot open sftp://ann:***@127.0.0.1:1/www/: " in result.stderr


def test_a_missing_bucket_is_an_error_not_created(published_show, s3_env, tmp_path) -> None:
    show = show_at(published_show, tmp_path / "show", "https://example.com/podcast/")
    result = CliRunner().invoke(app, ["publish", "--config", str(show.config), "--to", "s3://no-such-bucket/pod/"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: upload to s3://no-such-bucket/pod/ failed: ")
    assert "no-such-bucket" not in [b["Name"] for b in s3_env.client().list_buckets()["Buckets"]]


def test_a_batch_uploads_once_after_its_last_episode(published_show, tmp_path, short_digest) -> None:
    from conftest import TONE

    show = show_at(published_show, tmp_path / "show", "https://example.com/podcast/")
    folder = tmp_path / "digests"
    folder.mkdir()
    for day in ("27", "28"):
        text = short_digest.read_text().replace("Chips and Trains", f"Chips {day}")
        (folder / f"brief-{day}.txt").write_text(f"Date: 2026-11-{day}\n{text}", encoding="utf-8")
    docroot = tmp_path / "docroot"
    result = CliRunner().invoke(app, ["make", str(folder), "--config", str(show.config), "--publish", "--to", str(docroot), *TONE])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Uploaded ") == 1
    feed = feedparser.parse((docroot / "feed.xml").read_bytes())
    assert len(feed.entries) == 5 and {"Chips 27", "Chips 28"} <= {e.title for e in feed.entries}
    site = _site(show)
    assert all((docroot / p).read_bytes() == (site / p).read_bytes() for p in site_manifest(site))


def test_make_to_without_publish_is_refused_before_any_audio(short_digest, tmp_path) -> None:
    result = CliRunner().invoke(app, ["make", str(short_digest), "--to", str(tmp_path / "www"), "-o", str(tmp_path / "out")])
    assert (result.exit_code, result.stderr) == (1, "Error: --to uploads the published site; add --publish\n")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("bad", ["ftp://host/x/", "gopher://x/"])
def test_unknown_target_scheme_lists_the_kinds(published_show, tmp_path, bad) -> None:
    show = show_at(published_show, tmp_path / "show", "https://example.com/podcast/")
    result = CliRunner().invoke(app, ["publish", "--config", str(show.config), "--to", bad])
    assert result.exit_code == 1
    assert "unknown scheme" in result.stderr and "s3://bucket/podcast/" in result.stderr and "Traceback" not in result.output


def test_new_timestamps_send_nothing(published_show, tmp_path) -> None:
    """The manifest, not the clock, decides: touching every file sends nothing."""
    show = show_at(published_show, tmp_path / "show", "https://example.com/podcast/")
    docroot = tmp_path / "docroot"
    publish_cli(show, "--to", str(docroot))
    now = time.time() + 60
    for path in (show.output).glob("*.mp3"):
        os.utime(path, (now, now))
    assert _uploaded(publish_cli(show, "--to", str(docroot))) == (0, 0)
