"""CORS for open data: any origin may read GET /api/* and the feeds; nothing else answers cross-origin.

A small ``after_request`` rather than Flask-Cors: the feeds live at several paths outside /api with a
personal ``invite.ics`` beside them, which is simplest to express as a set of endpoints; there are never
credentials to allow, so the answer is always the same ``*``; and it needs no dependency.
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.wrappers import Response

FEED_ENDPOINTS = frozenset({"calendar.series_feed", "calendar.theme_feed", "calendar.talkshow_file", "archive.feed"})
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
EXPOSED = "ETag, Link, Retry-After, Content-Language"
# Headers a reading script may send; If-None-Match is not CORS-safelisted, so it asks first (preflight).
ALLOWED_REQUEST_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"


def is_open_data() -> bool:
    path = request.path
    return path == "/api" or path.startswith("/api/") or request.endpoint in FEED_ENDPOINTS


def add_cors_headers(response: Response) -> Response:
    if request.method not in READ_METHODS or not is_open_data():
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_REQUEST_HEADERS
        response.headers["Access-Control-Max-Age"] = "86400"
    return response


def init_app(app: Flask) -> None:
    app.after_request(add_cors_headers)
