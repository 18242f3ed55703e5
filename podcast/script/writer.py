"""Write stage: a Digest and the jinja2 templates → the spoken Script.

The script sounds edited, not read off a page: an intro with the show's name and
the spoken date, a headline rundown, a transition into every story, an optional
"who's who", an outro, and no sentence said twice.
"""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

import jinja2

from ..errors import TemplateError
from ..models import Digest, Script, Segment, Story
from .speech import spoken_date, to_speech

TEMPLATE_SUFFIX = ".txt.j2"
KINDS = ("intro", "headlines", "story", "outro")
OPTIONAL_KINDS = ("whos_who",)
"""Templates a user's folder may leave out: the bundled ones are used instead."""
_SENTENCE = re.compile(
    r"(?<=[.!?])(?<!\bCo\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bInc\.)(?<!\bLtd\.)(?<!\b[A-Z]\.)"
    r"\s+(?=[A-Z0-9\"'])"
)


def bundled_templates() -> Path:
    """The templates shipped with the package (the repo's scripts_templates/)."""
    return Path(str(resources.files("podcast.scripts_templates")))


def _environment(templates_dir: Path | None) -> jinja2.Environment:
    folder = templates_dir or bundled_templates()
    if not folder.is_dir():
        raise TemplateError(f"templates folder {folder} not found; copy scripts_templates/ there or drop --templates")
    missing = [k for k in KINDS if not (folder / f"{k}{TEMPLATE_SUFFIX}").is_file()]
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


def first_sentence(text: str) -> str:
    """The first sentence of a paragraph ("Co. Ltd. is" does not end one).

    >>> first_sentence("BYD Co. Ltd. is a carmaker. It also makes batteries.")
    'BYD Co. Ltd. is a carmaker.'
    """
    return _SENTENCE.split(text.strip(), maxsplit=1)[0]


def as_sentence(text: str) -> str:
    """End a heading or bullet with a full stop so the voice pauses after it.

    >>> as_sentence("Rail link opens"), as_sentence("Why now?"), as_sentence('"We are busy."')
    ('Rail link opens.', 'Why now?', '"We are busy."')
    """
    text = text.strip()
    return text if not text or text.rstrip("\"'”’)")[-1:] in (".", "!", "?", ":", ";", "") else text + "."


def _render(env: jinja2.Environment, kind: str, **context) -> str:
    name = f"{kind}{TEMPLATE_SUFFIX}"
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template {name}, line {exc.lineno}: {exc.message}; fix the template") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template {name}: {exc.message}; use only the variables the bundled templates use") from None


def show_name(digest: Digest, configured: str = "") -> str:
    """The configured show name, else the digest's own name (its title before ':', or a short title)."""
    if configured:
        return configured
    head, sep, _ = digest.title.partition(":")
    if sep and head.strip():
        return head.strip()
    return digest.title if len(digest.title.split()) <= 6 else "News Roundup"


def episode_title(digest: Digest) -> str:
    """The episode's own title: the digest title after the show name."""
    _, sep, tail = digest.title.partition(":")
    return tail.strip() if sep and tail.strip() else digest.title


def _spoken_story(story: Story) -> Story:
    """Every paragraph ends with a full stop, so the voice never runs two together."""
    return Story(story.title, "\n\n".join(as_sentence(p) for p in story.body.split("\n\n") if p.strip()))


def write_script(
    digest: Digest, date: dt.date, show: str = "", templates_dir: Path | None = None, whos_who: bool = False
) -> Script:
    """Render every segment of the episode from the templates, in order.

    The rundown reads the summary bullets, or the story headings when there are
    none; a digest of bare headlines has no rundown, since its stories are the
    headlines. With `whos_who`, the glossary is read after the stories.
    """
    env = _environment(templates_dir)
    name = show_name(digest, show)
    common = {"show": name, "digest": digest, "date": date, "date_spoken": spoken_date(date)}
    stories = [_spoken_story(s) for s in digest.stories]
    headlines = list(digest.hub) or ([s.title for s in stories] if any(s.body for s in stories) else [])
    total = len(stories)
    segments = [Segment("intro", "Intro", to_speech(_render(env, "intro", **common)), "anchor")]
    if headlines:
        segments.append(Segment("headlines", "Headlines", to_speech(_render(env, "headlines", headlines=headlines, **common)), "anchor"))
    for index, story in enumerate(stories, start=1):
        text = _render(env, "story", story=story, index=index, total=total, **common)
        segments.append(Segment("story", story.title, to_speech(text), "story"))
    if whos_who and digest.glossary:
        text = _render(env, "whos_who", glossary=digest.glossary, **common)
        segments.append(Segment("whos_who", "Who's who", to_speech(text), "anchor"))
    segments.append(Segment("outro", "Outro", to_speech(_render(env, "outro", **common)), "anchor"))
    spoken = [s for s in drop_repeated_sentences(segments) if s.text]
    return Script(show=name, title=episode_title(digest), date=date, segments=tuple(spoken))


def drop_repeated_sentences(segments: list[Segment]) -> list[Segment]:
    """Each sentence is said once: a later copy (a teaser, a pull quote, a summary line) is dropped.

    >>> a = Segment("story", "A", "First up: Rail opens. It cuts the trip to an hour.")
    >>> b = Segment("outro", "B", "It cuts the trip to an hour! Thanks for listening.")
    >>> [s.text for s in drop_repeated_sentences([a, b])]
    ['First up: Rail opens. It cuts the trip to an hour.', 'Thanks for listening.']
    """
    said: set[str] = set()
    kept = []
    for segment in segments:
        sentences = []
        for sentence in _SENTENCE.split(segment.text):
            key = " ".join(re.findall(r"\w+", sentence.lower()))
            if len(key.split()) >= 3 and key in said:
                continue
            said.add(key)
            sentences.append(sentence)
        kept.append(Segment(segment.kind, segment.title, " ".join(sentences), segment.role))
    return kept
