"""Write stage: a Digest and the jinja2 templates → the spoken Script.

The script sounds edited, not read off a page: an intro with the show's name and
the spoken date, a headline rundown, a transition into every story, an optional
"who's who", an outro, and no sentence said twice. Which segments there are, in
what order, and what each reads is the table in kinds.py.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path
from typing import Mapping, Sequence

import jinja2

from ..errors import TemplateError
from ..models import Digest, Script, Segment
from ..sentences import SENTENCE_END, as_sentence, first_sentence, split_sentences
from . import kinds as segment_kinds
from .kinds import SegmentKind, is_on
from ..visible import visible
from .speech import spoken_date, to_speech

TEMPLATE_SUFFIX = ".txt.j2"


def bundled_templates() -> Path:
    """The templates shipped with the package (the repo's scripts_templates/)."""
    return Path(str(resources.files("podcast.scripts_templates")))


def _environment(templates_dir: Path | None, kinds: Sequence[SegmentKind]) -> jinja2.Environment:
    """Templates from the user's folder, falling back to the bundled ones for optional kinds it leaves out."""
    folder = templates_dir or bundled_templates()
    if not folder.is_dir():
        raise TemplateError(f"templates folder {folder} not found; copy scripts_templates/ there or drop --templates")
    missing = [k.name for k in kinds if not k.optional and not (folder / f"{k.name}{TEMPLATE_SUFFIX}").is_file()]
    if missing:
        raise TemplateError(
            f"templates folder {folder} lacks {', '.join(k + TEMPLATE_SUFFIX for k in missing)}; "
            "copy them from the bundled scripts_templates/"
        )
    loaders = [jinja2.FileSystemLoader(str(folder)), jinja2.FileSystemLoader(str(bundled_templates()))]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters["sentence"] = as_sentence
    env.filters["first_sentence"] = first_sentence
    return env


def _render(env: jinja2.Environment, kind: str, **context) -> str:
    name = f"{kind}{TEMPLATE_SUFFIX}"
    try:
        return visible(env.get_template(name).render(**context))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template {name}, line {exc.lineno}: {exc.message}; fix the template") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template {name}: {exc.message}; use only the variables the bundled templates use") from None


def show_name(digest: Digest, configured: str = "") -> str:
    """The configured show name, else the digest's own name (its title before ':', or a short title)."""
    if configured.strip():
        return visible(configured).strip()
    head, sep, _ = digest.title.partition(":")
    if sep and head.strip():
        return head.strip()
    return digest.title if len(digest.title.split()) <= 6 else "News Roundup"


def episode_title(digest: Digest) -> str:
    """The episode's own title: the digest title after the show name."""
    _, sep, tail = digest.title.partition(":")
    return tail.strip() if sep and tail.strip() else digest.title


def write_script(
    digest: Digest,
    date: dt.date,
    show: str = "",
    templates_dir: Path | None = None,
    segments: Mapping[str, bool] | None = None,
    kinds: Sequence[SegmentKind] | None = None,
) -> Script:
    """Render every segment of the episode from the templates, in the order of `kinds`.

    `segments` switches optional kinds on or off by name (`{"whos_who": True}`);
    the others take their kind's default. `kinds` defaults to the table, SEGMENT_KINDS.
    """
    kinds = kinds or segment_kinds.SEGMENT_KINDS
    env = _environment(templates_dir, kinds)
    name = show_name(digest, show)
    common = {"show": name, "digest": digest, "date": date, "date_spoken": spoken_date(date)}
    written = [
        spoken_segment(kind.name, title, _render(env, kind.name, **variables, **common), kind.role)
        for kind in kinds
        if is_on(kind, segments or {})
        for title, variables in kind.content(digest)
    ]
    spoken = [s for s in drop_repeated_sentences(written) if s.text]
    return Script(show=name, title=episode_title(digest), date=date, segments=tuple(spoken))


def spoken_segment(kind: str, title: str, written: str, role: str) -> Segment:
    """A segment said sentence by sentence, each written sentence kept beside what is said for it.

    >>> spoken_segment("story", "A", "Prices rose 2.5%. BYD sold 10 cars on Oct. 22.", "story").sentences
    (('Prices rose 2.5%.', 'Prices rose two point five percent.'), ('BYD sold 10 cars on Oct. 22.', 'BYD sold ten cars on October twenty-second.'))
    """
    pairs = tuple((" ".join(w.split()), s) for w in split_sentences(written) if (s := to_speech(w)))
    return Segment(kind, title, " ".join(s for _, s in pairs), role, pairs)


def drop_repeated_sentences(segments: list[Segment]) -> list[Segment]:
    """Each sentence is said once: a later copy (a teaser, a pull quote, a summary line) is dropped.

    >>> a = spoken_segment("story", "A", "First up: Rail opens. It cuts the trip to an hour.", "story")
    >>> b = spoken_segment("outro", "B", "It cuts the trip to an hour! Thanks for listening.", "anchor")
    >>> [s.text for s in drop_repeated_sentences([a, b])]
    ['First up: Rail opens. It cuts the trip to an hour.', 'Thanks for listening.']
    """
    said: set[str] = set()
    kept = []
    for segment in segments:
        pairs = []
        for written, spoken in segment.sentences or ((segment.text, segment.text),):
            parts = []
            for sentence in SENTENCE_END.split(spoken):
                key = " ".join(re.findall(r"\w+", sentence.lower()))
                if len(key.split()) >= 3 and key in said:
                    continue
                said.add(key)
                parts.append(sentence)
            if parts:
                left = " ".join(parts)
                pairs.append((written if left == spoken else left, left))
        text = " ".join(s for _, s in pairs)
        kept.append(Segment(segment.kind, segment.title, text, segment.role, tuple(pairs) if segment.sentences else ()))
    return kept
