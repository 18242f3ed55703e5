"""Auditioning a voice: a sample file of any text, spoken by any installed engine's voice."""

from __future__ import annotations

from pathlib import Path

from ..atomic import prepare_output_folder, replacing
from ..audio.ffmpeg import run_ffmpeg
from ..errors import ConfigError
from ..lifetime import scratch_dir
from ..models import Segment
from .casting import audition
from .check import clip_seconds

SAMPLE_FORMATS = (".wav", ".mp3")


def audition_voice(text: str, voice: str, rate: int, path: Path, engine: str = "") -> str:
    """Speak `text` with `voice` into the sample file `path` (.wav or .mp3) and say who spoke.

    The voice is looked up in every installed engine unless `engine` is given; the
    sample is checked like an episode's clip and written under a temporary name.
    """
    if path.suffix.lower() not in SAMPLE_FORMATS:
        raise ConfigError(f"sample file {path} must end in .wav or .mp3; choose another name with --output")
    prepare_output_folder(path.parent)
    with scratch_dir("sample") as workdir:  # named for this process, so a killed run's is swept by the next
        wav = Path(workdir) / "sample.wav"
        speaker, voice_id = audition(text, voice, rate, wav, engine)
        clip_seconds(wav, Segment("sample", "Sample", text))
        with replacing(path, "choose another --output") as temporary:
            if path.suffix.lower() == ".mp3":
                run_ffmpeg(["-i", str(wav), "-codec:a", "libmp3lame", "-b:a", "96k", "-f", "mp3", str(temporary)])
            else:
                temporary.write_bytes(wav.read_bytes())
    return f"{speaker.name} voice {voice_id}"
