"""The script as `preview` prints it: text, Markdown, JSON or SSML, with estimated durations."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Script
from .kinds import pause_after
from .lexicon import Lexicon, engine_text, load_lexicon
from .timing import estimate_seconds

if TYPE_CHECKING:
    from ..config import Config

FORMATS = ("text", "markdown", "json", "ssml")


@dataclass(frozen=True)
class SegmentEstimate:
    """One segment with its estimated spoken length and the silence after it."""

    kind: str
    title: str
    text: str
    seconds: float
    pause_after: float = 0.0


def estimate(script: Script, config: Config, lexicon: Lexicon | None = None) -> list[SegmentEstimate]:
    """Each segment's estimated spoken length with its role's engine and rate, and the pause after it."""
    from ..tts.casting import default_engine  # deferred: the engine is looked up only when no role names one
    from ..tts.engine import ROLES

    lexicon = lexicon or load_lexicon(config.voice.lexicon)
    engines = {role: config.voice.for_role(role).engine or default_engine() for role in ROLES}
    estimates = []
    for n, s in enumerate(script.segments):
        seconds = estimate_seconds(engine_text(s.text, lexicon), config.voice.for_role(s.role).rate, engines[s.role])
        estimates.append(SegmentEstimate(s.kind, s.title, s.text, seconds, pause_after(script.segments, n, config.audio)))
    return estimates


def clock(seconds: float) -> str:
    """`m:ss`.

    >>> clock(65.4), clock(3599.6)
    ('1:05', '60:00')
    """
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d}"


def total_seconds(estimates: list[SegmentEstimate]) -> float:
    """The episode's estimated length: every segment and every pause between them."""
    return round(sum(e.seconds + e.pause_after for e in estimates), 1)


def render(script: Script, estimates: list[SegmentEstimate], fmt: str) -> str:
    """The preview of `script` in `fmt`, one of FORMATS."""
    return {"text": _text, "markdown": _markdown, "json": _json, "ssml": _ssml}[fmt](script, estimates)


def _heading(script: Script) -> str:
    return script.show if script.title == script.show else f"{script.show}: {script.title}"


def _summary(estimates: list[SegmentEstimate]) -> str:
    speech = sum(e.seconds for e in estimates)
    return (
        f"Total: {clock(total_seconds(estimates))} estimated ({clock(speech)} of speech plus pauses) "
        f"in {len(estimates)} segments"
    )


def _text(script: Script, estimates: list[SegmentEstimate]) -> str:
    lines = [_heading(script)]
    for e in estimates:
        lines += ["", f"[{e.kind}] {e.title} ({clock(e.seconds)})", e.text]
    return "\n".join(lines + ["", _summary(estimates)])


def _markdown(script: Script, estimates: list[SegmentEstimate]) -> str:
    lines = [f"# {_heading(script)}", "", f"*{script.date.isoformat()}*"]
    for e in estimates:
        lines += ["", f"## {e.title} ({clock(e.seconds)})", "", e.text]
    return "\n".join(lines + ["", f"**{_summary(estimates)}**"])


def _json(script: Script, estimates: list[SegmentEstimate]) -> str:
    document = {
        "title": script.title,
        "date": script.date.isoformat(),
        "segments": [{"kind": e.kind, "title": e.title, "text": e.text, "seconds": e.seconds} for e in estimates],
        "total_seconds": total_seconds(estimates),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _ssml(script: Script, estimates: list[SegmentEstimate]) -> str:
    """SSML 1.1: one paragraph per segment, the episode's pauses as breaks."""
    from xml.sax.saxutils import escape, quoteattr  # deferred: it pulls in urllib.request, which make never needs

    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<speak version="1.1" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en">']
    for e in estimates:
        lines.append(f"  <p><mark name={quoteattr(e.kind + ': ' + e.title)}/>{escape(e.text)}</p>")
        if e.pause_after:
            lines.append(f'  <break time="{round(e.pause_after * 1000)}ms"/>')
    return "\n".join(lines + ["</speak>"])
