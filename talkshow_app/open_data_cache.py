"""Open data and feeds kept server-side under the page cache's content version: a repeat costs no SQL.

What ``caching.py`` does for HTML pages, this does for what programs poll: every ``GET /api/...``, the
public feeds (``/calendar.ics``, ``/themes/<slug>/calendar.ics``, ``/talkshows/<slug>/calendar.ics``,
``/archive/feed.xml``) and the data a page's script loads (``/matching/labs.json``). The answer the view
built, with its ``ETag``, ``Cache-Control``, ``Link`` and ``Last-Modified`` headers
(``http_caching.conditional``), is stored keyed by scheme, host, path with query and language, under the
content version that any committed change replaces. A repeat is served from it: no SQL, no
serialisation, and a matching ``If-None-Match`` is a 304 straight away. Only answers that went through
``conditional`` (200 with an ``ETag`` and ``public``) are stored, and only for anonymous callers; the
personal ``/registrations/<token>/invite.ics`` is not in the list and is never stored.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request
from flask_limiter.util import get_qualified_name
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from .api.cors import FEED_ENDPOINTS
from .caching import STATUS_HEADER, cache, page_cache
from .database import utcnow
from .extensions import limiter
from .i18n import current_language

log = logging.getLogger(__name__)

KEY_PREFIX = "data:"
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
NOT_STORED_HEADERS = frozenset({"content-length", "set-cookie"})
CORS_PREFIX = "access-control-"  # added on every answer by api.cors, hit or miss
# Public data a page's script loads (not open data with CORS, but cached the same way).
PAGE_DATA_ENDPOINTS = frozenset({"matching.map_labs"})


@dataclass(frozen=True)
class StoredAnswer:
    version: str
    body: bytes
    headers: list[tuple[str, str]]


def _is_open_data() -> bool:
    if request.method != "GET":
        return False
    if request.endpoint in FEED_ENDPOINTS or request.endpoint in PAGE_DATA_ENDPOINTS:
        return True
    return request.path.startswith("/api/") and request.endpoint is not None


def _key() -> str:
    raw = "\n".join((request.scheme, request.host, request.full_path, current_language()))
    return KEY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _count_against_route_limits() -> None:
    """A stored answer still spends the caller's /api budget: the view's own limit decorator is not reached,
    so check its limits here (the app-wide ones were checked before this hook). Over budget: the usual 429."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is not None and limiter.enabled:
        limiter._check_request_limit(in_middleware=False, callable_name=get_qualified_name(view))


def serve_stored() -> BaseResponse | None:
    """Before the view: the stored answer when it was built under the current version (304 on a match)."""
    pages = page_cache()
    if pages is None or not _is_open_data() or current_user.is_authenticated:
        return None
    key = _key()
    try:
        version, answer = pages.lookup(key)
        if version is None:
            version = pages.ensure_version()
    except Exception:  # the cache being down must not take the open data with it
        log.warning("open data cache unavailable; building the answer without it", exc_info=True)
        return None
    if isinstance(answer, StoredAnswer) and answer.version == version:
        _count_against_route_limits()
        response = Response(answer.body, status=200, headers=answer.headers)
        response.headers[STATUS_HEADER] = "hit"
        g.open_data_hit = True
        return response.make_conditional(request)
    # Build the whole answer to store it, even when this caller only asks whether their copy is current.
    g.open_data_cache = (key, version, {name: request.environ.pop(name, None) for name in CONDITIONAL_HEADERS})
    return None


def store_built(response: BaseResponse) -> BaseResponse:
    """After the view: keep a cacheable open-data answer; then answer the caller's conditional request."""
    if "open_data_cache" not in g or g.get("open_data_hit"):
        return response
    key, version, asked = g.pop("open_data_cache")
    environ = dict(request.environ)
    environ.update({name: value for name, value in asked.items() if value is not None})
    if (
        response.status_code != 200
        or response.direct_passthrough
        or response.is_streamed
        or not response.headers.get("ETag")
        or not response.cache_control.public
        or current_user.is_authenticated
    ):
        return response.make_conditional(environ) if response.status_code == 200 else response
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in NOT_STORED_HEADERS and not name.lower().startswith(CORS_PREFIX)
    ]
    pages = page_cache()
    answer = StoredAnswer(version, response.get_data(), headers)
    try:
        if pages is not None:
            cache.set(key, answer, timeout=pages.timeout(version, utcnow()))
    except Exception:
        log.warning("open data cache unavailable; answer not stored", exc_info=True)
    response.headers[STATUS_HEADER] = "miss"
    return response.make_conditional(environ)


def init_app(app: Flask) -> None:
    """After ``caching.init_app``: uses its store and content version (nothing when the page cache is off)."""
    if "page_cache" not in app.extensions:
        return
    app.before_request(serve_stored)
    app.after_request(store_built)
