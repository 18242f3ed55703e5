"""Finding and running ffmpeg: the system's when present, else imageio-ffmpeg's.

pydub's class-wide `converter` is set here, once, by `configure_pydub()`.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

from ..errors import AudioError


@functools.cache
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary to use."""
    system = shutil.which("ffmpeg")
    if system:
        return system
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        raise AudioError("ffmpeg not found; pip install imageio-ffmpeg, or install ffmpeg") from None


def configure_pydub() -> None:
    """Point pydub at our ffmpeg (pydub looks only on PATH by default)."""
    from pydub import AudioSegment

    AudioSegment.converter = ffmpeg_exe()


def run_ffmpeg(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run ffmpeg quietly; a failure raises AudioError with the command and its stderr."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *args]
    try:
        result = subprocess.run(command, input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise AudioError(f"cannot run ffmpeg ({exc}); reinstall imageio-ffmpeg or install ffmpeg") from None
    if result.returncode != 0:
        tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise AudioError(f"ffmpeg failed: {' '.join(command[1:])}: {' / '.join(tail)}")
    return result
