"""`publish --verify`: fetch the live feed as a podcast app does and check everything it names.

The feed is read with the rules the build follows (podcast-standards: channel and item
fields Apple refuses a feed without, the show settings' own checks). Every enclosure,
cover, chapters file and transcript is then fetched the way apps fetch media: a GET
for `Range: bytes=0-1`. HEAD proves nothing (an object store may refuse an anonymous
HEAD and still serve the GET), and a server that ignores ranges breaks seeking and
resuming in Apple Podcasts. Each problem comes with its fix.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from lxml import etree

from ..config import check_category, check_description, check_email, check_language, check_subcategory
from .content_types import content_type, same_type
from .feed import ATOM_NS, ITUNES_NS, PODCAST_NS, feed_guid

USER_AGENT = "roundup-podcast-verify/1 (like a podcast app)"
FEED_TYPES = ("application/rss+xml", "application/xml", "text/xml")
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")


@dataclass(frozen=True)
class Check:
    """One line of the verify table: what was checked, what came back, and the fix if it is wrong."""

    what: str
    url: str
    answer: str
    problem: str = ""
    fix: str = ""


@dataclass(frozen=True)
class _File:
    """A file the feed names: what it is, where, the type the feed says, and the length it promises."""

    what: str
    url: str
    mime: str
    length: int | None = None


def _get(url: str, timeout: float, ranged: bool) -> tuple[int, dict[str, str], bytes]:
    headers = {"User-Agent": USER_AGENT, **({"Range": "bytes=0-1"} if ranged else {})}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status, found = answer.status, {k.lower(): v for k, v in answer.headers.items()}
            body = answer.read(2) if ranged else answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, b""
    return status, found, body


def _text(parent: etree._Element, tag: str) -> str:
    found = parent.find(tag)
    return (found.text or "").strip() if found is not None else ""


def feed_problems(document: bytes, feed_url: str) -> list[tuple[str, str]]:
    """(what, problem + fix) for every rule the feed breaks; empty when the feed is sound."""
    try:
        channel = etree.fromstring(document).find("channel")
    except etree.XMLSyntaxError as exc:
        return [("feed", f"is not well-formed XML ({exc}); publish again, or check what the server sends instead")]
    if channel is None:
        return [("feed", "has no RSS <channel>; the URL serves something else: check the feed URL")]
    problems = [("channel", f"lacks <{tag}>; set it in podcast.toml and publish again")
                for tag in ("title", "description", "link", "language") if not _text(channel, tag)]
    for key, check, value in [
        ("description", check_description, _text(channel, "description")),
        ("language", check_language, _text(channel, "language")),
    ]:
        if value and (problem := check(value)):
            problems.append((f"channel {key}", problem))
    category = channel.find(f"{{{ITUNES_NS}}}category")
    if category is None:
        problems.append(("channel", "lacks itunes:category; set [show] category"))
    elif problem := check_category(category.get("text", "")) or check_subcategory(
        next((sub.get("text", "") for sub in category), ""), category.get("text", "")
    ):
        problems.append(("channel category", problem))
    if _text(channel, f"{{{ITUNES_NS}}}explicit") not in ("true", "false"):
        problems.append(("channel", "itunes:explicit must be true or false; publish again with this version"))
    image = channel.find(f"{{{ITUNES_NS}}}image")
    if image is None or not image.get("href"):
        problems.append(("channel", "lacks itunes:image; Apple requires cover art: set [show] cover"))
    owner_email = _text(channel, f"{{{ITUNES_NS}}}owner/{{{ITUNES_NS}}}email")
    if not owner_email:
        problems.append(("channel owner", "lacks itunes:owner email; Apple and Spotify send the ownership check to it: set [show] email"))
    elif problem := check_email(owner_email):
        problems.append(("channel owner", problem))
    self_link = next((link.get("href") for link in channel.findall(f"{{{ATOM_NS}}}link") if link.get("rel") == "self"), None)
    if self_link != feed_url:
        problems.append(("channel", f"says its own URL is {self_link}, not {feed_url}; set [show] base_url to where the site is served"))
    elif _text(channel, f"{{{PODCAST_NS}}}guid") != feed_guid(feed_url):
        problems.append(("channel", "podcast:guid does not match the feed URL; publish again with this version"))
    for item in channel.findall("item"):
        problems.extend(_item_problems(item))
    return problems


def _item_problems(item: etree._Element) -> list[tuple[str, str]]:
    what = f"item {_text(item, 'title') or '(untitled)'}"
    problems = [(what, f"lacks <{tag}>; re-make the episode") for tag in ("title", "guid", "pubDate") if not _text(item, tag)]
    enclosure = item.find("enclosure")
    if enclosure is None or not all(enclosure.get(k) for k in ("url", "length", "type")):
        problems.append((what, "needs an enclosure with url, length and type; re-make the episode"))
    elif not enclosure.get("length", "").isdigit():
        problems.append((what, f"enclosure length {enclosure.get('length')!r} is not a byte count; publish again"))
    if _text(item, "pubDate"):
        try:
            parsedate_to_datetime(_text(item, "pubDate"))
        except (TypeError, ValueError):
            problems.append((what, f"pubDate {_text(item, 'pubDate')!r} is not an RFC 2822 date; publish again"))
    for tag in ("episode", "season"):
        value = _text(item, f"{{{ITUNES_NS}}}{tag}")
        if value and not (value.isdigit() and int(value) > 0):
            problems.append((what, f"itunes:{tag} {value!r} must be a positive whole number; check [publish] numbering"))
    return problems


def _files(document: bytes) -> list[_File]:
    """Every file the feed names: show cover, then per item the audio, its cover, chapters and transcripts."""
    channel = etree.fromstring(document).find("channel")
    found: list[_File] = []
    image = channel.find(f"{{{ITUNES_NS}}}image")
    if image is not None and image.get("href"):
        found.append(_File("show cover", image.get("href"), content_type(image.get("href"))))
    for item in channel.findall("item"):
        date = _text(item, "pubDate")
        label = _short_date(date) or _text(item, "title")[:24]
        enclosure = item.find("enclosure")
        if enclosure is not None and enclosure.get("url"):
            length = enclosure.get("length", "")
            found.append(_File(f"audio {label}", enclosure.get("url"), enclosure.get("type") or content_type(enclosure.get("url")),
                               int(length) if length.isdigit() else None))
        cover = item.find(f"{{{ITUNES_NS}}}image")
        if cover is not None and cover.get("href"):
            found.append(_File(f"cover {label}", cover.get("href"), content_type(cover.get("href"))))
        for side in item.findall(f"{{{PODCAST_NS}}}chapters") + item.findall(f"{{{PODCAST_NS}}}transcript"):
            kind = "chapters" if side.tag.endswith("chapters") else f"transcript {side.get('url', '').rsplit('.', 1)[-1]}"
            found.append(_File(f"{kind} {label}", side.get("url", ""), side.get("type") or content_type(side.get("url", ""))))
    return found


def _short_date(pub_date: str) -> str:
    try:
        return parsedate_to_datetime(pub_date).date().isoformat()
    except (TypeError, ValueError):
        return ""


def _check_file(file: _File, timeout: float) -> Check:
    try:
        status, headers, _ = _get(file.url, timeout, ranged=True)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return Check(file.what, file.url, "no answer", f"cannot be fetched ({getattr(exc, 'reason', exc)})",
                     "check that the host is up and the URL in the feed is right ([show] base_url)")
    sent_type = headers.get("content-type", "")
    answer = f"{status} {headers.get('content-range', '-')} {sent_type or '-'}"
    if status in (401, 403, 404):
        return Check(file.what, file.url, answer, f"HTTP {status}: missing or not public",
                     "upload it (roundup-podcast publish --to …) and make it public-read (an s3:GetObject bucket policy)")
    if status == 200:
        return Check(file.what, file.url, answer, "the server ignores Range (200, not 206)",
                     "serve media from a host that honours byte ranges (S3, nginx, roundup-podcast serve); Apple requires them")
    if status != 206:
        return Check(file.what, file.url, answer, f"HTTP {status}", "check the host's logs for this URL")
    total = _CONTENT_RANGE.fullmatch(headers.get("content-range", "").strip())
    if total is None:
        return Check(file.what, file.url, answer, "206 without a Content-Range bytes 0-1/LENGTH", "fix the server's range support")
    if file.length is not None and int(total.group(3)) != file.length:
        return Check(file.what, file.url, answer, f"is {total.group(3)} bytes but the feed says {file.length}",
                     "publish --to again so the file and the feed agree")
    if not (same_type(sent_type, file.mime) or same_type(sent_type, content_type(urlsplit(file.url).path))):
        return Check(file.what, file.url, answer, f"Content-Type is {sent_type or 'missing'}, not {file.mime}",
                     f"serve it as {file.mime} (publish --to sets it on S3; on a web server add the MIME type)")
    if headers.get("accept-ranges", "").lower() != "bytes":
        return Check(file.what, file.url, answer, "no Accept-Ranges: bytes", "make the server send Accept-Ranges: bytes")
    return Check(file.what, file.url, answer)


def verify_feed(feed_url: str, timeout: float = 20.0) -> list[Check]:
    """Fetch `feed_url`, check it and every file it names; one Check per row of the table."""
    try:
        status, headers, document = _get(feed_url, timeout, ranged=False)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return [Check("feed", feed_url, "no answer", f"cannot be fetched ({getattr(exc, 'reason', exc)})",
                      "check the URL, that the host is up, and [show] base_url")]
    sent_type = headers.get("content-type", "")
    answer = f"{status} {len(document)} bytes {sent_type or '-'}"
    if status != 200:
        return [Check("feed", feed_url, answer, f"HTTP {status}", "publish --to the host, and make the feed public-read")]
    if not any(same_type(sent_type, mime) for mime in FEED_TYPES):
        checks = [Check("feed", feed_url, answer, f"Content-Type is {sent_type or 'missing'}", "serve feed.xml as application/rss+xml")]
    else:
        checks = [Check("feed", feed_url, answer)]
    problems = feed_problems(document, feed_url)
    checks += [Check(what, feed_url, "read", problem, "") for what, problem in problems]
    if problems and problems[0][0] == "feed":
        return checks
    return checks + [_check_file(file, timeout) for file in _files(document)]


def render_table(checks: list[Check]) -> str:
    """The checks as a plain table, then each problem with its fix, then a summary line."""
    rows = [("Check", "Result", "Answer", "URL")]
    rows += [(c.what, "FAIL" if c.problem else "ok", c.answer, c.url) for c in checks]
    widths = [max(len(row[col]) for row in rows) for col in range(3)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3] for row in rows]
    failed = [c for c in checks if c.problem]
    for check in failed:
        lines.append(f"{check.what}: {check.problem}" + (f"; fix: {check.fix}" if check.fix else ""))
    lines.append(f"{len(checks)} checks: {len(checks) - len(failed)} ok, {len(failed)} failed")
    return "\n".join(lines)
