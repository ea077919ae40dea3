"""Links the app hands out: absolute ones for mails, feeds and JSON, and safe ``next`` targets."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app, url_for
from werkzeug.routing import IntegerConverter

from .numbers import MAX_ID


class IdConverter(IntegerConverter):
    """``<int:...>`` in routes: ASCII digits only (``\\d`` takes other scripts too) and no larger than a
    database id, so ``/…/99999999999999999999999`` is a 404 instead of a database overflow (a 500)."""

    regex = r"[0-9]{1,19}"

    def __init__(self, map: Any, fixed_digits: int = 0, min: int | None = None, max: int | None = MAX_ID) -> None:
        super().__init__(map, fixed_digits, min, max)


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute link on PUBLIC_URL, the address people reach the app on (not the request's host)."""
    return current_app.config["PUBLIC_URL"] + url_for(endpoint, _external=False, **values)


def safe_next(target: str | None) -> str | None:
    """Only paths on this site, so a ``next`` parameter cannot send people elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target
