"""Property: no text, however odd, crashes the reader or the writer; only a PodcastError may come out."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podcast.digest.formats import format_names
from podcast.digest.encoding import repair
from podcast.digest.load import parse_digest
from podcast.errors import PodcastError
from podcast.script.writer import write_script
from podcast.script.lexicon import engine_text, load_lexicon
from podcast.script.speech import to_speech
from podcast.script.timing import estimate_seconds

FRAGMENTS = [
    "**Chip maker opens a plant**", "# Title", "## Story heading ##", "- DIGEST HUB", "- Highlights", "- bullet point.",
    "1. First item;", "FINANCE & ECONOMY", "Title: Brief", "Date: 2025-09-25", "Wang Xin|2025-09-25", "Kind regards,",
    "<article><h2>Head</h2><p>Body [para. 2].</p></article>", "<rss><channel><item><title>T</title></item></channel></rss>",
    '{"title": "T", "stories": [{"title": "S"}]}', "stories:\n  - title: x", "$1.65B", "US$13 billion", "RMB 1 ($0.15)",
    "7-10 percent", "27.7% YoY", "8/15-8/22", "Jan. 19", "Co. Ltd. (KunShan)", "CATL's EVs", "Bái Jìng 白静", "Chinaâ€™s",
    "Chinaโs", "![](x.png)", "[merged]: https://x.com", "https://example.com/a", "(5 minute read)", "🚀🔥", "Photo: VCG",
    "(((", ")))", "[[", "]]", "|", "---", "```", "\x00", "\u200b", "...", "?!", "24/7", "v2.5.1", "#1", "2,000 m²",
]
DIGESTISH = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=80)), max_size=30).map("\n".join)
LEXICON = load_lexicon()


def _read_and_write(text: str, fmt: str | None) -> None:
    try:
        digest = parse_digest(repair(text), "fuzz", fmt)
        script = write_script(digest, dt.date(2026, 11, 25), segments={"whos_who": True})
    except PodcastError:
        return
    assert script.segments
    for segment in script.segments:
        estimate_seconds(engine_text(segment.text, LEXICON, phonemes=True), 175)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000), st.sampled_from([None, *format_names()]))
def test_arbitrary_text_never_crashes_reader_or_writer(text: str, fmt: str | None) -> None:
    _read_and_write(text, fmt)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DIGESTISH, st.sampled_from([None, None, None, *format_names()]))
def test_digest_like_text_never_crashes_reader_or_writer(text: str, fmt: str | None) -> None:
    _read_and_write(text, fmt)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=500), DIGESTISH))
def test_speech_normalisation_never_crashes(text: str) -> None:
    spoken = to_speech(text)
    assert "\n" not in spoken
    engine_text(spoken, LEXICON)
