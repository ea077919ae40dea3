"""How every /api view answers: the body serialised by its schema model, cacheable, with paging links."""

from __future__ import annotations

from flask import current_app, jsonify
from pydantic import BaseModel
from werkzeug.wrappers import Response

from ..extensions import limiter
from ..http_caching import conditional
from .paging import link_header
from .schemas import Paged, dump


def _api_rate_limit() -> str:
    return str(current_app.config.get("API_RATE_LIMIT", "600 per minute"))


# One budget per client address for all of /api; going over it is a 429 with Retry-After.
api_limit = limiter.shared_limit(_api_rate_limit, scope="api")


def json_response(model: BaseModel) -> Response:
    """``model`` as JSON, with ETag and Cache-Control (304 on a matching If-None-Match) and, for a page
    of a list, a Link header to the first, previous, next and last pages."""
    response = jsonify(dump(model))
    if isinstance(model, Paged):
        response.headers["Link"] = link_header(model.model_dump(include={"prev", "next", "pages"}))
    return conditional(response)
