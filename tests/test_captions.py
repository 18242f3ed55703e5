"""Captions a viewer can read: broadcast line and cue limits, phrase breaks, the written form of what is said."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings, strategies as st

from conftest import EXAMPLE
from podcast.audio.sentences import Sentence
from podcast.audio.transcript import LINE_LIMIT, Line, make_cues, written_sentences
from podcast.config import Config
from podcast.pipeline import make_script
from podcast.sentences import split_sentences

WORDS = st.sampled_from(
    "the of and a to in CATL 102.5% $1.65 billion Contemporary Amperex Technology said on Monday, tariffs "
    "Hong Kong's digital yuan pilot; battery-swapping EVs 2026 U.S. decision".split()
)


def _check(cues, lines) -> None:
    for cue in cues:
        assert 1 <= len(cue.lines) <= 2
        assert all(len(text.replace("&amp;", "&")) <= LINE_LIMIT for text in cue.lines)
        if len(cue.lines) == 2 and len(" ".join(cue.lines).split()) > 2:
            assert all(len(text.split()) > 1 for text in cue.lines), cue  # never one word alone on a line
    sentences = [line.sentence for line in lines]
    for cue in cues:  # no cue crosses a sentence boundary
        assert any(s.start - 1e-3 <= cue.start and cue.end <= max(s.end, cue.start + 1.0) + 1e-3 for s in sentences), cue


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(WORDS, min_size=1, max_size=45), st.floats(0.4, 25.0)), min_size=1, max_size=6))
@example([(["Contemporary", "Contemporary", "battery-swapping"], 1.0)])  # three words, a line too long for one
def test_every_cue_keeps_the_broadcast_limits(sentences) -> None:
    lines, at = [], 0.0
    for words, seconds in sentences:
        lines.append(Line("story", Sentence(" ".join(words) + ".", at, at + seconds)))
        at += seconds + 0.4
    cues = make_cues(tuple(lines))
    _check(cues, lines)
    for cue, following in zip(cues, cues[1:]):
        assert cue.end <= following.start + 1e-3
    for cue in cues:
        assert cue.end - cue.start <= 7.0 + 1e-3 or len(" ".join(cue.lines)) <= 2 * LINE_LIMIT


def test_long_sentences_break_at_phrase_boundaries() -> None:
    text = ("Canada is looking at raising tariffs on Chinese-made EVs, following the U.S. decision to impose new "
            "tariffs of 102.5% on them, a move its industry minister called overdue.")
    cues = make_cues((Line("anchor", Sentence(text, 0.0, 11.0)),))
    assert len(cues) in (2, 3)
    ends = [cue.lines[-1].split()[-1] for cue in cues] + [line.split()[-1] for cue in cues for line in cue.lines]
    assert not {w.lower() for w in ends} & {"the", "of", "a", "to", "on", "at"}
    assert cues[0].lines[-1].endswith("EVs,")
    assert all(1.0 <= cue.end - cue.start <= 7.0 for cue in cues)


def test_a_short_sentence_stays_up_a_second_without_covering_the_next() -> None:
    lines = (Line("anchor", Sentence("Next.", 0.0, 0.4)), Line("anchor", Sentence("Rail opens.", 0.7, 1.5)),
             Line("anchor", Sentence("Bye.", 3.0, 3.3)))
    cues = make_cues(lines)
    assert [(c.start, c.end) for c in cues] == [(0.0, 0.7), (0.7, 1.7), (3.0, 4.0)]


def test_the_example_episode_captions_show_what_the_digest_wrote() -> None:
    script = make_script(EXAMPLE, Config(), dt.date(2026, 11, 25))
    written = [w for segment in script.segments for w, _ in segment.sentences]
    assert any("102.5%" in w for w in written) and any("CATL" in w for w in written)
    for segment in script.segments:  # the said sentences are the segment's text, in order
        assert " ".join(s for _, s in segment.sentences) == segment.text
        timed = tuple(Sentence(s, n, n + 0.9) for n, s in enumerate(split_sentences(segment.text)))
        shown = written_sentences(segment, timed)
        assert [s.text for s in shown] == [w for w, _ in segment.sentences]
        assert shown[0].start == 0 and shown[-1].end == timed[-1].end


@pytest.mark.parametrize("spoken", ["Prices rose.", "It cost one dollar. Then two."])
def test_said_sentences_that_do_not_line_up_are_shown_as_said(spoken: str) -> None:
    from podcast.models import Segment

    segment = Segment("story", "A", spoken, "story", (("Not this.", "Nor this."), ("Or this.", "Or this either.")))
    timed = tuple(Sentence(s, 0.0, 1.0) for s in split_sentences(spoken))
    assert written_sentences(segment, timed) == timed
