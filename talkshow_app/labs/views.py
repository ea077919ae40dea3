"""Public pages and open data of the lab directory, and Leaflet's files for the map."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for
from xstatic.pkg import leaflet

from ..api.errors import invalid_parameters, unknown_value_message
from ..api.paging import page_of, parse_paging
from ..api.responses import api_limit, json_response
from ..archive.catalogue import outputs_for
from ..matching.links import lab_questions
from ..urls import public_url
from . import services
from .labels import KIND_LABELS, STATUS_LABELS
from .places import CITY_CENTRE, stadsdeel_slug
from .presenters import labs_json, map_markers

# Leaflet comes from the xstatic-leaflet package (pip brings it; no CDN): served at /vendor/leaflet/.
blueprint = Blueprint("labs", __name__, static_folder=leaflet.BASE_DIR, static_url_path="/vendor/leaflet")


@blueprint.app_template_filter("lab_kind")
def lab_kind(kind) -> str:
    return str(KIND_LABELS.get(kind, kind))


@blueprint.app_template_filter("lab_status")
def lab_status(status) -> str:
    return str(STATUS_LABELS.get(status, status))


@blueprint.route("/labs")
def directory():
    parsed = services.parse_filters(request.args)
    labs = services.find_labs(parsed.filters)
    return render_template(
        "labs/directory.html",
        labs=labs,
        filters=parsed.filters,
        invalid=parsed.invalid,
        options=services.filter_options(),
        markers=map_markers(labs),
        tile_url=current_app.config["MAP_TILE_URL"],
        centre=CITY_CENTRE,
        api_url=url_for("labs.api_labs", **parsed.filters.query_args()),
    )


@blueprint.route("/api/labs")
@api_limit
def api_labs():
    """Open data: the same labs as /labs for the same query; unknown filter values are a 400."""
    paging = parse_paging(request.args)
    parsed = services.parse_filters(request.args)
    if parsed.invalid:
        raise invalid_parameters({name: unknown_value_message() for name in parsed.invalid})
    labs, fields = page_of(services.find_labs(parsed.filters), paging)
    return json_response(labs_json(labs, lambda lab: public_url("labs.detail", slug=lab.slug), fields))


@blueprint.route("/labs/<slug>")
def detail(slug: str):
    page = services.lab_page(slug)
    return render_template(
        "labs/detail.html",
        lab=page.lab,
        speakers=page.speakers,
        talkshows=page.talkshows,
        markers=map_markers([page.lab]),
        matched_questions=lab_questions(page.lab.id),
        archive_outputs=outputs_for("lab", page.lab.id),
        tile_url=current_app.config["MAP_TILE_URL"],
        centre=CITY_CENTRE,
    )


@blueprint.app_template_filter("stadsdeel_slug")
def stadsdeel_slug_filter(name: str) -> str:
    return stadsdeel_slug(name)
