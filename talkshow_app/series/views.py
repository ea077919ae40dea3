"""Public pages and open data of the series."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, make_response, render_template, request
from flask_login import current_user

from ..accounts.models import Role
from ..archive.catalogue import outputs_for
from ..matching.links import talkshow_links
from ..registrations import seats
from ..registrations.panel import card_registrations, registration_panel
from ..urls import public_url
from . import public
from .labels import PART_LABELS
from .models import TalkshowStatus
from .presenters import event_json_ld, json_ld_markup, public_talkshow_json, public_talkshows_json
from .stylesheet import theme_stylesheet

blueprint = Blueprint("series", __name__)


@blueprint.route("/")
def home():
    talkshows = public.next_talkshows(limit=4)
    return render_template(
        "series/home.html", talkshows=talkshows, cards=card_registrations(talkshows), themes=public.themes()
    )


@blueprint.route("/talkshows")
def talkshows():
    programme = public.programme(theme_slug=request.args.get("theme") or None)
    cards = card_registrations(programme.upcoming)  # past cards say nothing about registering
    return render_template("series/talkshows.html", programme=programme, cards=cards, themes=public.themes())


@blueprint.route("/talkshows/<slug>")
def talkshow(slug: str):
    # An organiser asks for a draft's preview explicitly (``?preview=1``, linked from the edit page); without
    # it the page behaves for them as for everyone, so "not found" still shows that a draft is not public.
    can_preview = bool(request.args.get("preview")) and current_user.is_authenticated
    can_preview = can_preview and current_user.has_role(Role.ORGANISER)
    talkshow = public.public_talkshow(slug, include_drafts=can_preview)
    url = public_url("series.talkshow", slug=slug)
    page = render_template(
        "series/talkshow.html",
        talkshow=talkshow,
        labs=public.labs_of(talkshow),
        panel=registration_panel(talkshow),
        question_links=talkshow_links(talkshow.id, talkshow.theme_id),
        archive_outputs=outputs_for("talkshow", talkshow.id),
        canonical_url=url,
        json_ld=json_ld_markup(event_json_ld(talkshow, url)),
        is_draft=talkshow.status == TalkshowStatus.DRAFT,
    )
    response = make_response(page)
    if talkshow.status == TalkshowStatus.DRAFT:  # an organiser's preview: never stored, never indexed
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


@blueprint.route("/speakers/<slug>")
def speaker(slug: str):
    page = public.speaker_page(slug)
    return render_template(
        "series/speaker.html",
        speaker=page.speaker,
        appearances=page.appearances,
        archive_outputs=outputs_for("speaker", page.speaker.id),
    )


@blueprint.route("/api/talkshows")
def api_talkshows():
    programme = public.programme(theme_slug=request.args.get("theme") or None)
    talkshows = programme.upcoming + programme.past
    counts = seats.seat_counts([t.id for t in talkshows])  # one grouped query for the whole list
    return jsonify(public_talkshows_json(talkshows, counts))


@blueprint.route("/api/talkshows/<slug>")
def api_talkshow(slug: str):
    talkshow = public.public_talkshow(slug)
    return jsonify(public_talkshow_json(talkshow, seats.seat_counts([talkshow.id])[talkshow.id]))


@blueprint.route("/themes.css")
def themes_css():
    """Theme colours as classes; cached by browsers, revalidated cheaply with an ETag."""
    css = theme_stylesheet((theme.id, theme.colour) for theme in public.themes())
    response = Response(css, mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    response.add_etag()
    return response.make_conditional(request)


@blueprint.app_context_processor
def speaker_part_labels() -> dict:
    return {"part_labels": PART_LABELS}
