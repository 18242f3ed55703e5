"""The test servers behave like the real services the product meets (see tests/servers.py)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest


def test_s3_server_serves_a_public_bucket_like_s3(s3) -> None:
    base = s3.bucket("servers-public", public=True)
    s3.client().put_object(Bucket="servers-public", Key="a/x.mp3", Body=b"x" * 1000, ContentType="audio/mpeg")
    request = urllib.request.Request(base + "a/x.mp3", headers={"Range": "bytes=0-1"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert (answer.status, answer.headers["Content-Range"], answer.headers["Content-Type"]) == (206, "bytes 0-1/1000", "audio/mpeg")
        assert answer.headers["Accept-Ranges"] == "bytes" and answer.read() == b"xx"
    with pytest.raises(urllib.error.HTTPError) as refused:  # as the hosting notes say: anonymous HEAD is refused
        urllib.request.urlopen(urllib.request.Request(base + "a/x.mp3", method="HEAD"), timeout=10)
    assert refused.value.code == 403
    assert s3.objects("servers-public") == {"a/x.mp3": b"x" * 1000}


def test_sftp_server_takes_the_throwaway_key(sftp) -> None:
    import asyncio

    import asyncssh

    async def put() -> None:
        async with asyncssh.connect(
            "127.0.0.1", sftp.port, username=sftp.user, client_keys=[str(sftp.home / ".ssh" / "id_ed25519")],
            known_hosts=str(sftp.home / ".ssh" / "known_hosts"),
        ) as connection, connection.start_sftp_client() as client:
            async with client.open("/hello.txt", "wb") as remote:
                await remote.write(b"hello")

    asyncio.run(put())
    assert (sftp.root / "hello.txt").read_bytes() == b"hello"


def test_recording_server_records_and_answers(http_recorder) -> None:
    http_recorder.status = 202
    with urllib.request.urlopen(urllib.request.Request(http_recorder.url + "hub", data=b"a=1"), timeout=10) as answer:
        assert answer.status == 202
    assert [(r.method, r.path, r.body) for r in http_recorder.requests] == [("POST", "/hub", b"a=1")]
