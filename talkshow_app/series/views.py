"""Public pages and open data of the series."""

from __future__ import annotations

from flask import Blueprint, Response, make_response, render_template, request
from flask_login import current_user

from ..accounts.models import Role
from ..api import queries, schemas
from ..api.errors import invalid_parameters, unknown_value_message
from ..api.paging import page_of, parse_paging
from ..api.responses import api_limit, json_response
from ..archive.catalogue import outputs_for
from ..domain import NotFound
from ..images.links import share_image
from ..matching.links import talkshow_links
from ..registrations import seats
from ..registrations.panel import card_registrations, registration_panel
from ..urls import public_url
from . import public
from .labels import PART_LABELS
from .models import TalkshowStatus
from .presenters import (
    event_json_ld,
    json_ld_markup,
    public_talkshow_json,
    public_talkshows_json,
    speaker_json,
    theme_json,
)
from .season_picture import season_timeline
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
    timeline = season_timeline([*programme.past, *programme.upcoming], "timeline-talkshows", public=True)
    return render_template(
        "series/talkshows.html", programme=programme, cards=cards, themes=public.themes(), timeline=timeline
    )


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
        json_ld=json_ld_markup(event_json_ld(talkshow, url, image_url=share_image(talkshow)["url"])),
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
@api_limit
def api_talkshows():
    paging = parse_paging(request.args)
    try:
        programme = public.programme(theme_slug=request.args.get("theme") or None)
    except NotFound:
        raise invalid_parameters({"theme": unknown_value_message()}) from None
    talkshows, fields = page_of(programme.upcoming + programme.past, paging)
    ids = [t.id for t in talkshows]
    counts = seats.seat_counts(ids)  # one grouped query for the whole page
    return json_response(public_talkshows_json(talkshows, counts, queries.outputs_by_talkshow(ids), fields))


@blueprint.route("/api/talkshows/<slug>")
@api_limit
def api_talkshow(slug: str):
    talkshow = public.public_talkshow(slug)
    counts = seats.seat_counts([talkshow.id])[talkshow.id]
    outputs = queries.outputs_by_talkshow([talkshow.id]).get(talkshow.id, [])
    return json_response(public_talkshow_json(talkshow, counts, outputs))


@blueprint.route("/api/speakers")
@api_limit
def api_speakers():
    paging = parse_paging(request.args)
    speakers, fields = page_of(queries.public_speakers(), paging)
    return json_response(schemas.SpeakerList(speakers=[speaker_json(s, slugs) for s, slugs in speakers], **fields))


@blueprint.route("/api/themes")
@api_limit
def api_themes():
    paging = parse_paging(request.args)
    themes, fields = page_of(queries.themes(), paging)
    return json_response(schemas.ThemeList(themes=[theme_json(theme) for theme in themes], **fields))


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
