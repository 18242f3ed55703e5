"""Cover art: the show's own image, checked, or a generated one with the show title.

Apple wants a square JPEG or PNG of 1400 to 3000 px in RGB; a configured image
that is not one is refused with what to change. The generated cover is drawn
with Pillow and its bundled font, so it needs no system fonts.
"""

from __future__ import annotations

import hashlib
import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..config import check_cover
from ..errors import ConfigError

SIZE = 1400


@dataclass(frozen=True)
class CoverArt:
    """Image bytes ready for an APIC frame, and their MIME type."""

    data: bytes
    mime: str


def load_cover(path: Path) -> CoverArt:
    """Read the show's cover image, checked as the feed needs it (config.check_cover)."""
    problem = check_cover(path)
    if problem:
        raise ConfigError(f"[show] cover {problem}")
    with Image.open(path) as image:
        kind = image.format
    return CoverArt(path.read_bytes(), "image/jpeg" if kind == "JPEG" else "image/png")


def _palette(title: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """Two colours picked from the title, so each show keeps its own look between runs."""
    digest = hashlib.sha256(title.encode("utf-8")).digest()
    hue = digest[0] / 255
    top = tuple(int(40 + 60 * abs(((hue + shift) % 1) * 2 - 1)) for shift in (0.0, 0.33, 0.66))
    bottom = tuple(min(255, c + 70) for c in top)
    return top, bottom  # type: ignore[return-value]


def default_cover(title: str, size: int = SIZE) -> CoverArt:
    """A square JPEG: a two-colour gradient, a row of level bars, and the show title."""
    top, bottom = _palette(title)
    image = Image.new("RGB", (size, size))
    draw = ImageDraw.Draw(image)
    for y in range(size):
        mix = y / (size - 1)
        draw.line([(0, y), (size, y)], fill=tuple(round(a + (b - a) * mix) for a, b in zip(top, bottom)))
    bars = 24
    width = size // (bars * 2)
    for n in range(bars):
        height = size * (0.04 + 0.12 * abs(((n * 7) % 11) / 10 - 0.5) * 2)
        x = size // 2 - bars * width + n * 2 * width
        draw.rectangle([x, size * 0.78 - height, x + width, size * 0.78], fill=(255, 255, 255))
    lines = textwrap.wrap(title or "Podcast", 14) or ["Podcast"]
    font_size = min(size // 7, int(size * 0.85 / max(len(line) for line in lines) * 1.8))
    font = ImageFont.load_default(size=font_size)
    y = size * 0.42 - len(lines) * font_size * 0.6
    for line in lines:
        left, _, right, _ = draw.textbbox((0, 0), line, font=font)
        draw.text(((size - (right - left)) / 2, y), line, font=font, fill=(255, 255, 255))
        y += font_size * 1.2
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return CoverArt(buffer.getvalue(), "image/jpeg")
