"""ID3 tags written with mutagen (pydub's own tagging is unreliable)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mutagen.id3 import ID3, TALB, TCON, TDRC, TIT2, TPE1
from mutagen.id3 import ID3NoHeaderError


def write_tags(path: Path, *, title: str, show: str, author: str, date: dt.date, genre: str) -> None:
    """Title, show (album), author (artist), date and genre; saved as ID3v2.3 for old players."""
    try:
        tags = ID3(str(path))
    except ID3NoHeaderError:
        tags = ID3()
    tags.add(TIT2(encoding=3, text=title))
    tags.add(TALB(encoding=3, text=show))
    tags.add(TPE1(encoding=3, text=author))
    tags.add(TDRC(encoding=3, text=date.isoformat()))
    tags.add(TCON(encoding=3, text=genre))
    tags.save(str(path), v2_version=3)
