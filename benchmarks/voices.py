"""Measure how intelligible each voice is: speak the example digest's script, let
Whisper tiny.en (offline, the `qa` extra) transcribe every segment, report the WER.

    .venv/bin/python benchmarks/voices.py pyttsx3:gmw/en-us@175 piper:en_US-joe-medium@175 ...

Each argument is ENGINE:VOICE@RATE. One line per voice, tab-separated: engine,
voice, rate, script words, errors, WER %, seconds of speech, synthesis seconds.
The method and the results are written up in docs/voices.md.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from podcast.config import Config
from podcast.pipeline import make_script
from podcast.qa.compare import compare
from podcast.qa.listen import load_recognizer
from podcast.tts import get_engine
from podcast.tts.check import clip_seconds

EXAMPLE = Path(__file__).parent.parent / "examples" / "daily-tech-roundup.txt"


def measure(spec: str, script, recognizer, workdir: Path) -> str:
    engine_name, _, rest = spec.partition(":")
    voice, _, rate = rest.rpartition("@")
    engine = get_engine(engine_name)
    words = errors = 0
    speech = synthesis = 0.0
    for n, segment in enumerate(script.segments):
        path = workdir / f"{n:03d}.wav"
        started = time.perf_counter()
        engine.synthesize(segment.text, voice, int(rate), path)
        synthesis += time.perf_counter() - started
        speech += clip_seconds(path, segment)
        counted, wrong, _ = compare(segment.text.split(), recognizer.transcribe(path))
        words, errors = words + counted, errors + wrong
    return f"{engine_name}\t{voice}\t{rate}\t{words}\t{errors}\t{100 * errors / words:.1f}\t{speech:.0f}\t{synthesis:.1f}"


def main(specs: list[str]) -> None:
    script = make_script(EXAMPLE, Config(), dt.date(2026, 11, 25))
    recognizer = load_recognizer()
    with tempfile.TemporaryDirectory() as workdir:
        for spec in specs:
            print(measure(spec, script, recognizer, Path(workdir)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
