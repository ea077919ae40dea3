"""HTTP caching of what programs poll: the open data under /api, the Atom feed and the calendar files.

One mechanism for all of them: a strong ``ETag`` from the bytes sent (or one the caller computed), a
``Cache-Control`` that lets browsers and proxies keep a copy for ``max_age`` seconds and then ask again,
and a ``304 Not Modified`` without a body when ``If-None-Match`` names the current ETag.
(Server-side caching of HTML pages is another matter: ``caching.py``.)
"""

from __future__ import annotations

import hashlib

from flask import request
from werkzeug.wrappers import Response

# Open data and feeds change when an organiser edits something: a minute's staleness is fine, and after
# that a revalidation costs a 304.
API_MAX_AGE = 60


def body_etag(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:32]


def conditional(response: Response, *, max_age: int = API_MAX_AGE, etag: str | None = None) -> Response:
    """``response`` with ``ETag`` and ``Cache-Control: public``; a 304 when the client's copy is current.

    ``max_age=0`` means ``no-cache``: keep a copy but ask every time (calendar apps)."""
    response.set_etag(etag or body_etag(response.get_data()))
    response.headers["Cache-Control"] = f"public, max-age={max_age}" if max_age > 0 else "public, no-cache"
    return response.make_conditional(request)
