"""Chapter side formats: Podcasting 2.0 JSON chapters, and ffmetadata for M4A."""

from __future__ import annotations

import json

from ..models import Chapter


def chapters_json(chapters: tuple[Chapter, ...]) -> str:
    """The Podcast Index JSON chapters file (version 1.2.0), times in seconds.

    >>> print(chapters_json((Chapter("Intro", 2.5, 9.0),)))
    {
      "version": "1.2.0",
      "chapters": [
        {
          "startTime": 2.5,
          "endTime": 9.0,
          "title": "Intro"
        }
      ]
    }
    """
    items = [{"startTime": round(c.start, 3), "endTime": round(c.end, 3), "title": c.title} for c in chapters]
    return json.dumps({"version": "1.2.0", "chapters": items}, indent=2, ensure_ascii=False)


def _escape(text: str) -> str:
    for char in "\\=;#\n":
        text = text.replace(char, "\\" + char)
    return text


def ffmetadata(chapters: tuple[Chapter, ...], opening: str) -> str:
    """ffmpeg's metadata file format, which its MP4 muxer turns into a chapter track.

    An MP4 chapter track starts at 0, so music before the first words gets its
    own chapter, titled `opening`, and every spoken chapter keeps its own start.

    >>> print(ffmetadata((Chapter("A=B", 1.5, 3.0),), "Show"), end="")
    ;FFMETADATA1
    [CHAPTER]
    TIMEBASE=1/1000
    START=0
    END=1500
    title=Show
    [CHAPTER]
    TIMEBASE=1/1000
    START=1500
    END=3000
    title=A\\=B
    """
    if chapters and chapters[0].start > 0:
        chapters = (Chapter(opening, 0.0, chapters[0].start), *chapters)
    parts = [";FFMETADATA1"]
    for c in chapters:
        parts += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(c.start * 1000)}", f"END={round(c.end * 1000)}", f"title={_escape(c.title)}"]
    return "\n".join(parts) + "\n"
