"""/robots.txt, /sitemap.xml, /favicon.ico, /apple-touch-icon.png and the web app manifest."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify

from ..extensions import limiter
from ..i18n import current_language
from ..images.drawing import BRAND_COLOUR
from . import sitemap
from .meta import PRIVATE_PREFIXES, SITE_NAME

blueprint = Blueprint("sharing", __name__)

ICONS = "icons"
DAY = 24 * 3600
FIXED_PAGES = ("/privacy", "/toegankelijkheid", "/impact")


def _public_url() -> str:
    return str(current_app.config["PUBLIC_URL"])


@blueprint.route("/robots.txt")
@limiter.exempt
def robots():
    lines = ["User-agent: *", *(f"Disallow: {prefix}" for prefix in PRIVATE_PREFIXES), "Disallow: /api/"]
    lines += ["Allow: /", "", f"Sitemap: {_public_url()}/sitemap.xml", ""]
    response = Response("\n".join(lines), mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = DAY
    return response


@blueprint.route("/sitemap.xml")
def sitemap_xml():
    known = {rule.rule for rule in current_app.url_map.iter_rules()}
    body = sitemap.render(_public_url(), sitemap.entries([path for path in FIXED_PAGES if path in known]))
    response = Response(body, mimetype="application/xml")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


def _icon(name: str, mimetype: str) -> Response:
    """A shipped icon, read whole (a few kilobytes; no file handle left open when a browser drops the request)."""
    path = Path(current_app.static_folder or "static") / ICONS / name
    response = Response(path.read_bytes(), mimetype=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = 7 * DAY
    return response


@blueprint.route("/favicon.ico")
@limiter.exempt
def favicon():
    return _icon("favicon.ico", "image/vnd.microsoft.icon")


@blueprint.route("/apple-touch-icon.png")
@blueprint.route("/apple-touch-icon-precomposed.png")
@limiter.exempt
def apple_touch_icon():
    return _icon("apple-touch-icon.png", "image/png")


@blueprint.route("/manifest.webmanifest")
@limiter.exempt
def manifest():
    icons = [
        {"src": f"/static/{ICONS}/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    body = {
        "name": SITE_NAME,
        "short_name": "DHDD",
        "lang": current_language(),
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": BRAND_COLOUR,
        "icons": icons,
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    response.cache_control.public = True
    response.cache_control.max_age = DAY
    return response
