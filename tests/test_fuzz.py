"""Fuzzing every input format: whatever a digest holds, reading and writing its script ends in a
script or in one DigestError, never another exception, and nothing invisible or unexpanded is spoken.

The generators aim at what broke readers before: deep nesting, numbers of hundreds or thousands
of digits, lone surrogates, control and bidi characters, impossible dates, XML doctypes with
entities (the billion laughs), markup inside text. ROUNDUP_FUZZ_EXAMPLES sets examples per format.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from podcast.digest.formats import format_names
from podcast.digest.load import decode, parse_digest
from podcast.errors import DigestError
from podcast.script.writer import write_script
from podcast.visible import visible

EXAMPLES = int(os.environ.get("ROUNDUP_FUZZ_EXAMPLES", "260"))
"""Per test: 260 × (7 formats + raw bytes) = 2,080 examples in CI."""
HOSTILE = [
    "\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\u200d", "\ufeff", "\u00ad", "\x00", "\x07", "\x1b[31m", "\x7f",
    "\x85", "\u2028", "&lol9;", "&lol9", "&#x202E;", "&#0;", "&#xD800;", "&amp;", "&nbsp;", "<![CDATA[x]]>", "]]>",
    "<script>x()</script>", "{{ 7 * 7 }}", "{% raw %}", "$1," + "0" * 400, "9" * 4400, "1." + "5" * 500, "2026-13-45",
    "0000-00-00", "9999-99-99T99:99", "Q9", "v1.2.3.4.5.6.7.8.9", "1e309", "-0", "NaN", "#1", "3/0", "45th",
    "\U0001f600\u200d\U0001f525", "\u0e42\u0e22", "中文新闻", "\ud800", "\udfff", "\\ud800", "\t\r\n", "  ",
]
"""Pieces that broke a reader, the writer or the speech rules, or could."""
words = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
fragment = st.one_of(st.sampled_from(HOSTILE), words, st.integers(-(10**60), 10**60).map(str))
line = st.lists(fragment, min_size=1, max_size=6).map(" ".join)
stories = st.lists(st.tuples(line, st.lists(line, max_size=3).map("\n".join)), min_size=0, max_size=4)
dates = st.one_of(st.sampled_from(["2026-13-45", "0000-01-01", "2026-02-30", "1-1-1", "99999-01-01"]),
                  st.dates().map(dt.date.isoformat), line)


def deep(opener: str, closer: str) -> st.SearchStrategy[str]:
    return st.integers(1, 3000).map(lambda n: opener * n + closer * n)


def doctype(root: str) -> st.SearchStrategy[str]:
    laughs = f'<!DOCTYPE {root} [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;"><!ENTITY lol9 "&lol1;&lol1;&lol1;">' \
             '<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
    return st.sampled_from(["", laughs, f"<!DOCTYPE {root}>", f'<!DOCTYPE {root} PUBLIC "-//x" "http://x/y.dtd">'])


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;") if len(text) % 3 else text  # a third left raw: broken XML


def _text(title: str, items: list[tuple[str, str]], extra: str) -> str:
    return "\n".join([title, extra, *(f"**{t}**\n{b}" for t, b in items)])


def _markdown(title: str, items: list[tuple[str, str]], extra: str) -> str:
    return "\n\n".join([f"# {title}", extra, *(f"## {t}\n\n{b}" for t, b in items)])


def _html(title: str, items: list[tuple[str, str]], extra: str) -> str:
    body = "".join(f"<h2>{t}</h2><p>{b}</p>" for t, b in items)
    return f"<!doctype html><html><head><title>{title}</title></head><body><h1>{title}</h1>{extra}{body}</body></html>"


def _rss(title: str, items: list[tuple[str, str]], extra: str, prolog: str = "") -> str:
    entries = "".join(f"<item><title>{xml_escape(t)}</title><description>{xml_escape(b)}</description>"
                      f"<pubDate>{xml_escape(extra[:40])}</pubDate></item>" for t, b in items)
    return f'<?xml version="1.0"?>{prolog}<rss version="2.0"><channel><title>{xml_escape(title)}</title>{entries}</channel></rss>'


def _atom(title: str, items: list[tuple[str, str]], extra: str, prolog: str = "") -> str:
    entries = "".join(f"<entry><title>{xml_escape(t)}</title><summary>{xml_escape(b)}</summary>"
                      f"<updated>{xml_escape(extra[:40])}</updated></entry>" for t, b in items)
    return f'<?xml version="1.0"?>{prolog}<feed xmlns="http://www.w3.org/2005/Atom"><title>{xml_escape(title)}</title>{entries}</feed>'


def _data(title: object, items: list[tuple[str, str]], date: str) -> dict:
    return {"title": title, "date": date, "stories": [{"title": t, "body": b.split("\n")} for t, b in items]}


def _json(title: str, items: list[tuple[str, str]], date: str, raw: str) -> str:
    text = json.dumps(_data(title, items, date))
    return text.replace('"title": ', f'"title": {raw}', 1) if raw.startswith("[") else text.replace("lol", raw, 1)


def _yaml(title: str, items: list[tuple[str, str]], date: str, raw: str) -> str:
    lines = [f"title: {json.dumps(title)}", f"date: {date}", f"standfirst: {raw}", "stories:"]
    lines += [f"  - title: {json.dumps(t)}\n    body: {json.dumps(b)}" for t, b in items]
    return "\n".join(lines) + "\n"


DOCUMENTS = {
    "text": st.builds(_text, line, stories, line),
    "markdown": st.builds(_markdown, line, stories, st.one_of(line, deep("> ", "x"), deep("- ", "x"))),
    "html": st.builds(_html, line, stories, st.one_of(line, deep("<div>", "</div>"), deep("<b>", ""))),
    "rss": st.builds(_rss, line, stories, line, doctype("rss")),
    "atom": st.builds(_atom, line, stories, line, doctype("feed")),
    "json": st.builds(_json, line, stories, dates, st.one_of(st.sampled_from(["\\ud800", "\\udfff\\u202e", "1e999"]),
                                                             deep("[", "]"), deep("{\"a\":", "}").map(lambda s: s.replace("}", "1}", 1)))),
    "yaml": st.builds(_yaml, line.map(lambda s: s.replace("\x00", "")), stories, dates,
                      st.one_of(line.map(json.dumps), deep("[", "]"), deep("{a: ", "}"), st.just("&a [x, *a]"),
                                st.just("!!python/object/apply:os.system ['true']"), st.just("2026-13-45"))),
}
FORMATS = format_names()
assert set(DOCUMENTS) == set(FORMATS)
FIND = (Phase.explicit, Phase.generate)
"""No shrinking: a found input is reported as generated (shrinking the long ones took minutes)."""


def read_and_write(document: str, fmt: str | None) -> None:
    """The product's path from decoded text to script; a DigestError is a fine answer, anything else a bug."""
    try:
        digest = parse_digest(visible(document), "fuzz", fmt)
    except DigestError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    script = write_script(digest, dt.date(2026, 11, 25))
    for segment in script.segments:
        for text in (segment.title, segment.text):
            assert visible(text) == text, repr(text)
            assert not re.search(r"&(?:lol\w*|#x?[0-9a-fA-F]+|amp|nbsp);?", text), repr(text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_to_a_script_or_one_error(fmt: str) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck), phases=FIND)
    @given(DOCUMENTS[fmt], st.booleans())
    def run(document: str, detect: bool) -> None:
        read_and_write(document, None if detect else fmt)

    run()


@given(st.binary(max_size=2000))
@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, phases=FIND)
def test_any_bytes_decode_to_text_or_one_error(data: bytes) -> None:
    try:
        text = decode(data, "fuzz.bin")  # type: ignore[arg-type]
    except DigestError:
        return
    read_and_write(text, None)
