"""How the app runs behind a reverse proxy and gunicorn: trusted proxy headers, request ids, one-line logs.

- ``TRUSTED_PROXIES`` = n > 0 wraps the app in werkzeug's ``ProxyFix`` believing the last n
  ``X-Forwarded-For``/``-Proto`` hops, so ``request.remote_addr`` (and the rate limits counted on
  it) is the real client and ``request.scheme`` the visitor's. With 0 (the default) those headers
  change nothing: a client cannot forge its way past a rate limit.
- Logging is configured here, once, with ``logging.config.dictConfig``: the app's loggers write
  one line per event to stderr (gunicorn and systemd collect it into their journals), each with
  the request's id, taken from ``X-Request-ID`` (set by nginx) or made up, and echoed in the response.
"""

from __future__ import annotations

import logging
import logging.config
import re
import sys
import uuid

from flask import Flask, Response, g, has_request_context, request
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import rate_limit_storage_warning

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
log = logging.getLogger(__name__)
LOG_FORMAT = "%(asctime)s [%(process)d] [%(levelname)s] %(name)s request_id=%(request_id)s %(message)s"


def init_app(app: Flask) -> None:
    trusted = int(app.config.get("TRUSTED_PROXIES", 0))
    if trusted > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=trusted, x_proto=trusted)  # type: ignore[method-assign]
    configure_logging(str(app.config.get("LOG_LEVEL", "INFO")))
    warning = rate_limit_storage_warning(app.config)
    if warning:
        log.warning(warning)  # once per app: gunicorn's master warns once more, knowing the worker count

    @app.before_request
    def _take_request_id() -> None:
        g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))

    @app.after_request
    def _echo_request_id(response: Response) -> Response:
        if "request_id" in g:
            response.headers.setdefault(REQUEST_ID_HEADER, g.request_id)
        return response


def request_id_from(header: str | None) -> str:
    """The proxy's id when it looks like one (no spaces, no control characters), else a new one."""
    if header and _REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def current_request_id() -> str:
    if has_request_context():
        return str(g.get("request_id", "-"))
    return "-"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (test runners and daemons swap it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


class OneLineFormatter(logging.Formatter):
    """Tracebacks and multi-line messages folded onto one line, so each journal entry is one event."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "").replace("\n", " ⏎ ")


def logging_config(level: str = "INFO") -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"one_line": {"()": OneLineFormatter, "format": LOG_FORMAT}},
        "handlers": {
            "stderr": {
                "()": StderrHandler,
                "filters": ["request_id"],
                "formatter": "one_line",
            }
        },
        # The app's own loggers (``talkshow_app`` is also Flask's app.logger). They still propagate,
        # to whatever the host configured on the root logger (nothing under gunicorn).
        "loggers": {"talkshow_app": {"handlers": ["stderr"], "level": level.upper()}},
    }


_configured_level: str | None = None


def configure_logging(level: str = "INFO") -> None:
    """Once per process (every ``create_app`` asks; a test suite makes many apps): again only for a new level."""
    global _configured_level
    if _configured_level == level.upper():
        return
    logging.config.dictConfig(logging_config(level))
    _configured_level = level.upper()
