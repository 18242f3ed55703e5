"""How long publish and publish --to take for a show with many episodes, and what an upload sends.

    python benchmarks/publish.py                  # 100 episodes of 5 MB, to a folder
    python benchmarks/publish.py --episodes 365 --mb 10
    python benchmarks/publish.py --s3             # to moto's S3 server instead (the test extra installs it)

Episodes are stand-in audio (random bytes) catalogued through the library, so the
figures are publish's own: building the site (media named by SHA-256), the upload's
manifest and transfers. Printed: (a) a publish with no digest cache, (b) one with it,
(c) the first upload, (d) an upload with nothing changed, (e) a make's publish and
upload of one new episode, each with the files and bytes sent.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from podcast.config import Config, PublishConfig, ShowConfig  # noqa: E402
from podcast.models import Episode, ShowNotes  # noqa: E402
from podcast.publish import catalog_backend, catalog_entry, publish  # noqa: E402
from podcast.publish.catalog import open_catalog  # noqa: E402
from podcast.publish.upload import deliver  # noqa: E402


def _episode(config: Config, day: dt.date, size: int) -> None:
    audio = config.output_dir / f"{day.isoformat()}-bench.mp3"
    audio.write_bytes(os.urandom(size))
    episode = Episode(audio, f"News of {day}", day, size / 12000, size)
    with open_catalog(catalog_backend(config)) as catalog:
        catalog.put(catalog_entry(episode, "Bench", ShowNotes("Notes.", ("One",), ("Story",))))


def _timed(label: str, action) -> object:
    started = time.perf_counter()
    result = action()
    print(f"{label:<34} {time.perf_counter() - started:7.2f} s", end="")
    return result


def _sent(delivered) -> None:
    up = delivered.uploaded
    print(f"   sent {up.sent} files, {up.sent_bytes} bytes; {up.unchanged} unchanged, {up.deleted} deleted")


@contextlib.contextmanager
def _s3_target():
    from servers import s3_server

    with s3_server() as server:
        os.environ.update(server.environment(Path(tempfile.gettempdir())))
        server.bucket("bench")
        yield "s3://bench/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--episodes", type=int, default=100)
    parser.add_argument("--mb", type=float, default=5.0, help="size of each episode's audio")
    parser.add_argument("--s3", action="store_true", help="upload to moto's S3 server instead of a folder")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="roundup-publish-bench-"))
    try:
        with _s3_target() if args.s3 else contextlib.nullcontext(str(folder / "docroot")) as target:
            show = ShowConfig(title="Bench", base_url="https://example.com/podcast/", email="desk@example.com")
            config = Config(show=show, output_dir=folder / "output", publish=PublishConfig(target=target))
            config.output_dir.mkdir()
            size = int(args.mb * 1e6)
            first = dt.date(2025, 1, 1)
            for n in range(args.episodes):
                _episode(config, first + dt.timedelta(days=n), size)
            print(f"{args.episodes} episodes of {args.mb:g} MB, uploaded to {target}")
            shutil.rmtree(config.output_dir / ".cache", ignore_errors=True)
            _timed("(a) publish, no digest cache", lambda: publish(config))
            print()
            published = _timed("(b) publish, digest cache", lambda: publish(config))
            print()
            _sent(_timed("(c) first upload", lambda: deliver(published, config)))
            _sent(_timed("(d) upload, nothing changed", lambda: deliver(published, config)))
            _episode(config, first + dt.timedelta(days=args.episodes), size)
            _sent(_timed("(e) one new episode: publish+upload", lambda: deliver(publish(config), config)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
