"""The episode's script, saved beside its audio as `<episode>.script.json`.

It records what each segment says, who says it (role, engine, voice, rate) and
where it lies in the audio, so the episode can be checked later against exactly
what it was meant to say (`roundup-podcast check`) without re-reading the digest.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..atomic import replacing
from ..errors import QualityCheckError
from ..models import Chapter, Script, Segment

SUFFIX = ".script.json"


@dataclass(frozen=True)
class PlacedSegment:
    """A segment of the script and where it lies in the episode."""

    segment: Segment
    start: float
    end: float
    voice: str = ""
    """`engine voice rate` that spoke it, e.g. `piper en_US-joe-medium 175`."""


def script_file_path(episode: Path) -> Path:
    """`2026-11-25-show.mp3` → `2026-11-25-show.script.json`."""
    return episode.with_suffix(SUFFIX)


def write_script_file(path: Path, script: Script, chapters: tuple[Chapter, ...], voices: dict[str, str]) -> None:
    """Write the script with each segment's times and voice, atomically."""
    data = {
        "show": script.show,
        "title": script.title,
        "date": script.date.isoformat(),
        "segments": [
            {
                "kind": segment.kind,
                "title": segment.title,
                "role": segment.role,
                "voice": voices.get(segment.role, ""),
                "start": round(chapter.start, 3),
                "end": round(chapter.end, 3),
                "text": segment.text,
            }
            for segment, chapter in zip(script.segments, chapters)
        ],
    }
    with replacing(path, "check the output folder") as temporary:
        temporary.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_script_file(path: Path) -> tuple[Script, list[PlacedSegment]]:
    """The script and its placed segments, from a file written by write_script_file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        placed = [
            PlacedSegment(Segment(s["kind"], s["title"], s["text"], s["role"]), float(s["start"]), float(s["end"]), s.get("voice", ""))
            for s in data["segments"]
        ]
        script = Script(data["show"], data["title"], dt.date.fromisoformat(data["date"]), tuple(p.segment for p in placed))
    except FileNotFoundError:
        raise QualityCheckError(
            f"{path} not found; it is written beside each episode by 'roundup-podcast make': make the episode again, or give --script"
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise QualityCheckError(f"{path} is not a script file written by roundup-podcast ({exc}); make the episode again") from None
    return script, placed
