"""Finding and running ffmpeg: imageio-ffmpeg's own binary, else the system's.

pydub's class-wide `converter` is set here, once, by `configure_pydub()`.
"""

from __future__ import annotations

import errno
import functools
import shutil
import subprocess
import tempfile

from ..errors import AudioError
from ..lifetime import dying_with_this


@functools.cache
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary to use: the wheel's first, the system's where the wheel has none.

    With the wheel's binary every machine encodes with the same ffmpeg and LAME,
    so a digest makes the same bytes everywhere; the filters and muxers used here
    (amix without normalising, alimiter's delay compensation) need ffmpeg 4.4 or
    later, which older systems lack; and it encodes faster than the ffmpeg of
    the distributions we tried (figures in benchmarks/ and the commit that chose it).
    """
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        system = shutil.which("ffmpeg")
        if system:
            return system
        raise AudioError("ffmpeg not found; pip install imageio-ffmpeg, or install ffmpeg") from None


def configure_pydub() -> None:
    """Point pydub at our ffmpeg (pydub looks only on PATH by default)."""
    from pydub import AudioSegment

    AudioSegment.converter = ffmpeg_exe()


def _command(args: list[str]) -> list[str]:
    return [ffmpeg_exe(), "-hide_banner", "-y", *args]


DISK_ERRORS = {"No space left on device": errno.ENOSPC, "Disk quota exceeded": errno.EDQUOT, "Input/output error": errno.EIO}
"""What ffmpeg says when the disk, not the audio, is at fault: raised as the OSError it was."""


def _failed(command: list[str], stderr: bytes) -> AudioError | OSError:
    text = stderr.decode("utf-8", "replace")
    if text.startswith("setpriv: failed to execute"):  # the launcher ran; ffmpeg itself could not
        return _cannot_run(OSError(text.strip()))
    for message, code in DISK_ERRORS.items():
        if message in text:
            return OSError(code, message, command[-1])
    tail = text.strip().splitlines()[-3:]
    return AudioError(f"ffmpeg failed: {' '.join(command[1:])}: {' / '.join(tail)}")


def _cannot_run(exc: OSError) -> AudioError:
    return AudioError(f"cannot run ffmpeg ({exc}); reinstall imageio-ffmpeg or install ffmpeg")


def run_ffmpeg(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run ffmpeg quietly; a failure raises AudioError with the command and its stderr."""
    command = _command(["-nostdin", *args])
    try:
        result = subprocess.run(**dying_with_this(command), input=stdin, capture_output=True, check=False)
    except OSError as exc:
        raise _cannot_run(exc) from None
    if result.returncode != 0:
        raise _failed(command, result.stderr)
    return result


def run_ffmpeg_into(producer: list[str], consumer: list[str]) -> subprocess.CompletedProcess:
    """Run two ffmpegs at once, the first writing to its stdout what the second reads on its stdin;
    return the second's result. A failure of either raises AudioError with its command and stderr."""
    first, second = _command(["-nostdin", "-v", "error", *producer]), _command(consumer)
    try:
        with tempfile.TemporaryFile() as first_log:
            upstream = subprocess.Popen(**dying_with_this(first), stdout=subprocess.PIPE, stderr=first_log, stdin=subprocess.DEVNULL)
            try:
                downstream = subprocess.Popen(**dying_with_this(second), stdin=upstream.stdout, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            finally:
                upstream.stdout.close()  # the pipe is the second's alone now: if it stops, the first is told
            out, err = downstream.communicate()
            upstream.wait()
            first_log.seek(0)
            if upstream.returncode != 0:
                raise _failed(first, first_log.read())
    except OSError as exc:
        raise _cannot_run(exc) from None
    result = subprocess.CompletedProcess(second, downstream.returncode, out, err)
    if result.returncode != 0:
        raise _failed(second, err)
    return result
