"""One error shape for everything under /api: ``{"error": {"code", "message"}}``.

``code`` is a stable English word a program can test; ``message`` is for people, in the request's
language (Dutch, or English with ``?lang=en``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping

from flask import Response, current_app, jsonify
from flask_babel import lazy_gettext as _l

from ..extensions import limiter
from .schemas import Error, ErrorDetail, dump

CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}
MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have access to this."),
    404: _l("Nothing is published at this address."),
    405: _l("This address answers GET requests only."),
    413: _l("The request is too large."),
    429: _l("Too many requests. Please wait as long as Retry-After says and try again."),
    500: _l("Something went wrong on our side. It has been logged."),
    503: _l("The open data is temporarily unavailable. Please try again shortly."),
}
INVALID_PARAMETER = "invalid_parameter"
# Seconds to wait when the rate limiter cannot say (it always can in practice).
DEFAULT_RETRY_AFTER = 60


class ApiError(Exception):
    """Raised by an API view: answered as the JSON error with this status."""

    def __init__(self, status: int, code: str | None = None, invalid: Mapping[str, str] | None = None) -> None:
        super().__init__(code or CODES.get(status, "bad_request"))
        self.status = status
        self.code = code or CODES.get(status, "bad_request")
        self.invalid = dict(invalid) if invalid else None


def invalid_parameters(invalid: Mapping[str, object]) -> ApiError:
    """A 400 naming each refused query parameter with a message in the request's language."""
    return ApiError(400, INVALID_PARAMETER, {name: str(message) for name, message in invalid.items()})


def unknown_value_message() -> str:
    return str(_l("This value names nothing that exists."))


def _retry_after() -> int:
    current = getattr(limiter, "current_limit", None)
    if current is not None and getattr(current, "reset_at", None):
        return max(1, math.ceil(current.reset_at - time.time()))
    return DEFAULT_RETRY_AFTER


def error_response(status: int, code: str | None = None, invalid: Mapping[str, str] | None = None) -> Response:
    if code == INVALID_PARAMETER:
        message = str(_l("Some query parameters have values that cannot be used: see invalid."))
    else:
        message = str(MESSAGES.get(status, MESSAGES[400 if status < 500 else 500]))
    body = Error(
        error=ErrorDetail(
            code=code or CODES.get(status, "bad_request"), message=message, invalid=dict(invalid) if invalid else None
        )
    )
    response = jsonify(dump(body) if invalid else {"error": {"code": body.error.code, "message": message}})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    if status == 429:
        response.headers["Retry-After"] = str(_retry_after())
    if status == 405:
        response.headers["Allow"] = "GET, HEAD, OPTIONS"
    if status == 503:
        response.headers["Retry-After"] = str(current_app.config.get("API_RETRY_AFTER_SECONDS", 5))
    return response
