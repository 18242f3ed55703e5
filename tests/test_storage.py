"""Shared storage: an output and its caches at an S3 URL, on moto's real S3 API server, read back.

A second machine is another home folder (so another working copy of the output);
the tone engine stands in for speech where its content does not matter.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import feedparser
from audio_checks import chapters, levels
from conftest import TONE
from servers import free_port
from spawned import entry, store_many
from typer.testing import CliRunner

from podcast.cli import app
from podcast.config import PublishConfig
from podcast.object_cache import open_object_caches, packed, unpacked
from publishing import write_show

DATE = "2026-11-25"
STEM = f"{DATE}-morning-brief"


def _make(digest: Path, output: str, *extra: str):
    result = CliRunner().invoke(app, ["make", str(digest), "--output", output, "--date", DATE, *TONE, *extra])
    return result


def _on_another_machine(monkeypatch, tmp_path: Path, name: str) -> None:
    """Go on as a machine that has made nothing yet: its own home, so its own working copy."""
    home = tmp_path / name
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))


def _cache_objects(s3, bucket: str, *kinds: str) -> dict[str, tuple[str, object]]:
    """Each cache object of `kinds` → (ETag, LastModified): a stored entry changes its LastModified."""
    listed = s3.client().list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: (o["ETag"], o["LastModified"]) for o in listed if any(f"/.cache/{k}/" in o["Key"] for k in kinds)}


def test_make_to_s3_sends_the_episode_its_side_files_and_its_caches(s3_env, short_digest, tmp_path) -> None:
    s3_env.bucket("shared")
    result = _make(short_digest, "s3://shared/show")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"s3://shared/show/{STEM}.mp3"

    objects = s3_env.objects("shared")
    episode = {key.removeprefix("show/"): data for key, data in objects.items() if "/.cache/" not in key}
    assert {f"{STEM}.mp3", f"{STEM}.chapters.json", f"{STEM}.vtt", f"{STEM}.srt", f"{STEM}.script.json"} <= set(episode)
    back = tmp_path / "back.mp3"
    back.write_bytes(episode[f"{STEM}.mp3"])
    marks = json.loads(episode[f"{STEM}.chapters.json"])["chapters"]
    assert len(chapters(back)) == len(marks) >= 4  # the real MP3, decoded, with its chapters
    loud = levels(back) > -50
    assert loud.mean() > 0.5  # sound, not silence
    assert len(loud) * 0.01 > marks[-1]["startTime"]
    for kind in ("clips", "pieces", "episodes"):
        entries = [data for key, data in objects.items() if f"show/.cache/{kind}/" in key]
        assert entries and all(unpacked(data) is not None for data in entries), kind

    info = CliRunner().invoke(app, ["cache", "info", "--output", "s3://shared/show"])
    assert info.exit_code == 0, info.output
    assert "s3://shared/show/.cache/clips" in info.stdout and "Clips:" in info.stdout
    clear = CliRunner().invoke(app, ["cache", "clear", "--output", "s3://shared/show"])
    assert clear.exit_code == 0 and clear.stdout.startswith("Removed "), clear.output
    assert not _cache_objects(s3_env, "shared", "clips", "pieces", "episodes")
    assert f"show/{STEM}.mp3" in s3_env.objects("shared")  # the episode stays


def test_a_second_make_on_another_machine_is_served_from_the_s3_cache(s3_env, short_digest, tmp_path, monkeypatch) -> None:
    s3_env.bucket("warm")
    first = _make(short_digest, "s3://warm/show")
    assert first.exit_code == 0, first.output
    audio = s3_env.objects("warm")[f"show/{STEM}.mp3"]
    made = _cache_objects(s3_env, "warm", "clips", "pieces")
    time.sleep(1.1)  # a stored entry would now show a later LastModified

    _on_another_machine(monkeypatch, tmp_path, "machine-b")
    second = _make(short_digest, "s3://warm/show", "--json")
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout)["path"] == f"s3://warm/show/{STEM}.mp3"
    assert _cache_objects(s3_env, "warm", "clips", "pieces") == made  # every clip and piece read, none made again
    assert s3_env.objects("warm")[f"show/{STEM}.mp3"] == audio


def test_concurrent_writers_of_one_key_both_land_and_readers_see_a_whole_entry(s3_env) -> None:
    s3_env.bucket("race")
    url, key = "s3://race/show", "ab" + "0" * 62
    sizes = {1: 1_500_000, 2: 2_500_000}
    contents = [entry(seed, size) for seed, size in sizes.items()]
    spawn = multiprocessing.get_context("spawn")
    writers = [spawn.Process(target=store_many, args=(url, key, seed, size, 8)) for seed, size in sizes.items()]
    for writer in writers:
        writer.start()
    reader = open_object_caches(url, 1024, PublishConfig()).clips
    seen = []
    deadline = time.monotonic() + 120
    while any(writer.is_alive() for writer in writers) and time.monotonic() < deadline:
        if reader.read(key) is not None:
            seen.append(reader.path(key).read_bytes())
    for writer in writers:
        writer.join(timeout=120)
        assert writer.exitcode == 0
    assert seen and all(data in contents for data in seen)
    stored = s3_env.objects("race")[f"show/.cache/clips/ab/{key}.wav"]
    assert unpacked(stored) is not None and unpacked(stored)[0] in contents
    assert reader.read(key) == {} and reader.path(key).read_bytes() in contents


def test_a_truncated_cache_object_is_detected_and_made_again(s3_env, short_digest, tmp_path, monkeypatch) -> None:
    s3_env.bucket("cut")
    first = _make(short_digest, "s3://cut/show")
    assert first.exit_code == 0, first.output
    audio = s3_env.objects("cut")[f"show/{STEM}.mp3"]
    client = s3_env.client()
    cut = [sorted(_cache_objects(s3_env, "cut", kind))[0] for kind in ("clips", "pieces")]
    for key in cut:
        whole = client.get_object(Bucket="cut", Key=key)["Body"].read()
        client.put_object(Bucket="cut", Key=key, Body=whole[: len(whole) // 2])

    _on_another_machine(monkeypatch, tmp_path, "machine-b")  # its pieces come from the cache too
    second = _make(short_digest, "s3://cut/show")
    assert second.exit_code == 0, second.output
    objects = s3_env.objects("cut")
    for key in cut:
        assert unpacked(objects[key]) is not None, key
    assert objects[f"show/{STEM}.mp3"] == audio


def test_the_working_copies_go_when_the_caches_are_closed(s3_env) -> None:
    """Entries at a URL are read and made in local working copies, removed when the caches close
    (as every make and cache command does), not when the garbage collector gets to them."""
    s3_env.bucket("closing")
    with open_object_caches("s3://closing/show", 1024, PublishConfig()) as caches:
        made = caches.clips.scratch("ab" * 32)
        made.write_bytes(b"RIFF")
        local = caches.clips.store("ab" * 32, made)
        assert local.is_file()
    assert not local.exists() and not caches.clips.local.exists()
    assert any("/.cache/clips/" in key for key in s3_env.objects("closing"))


def test_a_damaged_or_foreign_object_is_never_taken_for_an_entry() -> None:
    entry = packed(b"RIFF" * 100, {"seconds": 1.5})
    assert unpacked(entry) == (b"RIFF" * 100, {"seconds": 1.5})
    assert unpacked(entry[:-1]) is None
    assert unpacked(entry[:-1] + b"X") is None
    assert unpacked(b"RIFF" * 100) is None
    assert unpacked(b"") is None


def _one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def test_bad_output_urls_are_one_line_errors_before_any_audio(s3_env, short_digest, tmp_path) -> None:
    missing = _one_error_line(_make(short_digest, "s3://no-such-bucket/show"))
    assert missing.startswith("Error: cannot write to output s3://no-such-bucket/show: ")
    assert "no-such-bucket" not in {b["Name"] for b in s3_env.client().list_buckets()["Buckets"]}
    assert "unknown scheme 'ftp'" in _one_error_line(_make(short_digest, "ftp://host/show"))
    assert "names another machine" in _one_error_line(_make(short_digest, "file://otherhost/show"))
    assert "names no bucket" in _one_error_line(_make(short_digest, "s3://"))
    assert "holds a password" in _one_error_line(_make(short_digest, "sftp://ann:secret@host/show"))
    nobody = tmp_path / "podcast.toml"
    nobody.write_text(f'[publish]\nendpoint_url = "http://127.0.0.1:{free_port()}"\n')
    down = _one_error_line(_make(short_digest, "s3://shared/show", "--config", str(nobody)))
    assert down.startswith("Error: cannot write to output s3://shared/show: Could not connect")
    assert not Path("output").exists()


def test_a_batch_names_each_episode_by_its_url(s3_env, short_digest, tmp_path) -> None:
    s3_env.bucket("batch")
    folder = tmp_path / "digests"
    folder.mkdir()
    (folder / "morning.txt").write_text(short_digest.read_text())
    (folder / "evening.txt").write_text(short_digest.read_text().replace("Morning Brief", "Evening Brief"))
    result = _make(folder, "s3://batch/show")
    assert result.exit_code == 0, result.output
    for show in ("evening-brief", "morning-brief"):
        assert f"s3://batch/show/{DATE}-{show}.mp3" in result.stdout
        assert f"show/{DATE}-{show}.mp3" in s3_env.objects("batch")


def test_file_url_is_the_plain_folder(short_digest, tmp_path) -> None:
    result = _make(short_digest, f"file://{tmp_path / 'out'}")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(tmp_path / "out" / f"{STEM}.mp3")
    assert (tmp_path / "out" / ".cache" / "clips").is_dir()


def test_publishing_an_s3_output_needs_a_shared_catalog(s3_env, short_digest, tmp_path) -> None:
    s3_env.bucket("solo")
    config = write_show(tmp_path / "show", "https://example.com/podcast/")
    line = _one_error_line(_make(short_digest, "s3://solo/show", "--config", str(config), "--publish"))
    assert line == (
        "Error: the SQLite catalog cannot live at s3://solo/show: publishing to an output at a URL needs a shared "
        'catalog; set catalog = "postgresql://user@host/db" in podcast.toml'
    )
    assert not s3_env.objects("solo")


def test_two_machines_publish_one_show_at_an_s3_url(s3_env, postgres, short_digest, tmp_path, monkeypatch) -> None:
    s3_env.bucket("newsroom")
    config = write_show(tmp_path / "show", "https://example.com/podcast/")
    shared = f'output_dir = "s3://newsroom/show"\ncatalog = "{postgres.database()}"'
    config.write_text(config.read_text().replace('output_dir = "output"', shared, 1))
    dates = ["2026-11-24", "2026-11-25"]
    for machine, date in zip(("machine-a", "machine-b"), dates):
        _on_another_machine(monkeypatch, tmp_path, machine)
        result = CliRunner().invoke(app, ["make", str(short_digest), "--config", str(config), "--date", date, "--publish", *TONE])
        assert result.exit_code == 0, result.output

    objects = s3_env.objects("newsroom")
    feed = feedparser.parse(objects["show/site/feed.xml"])
    assert len(feed.entries) == 2  # machine B's site lists machine A's episode: it fetched its files
    for entry, date in zip(feed.entries, reversed(dates)):
        href = entry.enclosures[0].href
        assert href.startswith("https://example.com/podcast/media/")
        site_copy = objects["show/site/" + href.removeprefix("https://example.com/podcast/")]
        assert site_copy == objects[f"show/{date}-morning-brief.mp3"]
        assert int(entry.enclosures[0].length) == len(site_copy)
