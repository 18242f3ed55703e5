"""Real servers the tests start on 127.0.0.1, each on a free port, each stopped afterwards.

- `s3_server()`: moto's S3 API server (a real HTTP server speaking the S3 protocol) in
  a thread. Buckets are made per test with `S3Server.bucket`, optionally public-read so
  podcast apps fetch objects by path-style URL `http://127.0.0.1:PORT/bucket/key`.
- `sftp_server(root)`: an asyncssh SFTP server chrooted to a temporary folder, with a
  throwaway host key and one authorised throwaway client key.
- `recording_http_server()`: an HTTP server that records every request it gets (a
  stand-in for a WebSub hub or a Podping endpoint) and answers with a chosen status.

Use them through the fixtures in conftest.py (`s3`, `s3_env`, `sftp`, `http_recorder`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- S3 ---------------------------------------------------------------------------------

S3_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}
"""moto accepts any key; these keep boto3 from looking for real ones."""


@dataclass(frozen=True)
class S3Server:
    """A running S3 API server."""

    endpoint: str
    """http://127.0.0.1:PORT, for AWS_ENDPOINT_URL or boto3's endpoint_url."""

    def environment(self, home: Path) -> dict[str, str]:
        """Variables that point boto3/s3fs at this server and away from the developer's ~/.aws."""
        return {
            **S3_CREDENTIALS,
            "AWS_ENDPOINT_URL": self.endpoint,
            "AWS_CONFIG_FILE": str(home / "aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(home / "aws-credentials"),
        }

    def client(self):
        import boto3

        return boto3.client(
            "s3", endpoint_url=self.endpoint, region_name="us-east-1",
            aws_access_key_id="testing", aws_secret_access_key="testing",
        )

    def bucket(self, name: str, public: bool = False) -> str:
        """Create bucket `name` (public-read when asked) and return its path-style URL with a slash."""
        client = self.client()
        client.create_bucket(Bucket=name)
        if public:
            statement = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{name}/*"}
            client.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
        return f"{self.endpoint}/{name}/"

    def objects(self, bucket: str) -> dict[str, bytes]:
        """Every object of `bucket` by key, read back with boto3."""
        client = self.client()
        keys = [item["Key"] for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket) for item in page.get("Contents", [])]
        return {key: client.get_object(Bucket=bucket, Key=key)["Body"].read() for key in keys}


@contextlib.contextmanager
def s3_server() -> Iterator[S3Server]:
    """moto's S3 server in a thread on a free port."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield S3Server(f"http://127.0.0.1:{port}")
    finally:
        server.stop()


# --- SFTP -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SFTPServer:
    """A running SFTP server and the files a client needs to trust it and log in."""

    port: int
    root: Path
    """The folder the server serves as `/`."""
    home: Path
    """A HOME with .ssh/id_ed25519 (authorised) and .ssh/known_hosts (the server's key)."""
    user: str = "newsroom"

    def url(self, path: str = "site/") -> str:
        return f"sftp://{self.user}@127.0.0.1:{self.port}/{path}"


@contextlib.contextmanager
def sftp_server(folder: Path, write_delay: float = 0.0) -> Iterator[SFTPServer]:
    """asyncssh's SFTP server on its own event loop in a thread, rooted at folder/root.

    `write_delay` seconds are spent on every write request: a slow link, so a test can
    stop a client part-way through an upload.
    """
    import asyncssh

    root, home = folder / "root", folder / "home"
    root.mkdir(parents=True)
    (home / ".ssh").mkdir(parents=True)
    host_key = asyncssh.generate_private_key("ssh-ed25519")
    client_key = asyncssh.generate_private_key("ssh-ed25519")
    client_key.write_private_key(home / ".ssh" / "id_ed25519")
    (home / ".ssh" / "id_ed25519").chmod(0o600)
    client_key.write_public_key(home / ".ssh" / "id_ed25519.pub")
    port = free_port()
    (home / ".ssh" / "known_hosts").write_bytes(b"[127.0.0.1]:%d " % port + host_key.export_public_key())
    authorized = asyncssh.import_authorized_keys(client_key.export_public_key().decode())

    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    class SlowSFTPServer(asyncssh.SFTPServer):
        async def write(self, file_obj, offset, data):
            await asyncio.sleep(write_delay)
            return super().write(file_obj, offset, data)

    def chrooted(channel):
        return SlowSFTPServer(channel, chroot=str(root).encode())

    async def start():
        return await asyncssh.listen(
            "127.0.0.1", port, server_host_keys=[host_key], authorized_client_keys=authorized,
            sftp_factory=chrooted, allow_scp=False,
        )

    acceptor = asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=30)
    try:
        yield SFTPServer(port, root, home)
    finally:
        async def stop() -> None:
            acceptor.close()
            await acceptor.wait_closed()
            others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in others:  # sessions of clients that never said goodbye
                task.cancel()
            await asyncio.gather(*others, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(stop(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()


# --- HTTP stand-ins ---------------------------------------------------------------------


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class RecordingServer:
    """Every request received, in order; set `status` to change the answer."""

    url: str
    requests: list[RecordedRequest] = field(default_factory=list)
    status: int = 204
    delay: float = 0.0
    """Seconds to wait before answering (to test timeouts)."""


@contextlib.contextmanager
def recording_http_server() -> Iterator[RecordingServer]:
    """An HTTP server on a free port that records requests and answers `status` with no body."""
    import time

    port = free_port()
    record = RecordingServer(f"http://127.0.0.1:{port}/")

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            record.requests.append(RecordedRequest(self.command, self.path, dict(self.headers), body))
            time.sleep(record.delay)
            self.send_response(record.status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield record
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
