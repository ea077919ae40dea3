"""Pictures drawn by the app itself: a share picture per theme, the site icon. Pure Pillow, no Flask.

A theme's picture is its colour with its name in large type, so no card and no share preview is
ever empty; the text colour is whichever of white or near-black contrasts more with the theme colour.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import unicodedata
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SHARE_SIZE = (1200, 630)  # what Open Graph and Twitter cards show best
SITE_NAME = "Den Haag Draait Door"
BRAND_COLOUR = "#0b4f8a"  # --brand in static/css/app.css
DRAWING_VERSION = "2"  # raise when the drawing changes, so cached files get new names
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
DARK = (17, 24, 39)
LIGHT = (255, 255, 255)


def parse_colour(colour: str, fallback: str = BRAND_COLOUR) -> tuple[int, int, int]:
    value = colour if _HEX.match(colour or "") else fallback
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def text_colour(background: tuple[int, int, int]) -> tuple[int, int, int]:
    """White or near-black, whichever has the higher WCAG contrast with the background."""
    lum = _luminance(background)
    on_white = (1.05) / (lum + 0.05)
    on_dark = (lum + 0.05) / (_luminance(DARK) + 0.05)
    return LIGHT if on_white >= on_dark else DARK


def picture_key(title: str, colour: str) -> str:
    """Names the drawn file: changes when the theme's name or colour (or the drawing) changes."""
    digest = hashlib.sha256(f"{DRAWING_VERSION}|{title}|{colour}".encode()).hexdigest()
    return digest[:16]


# Bold sans-serif faces with the accents Dutch needs ("barrières", "coöperatie"), as Debian ships them
# (fonts-dejavu-core, fonts-liberation). Pillow's own default face lacks them: see ``_printable``.
FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
)


@functools.cache
def _font_file() -> str | None:
    return next((name for name in FONT_FILES if Path(name).is_file()), None)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = _font_file()
    return ImageFont.truetype(name, size) if name else ImageFont.load_default(size=size)


def _printable(text: str) -> str:
    """With Pillow's default face (no system font found) accents become their base letter, not a box."""
    if _font_file():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]


def share_picture(title: str, colour: str, size: tuple[int, int] = SHARE_SIZE) -> bytes:
    """A PNG: the colour, a band, the site name small and ``title`` large (wrapped, at most three lines)."""
    background = parse_colour(colour)
    ink = text_colour(background)
    picture = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(picture)
    width, height = size
    margin = width // 15
    band = tuple(int(c * 0.8) for c in background)
    draw.rectangle((0, height - height // 8, width, height), fill=band)
    draw.text((margin, margin), SITE_NAME, font=_font(width // 28), fill=ink)
    title = _printable(title)
    title_size = width // 14
    font = _font(title_size)
    lines = _wrap(draw, title, font, width - 2 * margin)
    while len(lines) > 3 and title_size > width // 30:
        title_size -= 6
        font = _font(title_size)
        lines = _wrap(draw, title, font, width - 2 * margin)
    top = height // 2 - (len(lines[:3]) * title_size * 6 // 5) // 2
    for number, line in enumerate(lines[:3]):
        draw.text((margin, top + number * title_size * 6 // 5), line, font=font, fill=ink)
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def icon(size: int, colour: str = BRAND_COLOUR) -> Image.Image:
    """The site icon: the series' initials on its colour, for the favicon and the app icons."""
    background = parse_colour(colour)
    picture = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(picture)
    font = _font(max(8, size * 2 // 5))
    draw.text((size / 2, size / 2), "DH", font=font, fill=text_colour(background), anchor="mm")
    return picture


def write_icons(static_folder: str) -> list[str]:
    """Draws favicon.ico, apple-touch-icon.png and the manifest icons into ``static_folder`` (shipped files)."""
    folder = Path(static_folder) / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    icon(256).save(folder / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    written.append("icons/favicon.ico")
    for name, size in (("apple-touch-icon.png", 180), ("icon-192.png", 192), ("icon-512.png", 512)):
        icon(size).save(folder / name, optimize=True)
        written.append(f"icons/{name}")
    return written
