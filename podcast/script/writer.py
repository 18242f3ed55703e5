"""Write stage: a Digest and the jinja2 templates → the spoken Script."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import jinja2

from ..errors import TemplateError
from ..models import Digest, Script, Segment
from .speech import spoken_date, to_speech

TEMPLATE_SUFFIX = ".txt.j2"
KINDS = ("intro", "headlines", "story", "outro")


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
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters["sentence"] = as_sentence
    return env


def as_sentence(text: str) -> str:
    """End a heading or bullet with a full stop so the voice pauses after it.

    >>> as_sentence("Rail link opens"), as_sentence("Why now?")
    ('Rail link opens.', 'Why now?')
    """
    text = text.strip()
    return text if not text or text[-1] in ".!?:;" else text + "."


def _render(env: jinja2.Environment, kind: str, **context) -> str:
    name = f"{kind}{TEMPLATE_SUFFIX}"
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"template {name}, line {exc.lineno}: {exc.message}; fix the template") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"template {name}: {exc.message}; use only the variables the bundled templates use") from None


def show_name(digest: Digest, configured: str = "") -> str:
    """The configured show name, else the digest's own name (its title before ':')."""
    if configured:
        return configured
    head, sep, _ = digest.title.partition(":")
    return head.strip() if sep and head.strip() else "News Roundup"


def episode_title(digest: Digest) -> str:
    """The episode's own title: the digest title after the show name."""
    _, sep, tail = digest.title.partition(":")
    return tail.strip() if sep and tail.strip() else digest.title


def write_script(digest: Digest, date: dt.date, show: str = "", templates_dir: Path | None = None) -> Script:
    """Render every segment of the episode from the templates, in order."""
    env = _environment(templates_dir)
    name = show_name(digest, show)
    common = {"show": name, "digest": digest, "date": date, "date_spoken": spoken_date(date)}
    headlines = list(digest.hub) or [s.title for s in digest.stories]
    total = len(digest.stories)
    segments = [
        Segment("intro", "Intro", to_speech(_render(env, "intro", **common)), "anchor"),
        Segment("headlines", "Headlines", to_speech(_render(env, "headlines", headlines=headlines, **common)), "anchor"),
    ]
    for index, story in enumerate(digest.stories, start=1):
        text = _render(env, "story", story=story, index=index, total=total, **common)
        segments.append(Segment("story", story.title, to_speech(text), "story"))
    segments.append(Segment("outro", "Outro", to_speech(_render(env, "outro", **common)), "anchor"))
    return Script(show=name, title=episode_title(digest), date=date, segments=tuple(s for s in segments if s.text))
