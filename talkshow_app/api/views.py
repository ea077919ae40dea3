"""The description of the open data: /api/openapi.json for programs, /api for people."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, render_template

from ..http_caching import conditional
from . import openapi, queries
from .responses import api_limit

blueprint = Blueprint("api", __name__)


def _document() -> dict:
    return openapi.document(current_app.view_functions, queries.filter_values(), current_app.config["PUBLIC_URL"])


@blueprint.route("/api/openapi.json")
@api_limit
def openapi_json():
    return conditional(jsonify(_document()))


@blueprint.route("/api")
def index():
    """Every operation with its parameters, answers and an example, rendered here (no script, no CDN)."""
    document = _document()
    ops = [(op, document["paths"][op.path]["get"]) for op in openapi.operations(current_app.view_functions)]
    return render_template(
        "api/index.html",
        operations=ops,
        document=document,
        as_json=lambda data: json.dumps(data, ensure_ascii=False, indent=2),
    )
