"""A local web server for the published site, good enough for podcatchers.

The standard library's server answers GET and HEAD but ignores `Range`, which Apple
and many players use to seek and resume; this handler adds single byte ranges
(206 / 416), `Accept-Ranges`, and the MIME types of feeds, chapters and transcripts.
A Range header it cannot parse, or one asking for several ranges, is ignored and
the whole file sent (RFC 9110 allows it); oversized headers get 431; a bad or
broken request never prints a traceback.
It serves `output/site` by its link, so each request sees the latest publish.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO

from ..errors import OutputError
from .content_types import content_type

_RANGE = re.compile(r"bytes=(\d{0,18})-(\d{0,18})")
"""One byte range; longer numbers than any file's size are not a range we can parse."""
MAX_HEADER_BYTES = 16 * 1024
"""A request whose header fields add up to more is refused (431) before it is served."""


def parse_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """The (first, last) byte of a single `Range` header; None when it cannot be met (416);
    False when it is not one range we can parse (RFC 9110 lets us ignore it and send the whole file).

    >>> parse_range("bytes=0-99", 1000), parse_range("bytes=900-", 1000), parse_range("bytes=-100", 1000)
    ((0, 99), (900, 999), (900, 999))
    >>> parse_range("bytes=1000-", 1000) is None, parse_range("bytes=5-2", 1000) is None
    (True, True)
    >>> parse_range("bytes=0-1,5-6", 1000), parse_range("bytes=0-" + "9" * 5000, 1000), parse_range("lines=1-2", 9)
    (False, False, False)
    """
    match = _RANGE.fullmatch(header.strip())
    if not match or match.groups() == ("", ""):
        return False
    first, last = match.groups()
    if first == "":
        start, end = max(size - int(last), 0), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end and start < size else None


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with byte ranges; quiet unless asked to log."""

    verbose = False

    def guess_type(self, path: str) -> str:  # type: ignore[override]
        return content_type(str(path))

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def send_head(self) -> BinaryIO | None:  # type: ignore[override]
        header = self.headers.get("Range")
        path = self.translate_path(self.path)
        self._range = None
        if header is None or not os.path.isfile(path):
            return super().send_head()
        file = open(path, "rb")
        size = os.fstat(file.fileno()).st_size
        span = parse_range(header, size)
        if span is False:
            file.close()
            return super().send_head()
        if span is None:
            file.close()
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        start, end = span
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Last-Modified", self.date_time_string(int(os.fstat(file.fileno()).st_mtime)))
        self.end_headers()
        file.seek(start)
        self._range = end - start + 1
        return file

    def copyfile(self, source: BinaryIO, outputfile: BinaryIO) -> None:  # type: ignore[override]
        remaining = getattr(self, "_range", None)
        if remaining is None:
            shutil.copyfileobj(source, outputfile)
            return
        while remaining > 0:
            chunk = source.read(min(64 * 1024, remaining))
            if not chunk:
                break
            outputfile.write(chunk)
            remaining -= len(chunk)

    def parse_request(self) -> bool:
        """The standard parsing, then a cap on the header fields' total size (431 beyond it)."""
        if not super().parse_request():
            return False
        if sum(len(name) + len(value) for name, value in self.headers.items()) > MAX_HEADER_BYTES:
            self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, f"headers over {MAX_HEADER_BYTES} bytes")
            return False
        return True

    def log_message(self, format: str, *args: object) -> None:
        if self.verbose:
            super().log_message(format, *args)


class SiteServer(ThreadingHTTPServer):
    """A threading server that reports a failed request in one line (when verbose), never a traceback."""

    verbose = False

    def handle_error(self, request: object, client_address: tuple) -> None:
        if self.verbose:
            kind, exc = sys.exc_info()[:2]
            sys.stderr.write(f"{client_address[0]} request failed: {kind.__name__ if kind else 'error'}: {exc}\n")


def make_server(site: Path, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False) -> SiteServer:
    """A server for `site` (not started); port 0 picks a free port (see `server.server_port`)."""
    if not (site / "index.html").exists():
        raise OutputError(f"nothing published in {site}; run 'roundup-podcast publish' first")
    handler = type("Handler", (SiteHandler,), {"verbose": verbose})
    try:
        server = SiteServer((host, port), partial(handler, directory=str(site)))
    except OSError as exc:
        raise OutputError(f"cannot listen on {host}:{port}: {exc.strerror}; pick another with --port") from None
    server.verbose = verbose
    return server
