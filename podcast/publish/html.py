"""The one autoescaping jinja2 environment behind every piece of HTML we publish.

Everything a digest says reaches HTML only through these templates, so it is
escaped in one place: the show notes in the feed and the pages of the site.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..models import ShowNotes

NOTES_LIMIT = 4000
"""Apple's limit for an item description, in bytes."""


@lru_cache(maxsize=1)
def environment() -> Environment:
    """Templates from the package, autoescaped (.html.j2), undefined names are errors."""
    return Environment(
        loader=PackageLoader("podcast.publish", "templates"),
        autoescape=select_autoescape(["html.j2", "xml.j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def clock(seconds: float) -> str:
    """A time in the episode as pages show it: H:MM:SS or M:SS.

    >>> clock(65.4), clock(3725)
    ('1:05', '1:02:05')
    """
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def notes_html(notes: ShowNotes) -> str:
    """Show notes as HTML (p, ul, ol, li only), cut to Apple's 4000 bytes by dropping bullets."""
    template = environment().get_template("notes.html.j2")
    bullets = list(notes.bullets)
    while True:
        html = template.render(notes=notes, bullets=bullets).strip()
        if len(html.encode("utf-8")) <= NOTES_LIMIT or not bullets:
            return html
        bullets.pop()
