"""Response headers that every page carries, whatever feature rendered it."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app


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


def register(app: Flask) -> None:
    policy = content_security_policy(app.config["MAP_TILE_URL"])

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
