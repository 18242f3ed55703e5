"""A local web server for the published site, good enough for podcatchers.

The standard library's server answers GET and HEAD but ignores `Range`, which Apple
and many players use to seek and resume; this handler adds single byte ranges
(206 / 416), `Accept-Ranges`, and the MIME types of feeds, chapters and transcripts.
It serves `output/site` by its link, so each request sees the latest publish.
"""

from __future__ import annotations

import os
import re
import shutil
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO

from ..errors import OutputError
from .content_types import content_type

_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of a single `Range` header, or None when it cannot be met.

    >>> parse_range("bytes=0-99", 1000), parse_range("bytes=900-", 1000), parse_range("bytes=-100", 1000)
    ((0, 99), (900, 999), (900, 999))
    >>> parse_range("bytes=1000-", 1000) is None, parse_range("bytes=5-2", 1000) is None
    (True, True)
    """
    match = _RANGE.fullmatch(header.strip())
    if not match or match.groups() == ("", ""):
        return None
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
        if header is None or not os.path.isfile(path):
            self._range = None
            return super().send_head()
        file = open(path, "rb")
        size = os.fstat(file.fileno()).st_size
        span = parse_range(header, size)
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

    def log_message(self, format: str, *args: object) -> None:
        if self.verbose:
            super().log_message(format, *args)


def make_server(site: Path, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False) -> ThreadingHTTPServer:
    """A server for `site` (not started); port 0 picks a free port (see `server.server_port`)."""
    if not (site / "index.html").exists():
        raise OutputError(f"nothing published in {site}; run 'roundup-podcast publish' first")
    handler = type("Handler", (SiteHandler,), {"verbose": verbose})
    try:
        return ThreadingHTTPServer((host, port), partial(handler, directory=str(site)))
    except OSError as exc:
        raise OutputError(f"cannot listen on {host}:{port}: {exc.strerror}; pick another with --port") from None
