"""Serving pictures from the app's own domain: uploads and drawn share pictures, cached for a year.

Names carry a hash of the content (uploads: of the pixels; drawn pictures: of the title and colour),
so a file never changes under its name and browsers may keep it (``immutable``).
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, current_app, redirect, request
from sqlalchemy import select

from ..extensions import db, limiter
from ..series.models import Theme
from . import drawing, storage
from .links import SITE_SLUG, SITE_TITLE, drawn_name

blueprint = Blueprint("images", __name__)

YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={YEAR}, immutable"


MIMETYPES = {".webp": "image/webp", ".jpg": "image/jpeg", ".png": "image/png"}


def _immutable(path: Path) -> Response:
    """The file's bytes (pictures are small: read whole, no file handle left open) with year-long caching."""
    response = Response(path.read_bytes(), mimetype=MIMETYPES[path.suffix])
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["Cross-Origin-Resource-Policy"] = "same-site"
    response.set_etag(path.name)
    response.make_conditional(request)
    return response


@blueprint.route("/media/images/<name>")
@limiter.exempt
def uploaded(name: str):
    if not storage.UPLOADED_NAME.match(name):
        abort(404)
    folder = storage.images_dir(current_app.config["UPLOAD_FOLDER"])
    if not (folder / name).is_file():
        abort(404)
    return _immutable(folder / name)


def _drawn_subject(name: str) -> tuple[str, str, str] | None:
    """(slug, title, colour) of the picture ``name`` asks for, by its slug part; None when unknown."""
    slug = name.rsplit("-", 1)[0]
    if slug == SITE_SLUG:
        return SITE_SLUG, SITE_TITLE, drawing.BRAND_COLOUR
    if slug.startswith("theme-"):
        theme = db.session.scalar(select(Theme).where(Theme.slug == slug.removeprefix("theme-")))
        if theme is not None:
            return slug, theme.name, theme.colour
    return None


@blueprint.route("/media/drawn/<name>")
@limiter.exempt
def drawn(name: str):
    """A theme's (or the series') picture, drawn once and kept on disk; an outdated name leads to the current one."""
    found = _drawn_subject(name) if storage.DRAWN_NAME.match(name) else None
    if found is None:
        abort(404)
    slug, title, colour = found
    current = drawn_name(slug, title, colour)
    if current != name:
        return redirect(f"/media/drawn/{current}")
    folder = storage.drawn_dir(current_app.config["UPLOAD_FOLDER"])
    if not (folder / name).is_file():
        storage.write_atomically(folder / name, drawing.share_picture(title, colour))
    return _immutable(folder / name)
