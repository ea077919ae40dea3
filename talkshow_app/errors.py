"""Friendly error pages: people see what went wrong in their language, never a traceback."""

from __future__ import annotations

import psycopg
from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException, InternalServerError

from .api.errors import error_response as api_error_response
from .domain import NotAllowed, NotFound
from .extensions import db

MESSAGES = {
    400: (_l("Bad request"), _l("We could not understand this request. Please check what you entered and try again.")),
    403: (_l("No access"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("This page does not exist (any more). Perhaps the link is old or mistyped.")),
    405: (_l("Not allowed"), _l("This page cannot be used in this way.")),
    413: (_l("Too large"), _l("What you sent is larger than we accept. Please send something smaller.")),
    429: (_l("Too many attempts"), _l("You tried this too often in a short time. Please wait a moment and try again.")),
    500: (
        _l("Something went wrong"),
        _l("An unexpected error occurred on our side. It has been logged; please try again later."),
    ),
    503: (
        _l("Temporarily unavailable"),
        _l("The site is temporarily unavailable. Please try again in a minute."),
    ),
}
# Seconds a visitor (or a load balancer) is asked to wait when the database does not answer.
RETRY_AFTER_SECONDS = 5


def _wants_json() -> bool:
    return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    if _wants_json():  # the open data's one error shape: a stable code and a message in the request's language
        return api_error_response(code), code
    return render_template("errors/error.html", code=code, title=title, message=detail or message), code


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400, str(_l("This form has expired or was sent from elsewhere. Please reload the page and try again."))
        )

    @app.errorhandler(NotFound)
    def not_found(error: NotFound):
        """Every service's NotFound: views let it rise instead of catching it one by one."""
        return render_error(404)

    @app.errorhandler(NotAllowed)
    def not_allowed(error: NotAllowed):
        return render_error(403)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error", exc_info=error)
        return render_error(InternalServerError.code)

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    @app.errorhandler(PoolTimeout)
    @app.errorhandler(psycopg.OperationalError)
    def database_unavailable(error: Exception):
        """The database is down, restarting or out of connections: 503, and the pool reconnects (pool_pre_ping)."""
        if isinstance(error, DBAPIError) and not (isinstance(error, OperationalError) or error.connection_invalidated):
            return unexpected_error(error)  # a query the database refused: a bug, not an outage
        try:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - the connection is gone; the pool drops it
            db.session.remove()
        first_line = (str(error).strip().splitlines() or [""])[0]
        app.logger.warning("The database is unavailable: %s: %s", type(error).__name__, first_line[:200])
        response, code = render_error(503)
        response = app.make_response((response, code))
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
