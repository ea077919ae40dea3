"""Public pages and open data of the series."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, jsonify, render_template, request
from markupsafe import Markup

from ..urls import public_url
from . import services
from .presenters import event_json_ld, talkshow_json
from .stylesheet import theme_stylesheet

blueprint = Blueprint("series", __name__)


def _json_ld(data: dict) -> Markup:
    """JSON for a <script type="application/ld+json"> block; '<' escaped so it cannot end the block."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # nosec B704 - every markup character is escaped above


@blueprint.route("/")
def home():
    return render_template("series/home.html", talkshows=services.next_talkshows(limit=4), themes=services.themes())


@blueprint.route("/talkshows")
def talkshows():
    try:
        programme = services.programme(theme_slug=request.args.get("theme") or None)
    except services.NotFound:
        abort(404)
    return render_template("series/talkshows.html", programme=programme, themes=services.themes())


@blueprint.route("/talkshows/<slug>")
def talkshow(slug: str):
    try:
        talkshow = services.public_talkshow(slug)
    except services.NotFound:
        abort(404)
    url = public_url("series.talkshow", slug=slug)
    return render_template(
        "series/talkshow.html",
        talkshow=talkshow,
        labs=services.labs_of(talkshow),
        canonical_url=url,
        json_ld=_json_ld(event_json_ld(talkshow, url)),
    )


@blueprint.route("/speakers/<slug>")
def speaker(slug: str):
    try:
        speaker = services.public_speaker(slug)
    except services.NotFound:
        abort(404)
    appearances = sorted(
        (a for a in speaker.appearances if a.talkshow.status.value != "draft"),
        key=lambda a: a.talkshow.starts_at,
        reverse=True,
    )
    return render_template("series/speaker.html", speaker=speaker, appearances=appearances)


def _talkshow_data(talkshow, counts=None) -> dict:
    """``counts``: the talkshow's SeatCounts from registrations.services.seat_counts (zeros when None)."""
    return talkshow_json(
        talkshow,
        url=public_url("series.talkshow", slug=talkshow.slug),
        ics_url=public_url("calendar.talkshow_file", slug=talkshow.slug),
        seats_taken=counts.confirmed if counts else 0,
        waitlist_count=counts.waitlisted if counts else 0,
    )


@blueprint.route("/api/talkshows")
def api_talkshows():
    try:
        programme = services.programme(theme_slug=request.args.get("theme") or None)
    except services.NotFound:
        abort(404)
    from ..registrations.services import seat_counts

    talkshows = programme.upcoming + programme.past
    counts = seat_counts([t.id for t in talkshows])  # one grouped query for the whole list
    return jsonify({"talkshows": [_talkshow_data(t, counts.get(t.id)) for t in talkshows]})


@blueprint.route("/api/talkshows/<slug>")
def api_talkshow(slug: str):
    try:
        talkshow = services.public_talkshow(slug)
    except services.NotFound:
        abort(404)
    from ..registrations.services import seat_counts

    return jsonify(_talkshow_data(talkshow, seat_counts([talkshow.id])[talkshow.id]))


@blueprint.route("/themes.css")
def themes_css():
    """Theme colours as classes; cached by browsers, revalidated cheaply with an ETag."""
    css = theme_stylesheet((theme.id, theme.colour) for theme in services.themes())
    response = Response(css, mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    response.add_etag()
    return response.make_conditional(request)


@blueprint.app_context_processor
def speaker_part_labels() -> dict:
    from flask_babel import lazy_gettext as _l

    return {
        "part_labels": {
            "host": _l("host"),
            "guest": _l("guest"),
            "researcher": _l("researcher"),
            "student": _l("student"),
            "resident": _l("resident"),
        }
    }
