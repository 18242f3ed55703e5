"""The default engine: pyttsx3 driving espeak-ng, headless, with pip packages only.

pyttsx3 finds libespeak-ng by its SONAME only, so the copy shipped in the
espeakng-loader wheel is loaded first (falling back to the system's library), and
espeak's data path is checked before init because a wrong one makes espeak call
exit(1) and kill the process with no Python exception.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import functools
import importlib.metadata
import io
import os
import threading
from pathlib import Path

from ..errors import EngineError
from .engine import Voice

DEFAULT_VOICES = {"anchor": "gmw/en-gb-x-rp", "story": "gmw/en-us+edward"}
"""The most intelligible pair of distinct voices, measured (see docs/voices.md)."""
VARIANT_BASE = "gmw/en-us"
"""The voice each variant is listed with by `voices`."""
_GENDERS = {1: "male", 2: "female"}
_lock = threading.Lock()
_spoken = threading.Event()
"""Set once espeak has spoken in this process: from then on its state is no longer fresh."""


def _preload_espeak() -> None:
    """Make libespeak-ng.so.1 and its data findable before pyttsx3 loads it.

    It is loaded RTLD_LOCAL: pyttsx3 still finds it by its SONAME, and its
    espeak_* symbols stay out of the global scope. Piper's phonemizer carries
    its own espeak-ng under the same symbol names; loaded globally, this copy
    took over the calls of Piper's and the process crashed (measured,
    segmentation fault when both engines spoke in one process).
    """
    try:
        import espeakng_loader
    except ImportError:
        return  # no wheel for this platform: rely on the system's libespeak-ng1
    data = Path(espeakng_loader.get_data_path())
    if not (data / "phontab").exists():
        raise EngineError(f"espeak-ng data is incomplete ({data}/phontab missing); reinstall espeakng-loader")
    ctypes.CDLL(espeakng_loader.get_library_path(), mode=ctypes.RTLD_LOCAL)
    os.environ["ESPEAK_DATA_PATH"] = str(data)


@functools.cache
def _espeak_driver():
    """The one pyttsx3 engine of this process.

    espeak-ng is a process-wide C library: a second pyttsx3 engine created after the
    first is collected keeps the old callbacks and silently ignores rate changes
    (measured), so the engine is made once and kept.
    """
    _preload_espeak()
    try:
        import pyttsx3
        from pyttsx3.drivers import _espeak
    except (OSError, RuntimeError) as exc:
        raise EngineError(f"cannot load espeak-ng ({exc}); pip install espeakng-loader, or install libespeak-ng1") from None
    # `[[...]]` in the text is then read as espeak phonemes (the lexicon's [espeak] entries):
    # pyttsx3's driver builds its synthesis flags from this module constant at each call.
    _espeak.CHARS_UTF8 |= _espeak.PHONEMES
    try:
        engine = pyttsx3.init("espeak")
    except RuntimeError as exc:
        raise EngineError(f"cannot start pyttsx3 ({exc}); pip install espeakng-loader, or install libespeak-ng1") from None
    atexit.register(_silence_teardown)
    return engine, _espeak


def _silence_teardown() -> None:
    """Keep pyttsx3 from printing an ignored AttributeError on every exit.

    Its DriverProxy.__del__ runs during interpreter teardown, after the contextlib
    module it uses is gone; all it would do is detach espeak's callback, which
    fails with a TypeError on current ctypes anyway, so at exit it is skipped.
    """
    from pyttsx3 import driver

    driver.DriverProxy.__del__ = lambda self: None


class Pyttsx3Engine:
    """pyttsx3's espeak driver, shared by every instance and used under a lock."""

    name = "pyttsx3"
    stateful = True
    """espeak-ng carries C statics (pitch flutter, wave phase) from one clip to the next."""
    phoneme_input = "espeak"
    """Text may carry espeak-ng phonemes as `[[...]]` (see podcast.script.lexicon)."""

    def __init__(self) -> None:
        self._engine, self._espeak = _espeak_driver()
        espeak = self._espeak.Info(None).decode("ascii", "replace")
        self.version = f"pyttsx3 {importlib.metadata.version('pyttsx3')}, espeak-ng {espeak}"

    @property
    def fresh(self) -> bool:
        """True until espeak has spoken in this process: its first clip here sounds, to the byte,
        like a clip made in a fresh worker (checked in tests/test_parallel.py)."""
        return not _spoken.is_set()

    def voices(self) -> list[Voice]:
        """Every voice but MBROLA ones (`mb/…`, which need packages that are not
        installed), then each espeak variant applied to the American English voice.

        A variant works with any voice (`gmw/en-gb-x-rp+f3`); listing every
        combination would bury the list, so one base stands for all.
        """
        found = []
        for v in self._engine.getProperty("voices"):
            if v.id.startswith("mb/"):
                continue
            language = v.languages[0] if v.languages else ""
            if isinstance(language, bytes):
                language = language.decode("ascii", "replace").lstrip("\x05")
            found.append(Voice(self.name, v.id, v.name, language, (v.gender or "").lower()))
        for variant, (name, gender) in sorted(self._variants().items()):
            found.append(Voice(self.name, f"{VARIANT_BASE}+{variant}", f"{name} (variant)", "en-us", gender))
        return found

    def _variants(self) -> dict[str, tuple[str, str]]:
        """espeak's voice variants: id → (name, gender), as espeak-ng lists them."""
        spec = self._espeak.VOICE()
        spec.languages = b"variant"
        with _lock:
            listed = self._espeak.ListVoices(spec)
        variants = {}
        for v in listed:
            variant_id = v.identifier.decode("utf-8", "replace").removeprefix("!v/")
            variants[variant_id] = (v.name.decode("utf-8", "replace"), _GENDERS.get(v.gender, ""))
        return variants

    def find_voice(self, voice: str) -> Voice | None:
        """A listed voice with any espeak variant, e.g. `gmw/en-gb-x-rp+f3`."""
        base, plus, variant = voice.partition("+")
        if not plus:
            return None
        variants = self._variants()
        bases = {v.id: v for v in self.voices() if "+" not in v.id}
        if base not in bases or variant not in variants:
            return None
        name, gender = variants[variant]
        return Voice(self.name, voice, f"{bases[base].name}, {name}", bases[base].language, gender)

    def _set_voice_and_rate(self, voice: str, rate: int) -> None:
        """Set espeak's voice and rate directly, before the synthesis is queued.

        In espeak's asynchronous mode a parameter change races the synthesis
        thread: through pyttsx3's setProperty() a third of alternating-rate clips
        came out at the previous rate (measured, 30 clips). Waiting with
        Synchronize() after each change made all 30 right.
        """
        if self._espeak.SetVoiceByName(voice.encode("utf-8")) != 0:
            raise EngineError(f"espeak-ng cannot load voice {voice!r}; run 'roundup-podcast voices' to list them")
        self._espeak.Synchronize()
        self._espeak.SetParameter(self._espeak.RATE, int(rate), 0)
        self._espeak.Synchronize()

    def default_voice(self, role: str = "anchor") -> str:
        return DEFAULT_VOICES.get(role, DEFAULT_VOICES["anchor"])

    def synthesize(self, text: str, voice: str, rate: int, path: Path) -> None:
        """Write `text` to `path` and wait until espeak has finished the file.

        runAndWait() returns before espeak's own thread has written the file, so
        Synchronize() is called after it; the driver's "Audio saved" print is
        swallowed so stdout stays clean for the CLI.
        """
        if not text.strip():
            raise EngineError("cannot speak an empty segment")
        with _lock, contextlib.redirect_stdout(io.StringIO()):
            _spoken.set()
            self._set_voice_and_rate(voice, rate)
            self._engine.save_to_file(text, str(path))
            self._engine.runAndWait()
            self._espeak.Synchronize()
