"""After an upload: a WebSub publish ping and a Podping-style call, sent to a real local HTTP server."""

from __future__ import annotations

import urllib.parse

from lxml import etree

from publishing import publish_cli, show_at

ATOM = "{http://www.w3.org/2005/Atom}"


def test_hub_and_podping_hear_of_a_changed_feed_once(published_show, http_recorder, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PODPING_TOKEN", "token-123")
    hub, ping = http_recorder.url + "hub", http_recorder.url + "ping?host=ours"
    base = "https://example.com/podcast/"
    show = show_at(published_show, tmp_path / "show", base, websub_hub=hub, podping_url=ping)
    log = publish_cli(show, "--to", str(tmp_path / "docroot"))
    assert "Notified WebSub hub" in log and "Notified Podping" in log and "token-123" not in log

    channel = etree.fromstring((tmp_path / "docroot" / "feed.xml").read_bytes()).find("channel")
    links = {link.get("rel"): link.get("href") for link in channel.findall(f"{ATOM}link")}
    assert links == {"self": base + "feed.xml", "hub": hub}
    websub, podping = http_recorder.requests
    assert (websub.method, websub.path) == ("POST", "/hub")
    assert urllib.parse.parse_qs(websub.body.decode()) == {"hub.mode": ["publish"], "hub.url": [base + "feed.xml"]}
    assert websub.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert podping.method == "GET" and podping.headers["Authorization"] == "token-123"
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(podping.path).query)
    assert query == {"host": ["ours"], "url": [base + "feed.xml"], "reason": ["update"], "medium": ["podcast"]}

    publish_cli(show, "--to", str(tmp_path / "docroot"))  # nothing changed: nobody is told again
    assert len(http_recorder.requests) == 2


def test_a_failing_hub_is_a_warning_not_a_failed_publish(published_show, http_recorder, tmp_path) -> None:
    http_recorder.status = 500
    show = show_at(published_show, tmp_path / "show", "https://example.com/podcast/", websub_hub=http_recorder.url)
    log = publish_cli(show, "--to", str(tmp_path / "docroot"))
    assert f"Warning: WebSub hub {http_recorder.url} answered HTTP 500" in log
    assert (tmp_path / "docroot" / "feed.xml").exists()


def test_a_slow_hub_is_cut_off_by_the_timeout(published_show, http_recorder, tmp_path) -> None:
    http_recorder.delay = 5.0
    show = show_at(
        published_show, tmp_path / "show", "https://example.com/podcast/", podping_url=http_recorder.url, notify_timeout=0.5
    )
    log = publish_cli(show, "--to", str(tmp_path / "docroot"))  # the hub would have answered 204 after 5 s
    assert "Notified" not in log and "Warning: Podping" in log and "timed out" in log and "raise notify_timeout (0.5 s)" in log


def test_no_notification_is_configured_by_default(published_show, tmp_path) -> None:
    show = show_at(published_show, tmp_path / "show", "https://example.com/podcast/")
    log = publish_cli(show, "--to", str(tmp_path / "docroot"))
    assert "Notified" not in log and "Warning: WebSub" not in log
    assert b'rel="hub"' not in (tmp_path / "docroot" / "feed.xml").read_bytes()
