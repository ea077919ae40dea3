"""Rendered public pages for anonymous visitors, kept in a cache and thrown away by any content change.

- What is cached: the HTML of the public pages in ``CACHED_ENDPOINTS`` answered 200 to a GET from a visitor
  who is not logged in and has no flashed message waiting; keyed by host, path with query and language.
  Personal pages (``/registrations/<token>``, the organiser area, anything for a logged-in user) never are.
- Where: ``CACHE_REDIS_URL`` set: Redis (Flask-Caching's ``RedisCache``), shared by every worker and instance;
  else an in-process ``SimpleCache`` per worker.
- Freshness: one global *content version*. SQLAlchemy session events note which tables a transaction wrote
  (``after_flush``, ORM ``UPDATE``/``DELETE``/``INSERT`` statements) and, once it has committed, replace the
  version (``after_commit``), so no service has to remember to invalidate: a registration changes the seat count
  the next request shows. The version lives in Redis, or, for the in-process cache, in a small file under the
  instance folder that every worker on the host reads. A cached page is served only under the version it was
  rendered with, and never after the next talkshow time that can change a page (registration opens or closes,
  a talkshow starts or ends), nor after ``PAGE_CACHE_SECONDS``.
- Forms: the page is stored with a placeholder where this visitor's CSRF token was, and each visitor gets their
  own token put back in; such pages are ``private, no-cache``. Pages without a form are ``public`` with a short
  ``max-age`` and an ``ETag`` (304 on a match), ``Vary: Cookie, Accept-Language`` (where the language may come from).
"""

from __future__ import annotations

import hashlib
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, has_app_context, request, session
from flask_caching import Cache
from flask_login import current_user
from flask_sqlalchemy.session import Session as FlaskSession
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event, func, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

from .database import utcnow
from .i18n import current_language

log = logging.getLogger(__name__)
cache = Cache()

CACHED_ENDPOINTS = frozenset(
    {
        "series.home",
        "series.talkshows",
        "series.talkshow",
        "series.speaker",
        "labs.directory",
        "labs.detail",
        "matching.overview",
        "matching.questions",
        "matching.question",
        "archive.index",
        "archive.detail",
        "pages.privacy",
        "pages.accessibility",
    }
)
# Tables whose changes no public page shows: writing them does not throw the cached pages away.
IGNORED_TABLES = frozenset({"users", "outbox_messages", "knowledge_output_audit"})
TOKEN_PLACEHOLDER = "\x00csrf-token\x00"  # nosec B105 - a placeholder, no secret; NUL is refused in every input
VERSION_KEY = "page-version"
PAGE_KEY = "page:"
TOUCHED = "page_cache_touched"  # session.info key: tables written by the open transaction
STATUS_HEADER = "X-Page-Cache"  # hit / miss, for people measuring
KEPT_HEADERS_SKIPPED = frozenset({"content-length", "set-cookie", "vary", "etag", "cache-control"})


@dataclass(frozen=True)
class CachedPage:
    version: str
    body: str
    status: int
    headers: list[tuple[str, str]]
    etag: str
    has_form: bool


class PageCache:
    """One app's page cache: where pages and the content version are kept."""

    def __init__(self, app: Flask) -> None:
        self.redis = bool(app.config.get("CACHE_REDIS_URL"))
        self.seconds = int(app.config.get("PAGE_CACHE_SECONDS", 60))
        self.max_age = int(app.config.get("PAGE_CACHE_MAX_AGE", 5))
        self.version_file = Path(app.config.get("PAGE_CACHE_VERSION_FILE") or Path(app.instance_path) / "page-version")
        self._boundary: tuple[str, datetime | None] | None = None  # (version, next talkshow time) of this process

    # --- the content version ---

    def lookup(self, key: str) -> tuple[str | None, Any]:
        """The current version and the stored page, in one round trip to Redis."""
        if self.redis:
            version, page = cache.get_many(VERSION_KEY, key)
            return version, page
        return self._file_version(), cache.get(key)

    def version(self) -> str | None:
        return cache.get(VERSION_KEY) if self.redis else self._file_version()

    def bump(self) -> None:
        new = uuid.uuid4().hex
        if self.redis:
            cache.set(VERSION_KEY, new, timeout=0)
            return
        # 32 bytes written in place (a rename costs milliseconds on some filesystems, this microseconds); a
        # reader catching it half-written sees a version nothing is stored under: one extra render, no stale page.
        self.version_file.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self.version_file, os.O_WRONLY | os.O_CREAT, 0o644)
        try:
            os.pwrite(descriptor, new.encode("ascii"), 0)
        finally:
            os.close(descriptor)

    def _file_version(self) -> str | None:
        try:
            return self.version_file.read_text(encoding="ascii").strip() or None
        except FileNotFoundError:
            return None

    def ensure_version(self) -> str:
        version = self.version()
        if version is None:
            self.bump()
            version = self.version()
        return version or ""

    # --- how long a page may be kept ---

    def timeout(self, version: str, now: datetime) -> int:
        """Seconds to keep a page: ``PAGE_CACHE_SECONDS``, less when a talkshow time comes sooner."""
        if self._boundary is None or self._boundary[0] != version or _passed(self._boundary[1], now):
            self._boundary = (version, next_talkshow_time(now))
        boundary = self._boundary[1]
        if boundary is None:
            return self.seconds
        return max(1, min(self.seconds, int((boundary - now).total_seconds()) + 1))


def _passed(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and moment <= now


def next_talkshow_time(now: datetime) -> datetime | None:
    """The next moment at which a talkshow page changes by itself: registration opens or closes, start, end."""
    from .extensions import db
    from .series.models import Talkshow

    columns = (
        Talkshow.registration_opens_at,
        Talkshow.registration_closes_at,
        Talkshow.starts_at,
        Talkshow.ends_at,
    )
    query = select(*(select(func.min(column)).where(column > now).scalar_subquery() for column in columns))
    moments = [moment for moment in db.session.execute(query).one() if moment is not None]
    if not moments:
        return None
    return min(moment if moment.tzinfo else moment.replace(tzinfo=now.tzinfo) for moment in moments)


def page_cache() -> PageCache | None:
    if not has_app_context():
        return None
    found = current_app.extensions.get("page_cache")
    return found if isinstance(found, PageCache) else None


# --- Which requests ------------------------------------------------------------------------------------


def _is_anonymous() -> bool:
    return not current_user.is_authenticated and not session.get("_flashes")


def _cacheable_request() -> bool:
    return (
        request.method == "GET"
        and request.endpoint in CACHED_ENDPOINTS
        and not request.args.get("preview")
        and _is_anonymous()
    )


def page_key() -> str:
    raw = "\n".join((request.scheme, request.host, request.full_path, current_language()))
    return PAGE_KEY + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _etag(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def _cache_headers(response: Response, page: CachedPage, max_age: int) -> None:
    response.vary.update(("Cookie", "Accept-Language"))  # the language comes from either, or from ?lang=
    if page.has_form or session.modified:  # this visitor's own token or cookie: only their browser may keep it
        response.cache_control.private = True
        response.cache_control.no_cache = True
    else:
        response.cache_control.public = True
        response.cache_control.max_age = max_age
        response.set_etag(page.etag)


# --- The request hooks ---------------------------------------------------------------------------------


def serve_cached() -> Response | None:
    """Before the view: answer from the cache when this page is stored under the current version."""
    pages = page_cache()
    if pages is None or not _cacheable_request():
        return None
    key = page_key()
    try:
        version, page = pages.lookup(key)
        if version is None:
            version = pages.ensure_version()
    except Exception:  # the cache being down must not take the site with it: render as if it was empty
        log.warning("page cache unavailable; rendering without it", exc_info=True)
        return None
    g.page_cache = (key, version)
    if not isinstance(page, CachedPage) or page.version != version:
        return None
    body = page.body.replace(TOKEN_PLACEHOLDER, generate_csrf()) if page.has_form else page.body
    response = Response(body, status=page.status, headers=page.headers)
    _cache_headers(response, page, pages.max_age)
    response.headers[STATUS_HEADER] = "hit"
    g.page_cache_hit = True
    if not page.has_form:
        response.make_conditional(request)
    return response


def store_rendered(response: Response) -> Response:
    """After the view: keep what it rendered for the next anonymous visitor; mark personal pages no-store."""
    pages = page_cache()
    if pages is None or g.get("page_cache_hit"):
        return response
    if "page_cache" not in g:
        if (
            response.mimetype == "text/html"
            and current_user.is_authenticated
            and "Cache-Control" not in response.headers
        ):
            response.headers["Cache-Control"] = "private, no-store"
        return response
    if (
        response.status_code != 200
        or response.mimetype != "text/html"
        or response.direct_passthrough
        or response.is_streamed
        or "Cache-Control" in response.headers  # the view decided itself (a draft's preview: no-store)
        or not _is_anonymous()  # the view logged someone in or flashed a message
    ):
        return response
    key, version = g.page_cache
    body = response.get_data(as_text=True)
    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    has_form = bool(token) and token in body
    template = body.replace(token, TOKEN_PLACEHOLDER) if has_form else body
    headers = [(name, value) for name, value in response.headers.items() if name.lower() not in KEPT_HEADERS_SKIPPED]
    page = CachedPage(version, template, response.status_code, headers, _etag(template), has_form)
    try:
        cache.set(key, page, timeout=pages.timeout(version, utcnow()))
    except Exception:
        log.warning("page cache unavailable; page not stored", exc_info=True)
    _cache_headers(response, page, pages.max_age)
    response.headers[STATUS_HEADER] = "miss"
    if not has_form:
        response.make_conditional(request)
    return response


# --- Invalidation: every committed write to a public table -------------------------------------------


def _touch(session: Session, tables: Any) -> None:
    session.info.setdefault(TOUCHED, set()).update(tables)


@event.listens_for(FlaskSession, "after_flush")
def _after_flush(session: Session, _context: Any) -> None:
    tables: set[str] = set()
    for instance in chain(session.new, session.dirty, session.deleted):
        tables.update(table.name for table in inspect(instance).mapper.tables)
    _touch(session, tables)


@event.listens_for(FlaskSession, "do_orm_execute")
def _bulk_statement(state: ORMExecuteState) -> None:
    if state.is_update or state.is_delete or state.is_insert:
        table = getattr(state.statement, "table", None)
        _touch(state.session, {getattr(table, "name", "?")})


@event.listens_for(FlaskSession, "after_commit")
def _after_commit(session: Session) -> None:
    touched = session.info.pop(TOUCHED, set())
    if not touched - IGNORED_TABLES:
        return
    pages = page_cache()
    if pages is None:
        return
    try:
        pages.bump()
    except Exception:  # pages then live until PAGE_CACHE_SECONDS at most; the change itself is committed
        log.error("page cache version could not be changed; cached pages may be stale", exc_info=True)


@event.listens_for(FlaskSession, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(TOUCHED, None)


def init_app(app: Flask) -> None:
    """Last of the request hooks: before_request runs after the others, after_request before them."""
    if not app.config.get("PAGE_CACHE_ENABLED", True):
        return
    redis_url = app.config.get("CACHE_REDIS_URL")
    cache.init_app(
        app,
        config={
            "CACHE_TYPE": "RedisCache" if redis_url else "SimpleCache",
            "CACHE_REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": app.config.get("PAGE_CACHE_KEY_PREFIX", "dhdd-page:"),
            "CACHE_DEFAULT_TIMEOUT": int(app.config.get("PAGE_CACHE_SECONDS", 60)),
            "CACHE_THRESHOLD": int(app.config.get("PAGE_CACHE_THRESHOLD", 1000)),
        },
    )
    app.extensions["page_cache"] = PageCache(app)
    app.before_request(serve_cached)
    app.after_request(store_rendered)
