"""Response headers that every page carries, whatever feature rendered it."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, abort, current_app, request
from werkzeug.datastructures import MultiDict


def content_security_policy(tile_url: str) -> str:
    tile_host = urlsplit(tile_url.replace("{s}", "a")).netloc
    tile_origin = f"https://{tile_host}" if tile_host else ""
    if tile_host and "{s}" in tile_url:
        tile_origin = "https://*." + tile_host.split(".", 1)[-1]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src 'self' data: {tile_origin}".strip(),
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def carries_nul_bytes() -> bool:
    """NUL never comes from a person typing; PostgreSQL refuses it in text, so it must not get that far."""
    if "\x00" in request.path or _any_nul(request.args):
        return True
    if request.mimetype in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        return _any_nul(request.form)
    return False


def _any_nul(values: MultiDict[str, str]) -> bool:
    return any("\x00" in value for _key, items in values.lists() for value in items)


def register(app: Flask) -> None:
    policy = content_security_policy(app.config["MAP_TILE_URL"])

    @app.before_request
    def refuse_nul_bytes() -> None:
        if carries_nul_bytes():
            abort(400)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        if current_app.config["APP_ENV"] == "production":
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
