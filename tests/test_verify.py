"""`publish --verify` against real hosts: the S3 test server, `serve`, and a server that ignores Range."""

from __future__ import annotations

import contextlib
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from typer.testing import CliRunner

from podcast.cli import app
from publishing import DATES, publish_cli, served, show_at


def _verify(config: Path, *args: str):
    return CliRunner().invoke(app, ["publish", "--verify", *args, "--config", str(config)])


def _rows(output: str) -> dict[str, str]:
    """Check → ok/FAIL from the printed table."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Check "))
    rows = {}
    for line in lines[start + 1:]:
        cells = line.split("  ")
        cells = [c.strip() for c in cells if c.strip()]
        if len(cells) >= 3 and cells[1] in ("ok", "FAIL"):
            rows[cells[0]] = cells[1]
    return rows


def test_verify_accepts_the_feed_uploaded_to_s3(published_show, s3_env, tmp_path) -> None:
    base = s3_env.bucket("verify-good", public=True) + "pod/"
    show = show_at(published_show, tmp_path / "show", base)
    publish_cli(show, "--to", "s3://verify-good/pod/")
    result = _verify(show.config)
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    per_episode = ["audio", "cover", "chapters", "transcript vtt", "transcript srt"]
    assert set(rows) == {"feed", "show cover", *(f"{kind} {d}" for kind in per_episode for d in DATES)}
    assert set(rows.values()) == {"ok"}
    assert f"206 bytes 0-1/{(show.output / f'{DATES[0]}-morning-brief.mp3').stat().st_size} audio/mpeg" in result.stdout
    assert result.stdout.strip().endswith(f"{len(rows)} checks: {len(rows)} ok, 0 failed")


def test_verify_names_each_broken_file_and_its_fix(published_show, s3_env, tmp_path) -> None:
    base = s3_env.bucket("verify-bad", public=True)
    show = show_at(published_show, tmp_path / "show", base)
    publish_cli(show, "--to", "s3://verify-bad/")
    client = s3_env.client()
    keys = [k for k in s3_env.objects("verify-bad")]
    missing = next(k for k in keys if k.endswith(f"{DATES[0]}-morning-brief.mp3"))
    client.delete_object(Bucket="verify-bad", Key=missing)
    short = next(k for k in keys if k.endswith(f"{DATES[1]}-morning-brief.mp3"))
    client.put_object(Bucket="verify-bad", Key=short, Body=b"ID3 cut short", ContentType="audio/mpeg")
    plain = next(k for k in keys if k.endswith(f"{DATES[2]}-morning-brief.vtt"))
    client.put_object(Bucket="verify-bad", Key=plain, Body=b"WEBVTT\n", ContentType="text/plain")

    result = _verify(show.config, base + "feed.xml")
    assert result.exit_code == 1
    rows = _rows(result.stdout)
    failed = {check for check, verdict in rows.items() if verdict == "FAIL"}
    assert failed == {f"audio {DATES[0]}", f"audio {DATES[1]}", f"transcript vtt {DATES[2]}"}
    size = (show.output / f"{DATES[1]}-morning-brief.mp3").stat().st_size
    assert f"audio {DATES[1]}: is 13 bytes but the feed says {size}; fix: publish --to again" in result.stdout
    assert f"transcript vtt {DATES[2]}: Content-Type is text/plain, not text/vtt; fix: serve it as text/vtt" in result.stdout
    assert f"audio {DATES[0]}: HTTP 4" in result.stdout and "make it public-read" in result.stdout


@contextlib.contextmanager
def _plain_server(folder: Path, port: int):
    """The standard library's file server: answers GET, ignores Range."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


def test_verify_refuses_a_host_that_ignores_range(published_show) -> None:
    with _plain_server((published_show.output / "site").resolve(), published_show.port):
        result = _verify(published_show.config)
    assert result.exit_code == 1
    rows = _rows(result.stdout)
    assert rows["feed"] == "ok" and {v for k, v in rows.items() if k.startswith("audio")} == {"FAIL"}
    assert "the server ignores Range (200, not 206); fix: serve media from a host that honours byte ranges" in result.stdout


def test_verify_accepts_roundup_serve(published_show) -> None:
    with served(published_show.config, published_show.port):
        result = _verify(published_show.config)
    assert result.exit_code == 0, result.output
    assert set(_rows(result.stdout).values()) == {"ok"}


def test_verify_catches_a_feed_served_away_from_its_base_url(published_show, s3_env, tmp_path) -> None:
    base = s3_env.bucket("verify-moved", public=True)
    show = show_at(published_show, tmp_path / "show", "https://example.com/podcast/")
    publish_cli(show, "--to", "s3://verify-moved/")
    result = _verify(show.config, base + "feed.xml")
    assert result.exit_code == 1
    assert f"says its own URL is https://example.com/podcast/feed.xml, not {base}feed.xml; set [show] base_url" in result.stdout


def test_verify_of_an_unreachable_host_says_so(published_show, tmp_path) -> None:
    from servers import free_port

    result = _verify(published_show.config, f"http://127.0.0.1:{free_port()}/feed.xml")
    assert result.exit_code == 1
    assert "feed: cannot be fetched" in result.stdout and "Traceback" not in result.output


def test_a_feed_url_without_verify_is_an_error(published_show) -> None:
    result = CliRunner().invoke(app, ["publish", "https://example.com/feed.xml", "--config", str(published_show.config)])
    assert result.exit_code == 1 and "only read with --verify" in result.stderr
