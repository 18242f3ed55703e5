"""Fit podcast/script/timing.py's constants by synthesizing real segments, and report the error.

    .venv/bin/python benchmarks/timing_calibration.py [--engine pyttsx3|piper] [--rates 150,175,210]

Every golden digest under tests/data/read/ is written into a script; each segment's
engine text (lexicon applied) is spoken with the engine's default voice for its role
at each rate, and its WAV length measured. A least-squares fit of the speech features
(syllables, sentence ends, clause breaks, scaled by 175 / rate; sentence ends unscaled;
a constant per clip) gives the constants; the estimate's error is printed per digest.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

from podcast.config import Config
from podcast.pipeline import make_script
from podcast.script.lexicon import engine_text, load_lexicon
from podcast.script.timing import REFERENCE_RATE, speech_features
from podcast.tts import get_engine

ROOT = Path(__file__).resolve().parent.parent
DIGESTS = sorted(p for p in (ROOT / "tests" / "data" / "read").iterdir() if p.suffix != ".json" or p.name.endswith(".in.json"))


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", default="pyttsx3")
    parser.add_argument("--rates", default="150,175,210")
    args = parser.parse_args()
    engine = get_engine(args.engine)
    lexicon = load_lexicon()
    phonemes = getattr(engine, "phoneme_input", "") == "espeak"
    rows, seconds, sources = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for rate in (int(r) for r in args.rates.split(",")):
            for digest in DIGESTS:
                try:
                    script = make_script(digest, Config(), None)
                except Exception as exc:  # a golden case that is an error case
                    print(f"skip {digest.name}: {exc}", file=sys.stderr)
                    continue
                for n, segment in enumerate(script.segments):
                    text = engine_text(segment.text, lexicon, phonemes)
                    path = Path(tmp) / f"{n}.wav"
                    engine.synthesize(text, engine.default_voice(segment.role), rate, path)
                    syl, sentences, clauses = speech_features(text)
                    pace = REFERENCE_RATE / rate
                    rows.append([syl * pace, sentences * pace, clauses * pace, sentences, 1.0])
                    seconds.append(wav_seconds(path))
                    sources.append((digest.name, rate))
    x, y = np.array(rows), np.array(seconds)
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    names = ["per syllable", "per sentence (scaled)", "per clause", "per sentence (fixed)", "per clip"]
    print(f"{args.engine}: {len(y)} segments, {y.sum() / 60:.1f} min of speech")
    for name, value in zip(names, coef):
        print(f"  {name:<22} {value:.4f}")
    fitted = x @ coef
    print(f"  segment error: median {np.median(np.abs(fitted - y) / y) * 100:.1f} %, worst {np.max(np.abs(fitted - y) / y) * 100:.1f} %")
    for key in sorted(set(sources)):
        mask = np.array([s == key for s in sources])
        real, est = y[mask].sum(), fitted[mask].sum()
        print(f"  {key[0]:<32} {key[1]} wpm  real {real:6.1f} s  estimated {est:6.1f} s  error {(est - real) / real * 100:+.1f} %")


if __name__ == "__main__":
    main()
