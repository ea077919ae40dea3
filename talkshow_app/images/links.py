"""Addresses of pictures for templates: ``srcset`` lists, drawn theme pictures, and the share picture of a page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, url_for

from ..series.models import Theme
from . import drawing
from .models import StoredImage
from .processing import variant_filename

SITE_SLUG = "site"
SITE_TITLE = "City Deal Kennis Maken"
SHARE_WIDTH = 1280  # the width offered to social media (they show about 1200)


@dataclass(frozen=True)
class Sources:
    webp: str  # "url 320w, url 640w, …"
    jpeg: str
    src: str  # the fallback for browsers without srcset
    width: int
    height: int
    alt: str


def _uploaded(key: str, width: int, extension: str) -> str:
    return url_for("images.uploaded", name=variant_filename(key, width, extension))


def sources(image: StoredImage) -> Sources:
    widths = image.width_list or [image.width]
    fallback = next((width for width in widths if width >= 640), widths[-1])
    return Sources(
        webp=", ".join(f"{_uploaded(image.key, width, 'webp')} {width}w" for width in widths),
        jpeg=", ".join(f"{_uploaded(image.key, width, 'jpg')} {width}w" for width in widths),
        src=_uploaded(image.key, fallback, "jpg"),
        width=image.width,
        height=image.height,
        alt=image.alt_text,
    )


def drawn_name(slug: str, title: str, colour: str) -> str:
    return f"{slug}-{drawing.picture_key(title, colour)}.png"


def theme_picture_url(theme: Theme | None) -> str:
    """The drawn picture of a theme (its colour and name), or of the whole series without a theme."""
    if theme is None:
        return url_for("images.drawn", name=drawn_name(SITE_SLUG, SITE_TITLE, drawing.BRAND_COLOUR))
    return url_for("images.drawn", name=drawn_name(f"theme-{theme.slug}", theme.name, theme.colour))


def _absolute(path: str) -> str:
    return current_app.config["PUBLIC_URL"] + path


def _themes_of(item: Any) -> list[Theme]:
    theme = getattr(item, "theme", None)
    if isinstance(theme, Theme):
        return [theme]
    themes = getattr(item, "themes", None)
    return list(themes) if themes else []


def share_image(item: Any = None) -> dict[str, Any]:
    """What ``og:image`` shows for a page about ``item``: its own picture, else its theme's, else the series'.

    Answers the absolute URL, the size, the type and the description (empty for a drawn picture).
    """
    image = None
    for attribute in ("image", "photo"):
        candidate = getattr(item, attribute, None) if item is not None else None
        if isinstance(candidate, StoredImage):
            image = candidate
            break
    if image is not None:
        widths = image.width_list or [image.width]
        width = max((w for w in widths if w <= SHARE_WIDTH), default=widths[0])
        height = round(image.height * width / image.width) if image.width else image.height
        url = _absolute(_uploaded(image.key, width, "jpg"))
        return {"url": url, "width": width, "height": height, "type": "image/jpeg", "alt": image.alt_text}
    theme = item if isinstance(item, Theme) else next(iter(_themes_of(item)), None) if item is not None else None
    width, height = drawing.SHARE_SIZE
    url = _absolute(theme_picture_url(theme))
    return {"url": url, "width": width, "height": height, "type": "image/png", "alt": ""}


def register_template_helpers(app: Flask) -> None:
    app.add_template_global(sources, "picture_sources")
    app.add_template_global(theme_picture_url, "theme_picture_url")
    app.add_template_global(share_image, "share_image")
