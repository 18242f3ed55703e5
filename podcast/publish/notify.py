"""Tell podcast apps a feed changed: a WebSub publish ping and a Podping-style call.

Both are off unless configured ([publish] websub_hub, podping_url), both are bounded by
[publish] notify_timeout, and a failure is returned as a warning: the upload already
succeeded, and apps still find the new episode when they next poll the feed.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Callable

from ..config import PublishConfig

USER_AGENT = "roundup-podcast (feed update notification)"
PODPING_TOKEN_VARIABLE = "PODPING_TOKEN"
"""Where a Podping token comes from (sent as the Authorization header); never podcast.toml."""


@dataclass(frozen=True)
class Notifier:
    """One kind of notification: its setting and the request it sends for a feed URL."""

    name: str
    setting: str
    """The [publish] key holding its URL."""
    request: Callable[[str, str], urllib.request.Request]
    """(configured URL, feed URL) → the request to send."""


def _websub(hub: str, feed_url: str) -> urllib.request.Request:
    body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": feed_url}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": USER_AGENT}
    return urllib.request.Request(hub, data=body, headers=headers, method="POST")


def _podping(endpoint: str, feed_url: str) -> urllib.request.Request:
    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    url = endpoint + separator + urllib.parse.urlencode({"url": feed_url, "reason": "update", "medium": "podcast"})
    headers = {"User-Agent": USER_AGENT}
    if token := os.environ.get(PODPING_TOKEN_VARIABLE):
        headers["Authorization"] = token
    return urllib.request.Request(url, headers=headers, method="GET")


NOTIFIERS = (
    Notifier("WebSub hub", "websub_hub", _websub),
    Notifier("Podping", "podping_url", _podping),
)


def notify(feed_url: str, publish: PublishConfig) -> tuple[list[str], list[str]]:
    """Send every configured notification; (names that were accepted, warnings for the rest)."""
    done: list[str] = []
    warnings: list[str] = []
    for notifier in NOTIFIERS:
        endpoint = getattr(publish, notifier.setting)
        if not endpoint:
            continue
        try:
            with urllib.request.urlopen(notifier.request(endpoint, feed_url), timeout=publish.notify_timeout) as answer:
                status = answer.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            warnings.append(
                f"{notifier.name} {endpoint} was not told of the new feed ({reason}); apps still see it when they next "
                f"poll; check [publish] {notifier.setting} or raise notify_timeout ({publish.notify_timeout:g} s)"
            )
            continue
        if 200 <= status < 300:
            done.append(notifier.name)
        else:
            warnings.append(
                f"{notifier.name} {endpoint} answered HTTP {status}; apps still see the feed when they next poll; "
                f"check [publish] {notifier.setting}"
            )
    return done, warnings
