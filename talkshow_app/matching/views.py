"""Public pages and open data of matching: questions from the city, their matches, the overview."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, render_template, request, url_for

from ..api import queries, schemas
from ..api.errors import invalid_parameters, unknown_value_message
from ..api.paging import MAX_PAGE, page_of, paging_fields, parse_paging
from ..api.responses import api_limit, json_response
from ..archive.catalogue import outputs_for
from ..extensions import limiter
from ..http_caching import conditional
from ..i18n import current_language
from ..labs.places import CITY_CENTRE, STADSDELEN, stadsdeel_slug
from ..numbers import parse_int
from . import choices, labels, presenters
from .errors import MatchingError
from .forms import QuestionForm, show_refusal
from .matches import public_matches
from .models import PUBLIC_STATES
from .overview import map_labs as labs_on_the_map
from .overview import overview as overview_of_matching
from .questions import CITY_WIDE, parse_question_filters, public_questions, submit_question

blueprint = Blueprint("matching", __name__)


@blueprint.app_context_processor
def matching_labels() -> dict:
    return labels.template_names()


def match_url(match) -> str:
    if match.kind == "lab" and "labs.detail" in current_app.view_functions:
        return url_for("labs.detail", slug=match.slug)
    return ""


@blueprint.route("/questions")
def questions():
    parsed = parse_question_filters(request.args)
    if parsed.invalid:
        abort(400)
    page = parse_int(str(request.args.get("page") or "1"), lowest=1, highest=MAX_PAGE) or 1  # forgiving, as /archive
    return render_template(
        "matching/questions.html",
        result=public_questions(parsed.filters, page),
        filters=parsed.filters,
        themes=choices.themes(),
        stadsdelen=[(stadsdeel_slug(s), s) for s in STADSDELEN],
        states=PUBLIC_STATES,
        city_wide=CITY_WIDE,
    )


@blueprint.route("/questions/new", methods=["GET", "POST"])
@limiter.limit("5 per hour;20 per day", methods=["POST"])
def new_question():
    form = QuestionForm(themes=choices.themes(), disciplines=choices.disciplines())
    if form.validate_on_submit():
        try:
            submit_question(form.to_input(language=current_language()))
        except MatchingError as error:
            show_refusal(form, error)
        else:
            return redirect(url_for("matching.thanks"))
    status = 400 if request.method == "POST" else 200
    return render_template("matching/question_new.html", form=form), status


@blueprint.route("/questions/new/thanks")
def thanks():
    return render_template("matching/question_thanks.html")


@blueprint.route("/questions/<slug>")
def question(slug: str):
    result = public_matches(slug)
    return render_template(
        "matching/question.html",
        question=result.question,
        result=result,
        match_url=match_url,
        archive_outputs=outputs_for("question", result.question.id),
    )


@blueprint.route("/api/questions/<slug>/matches")
@api_limit
def api_matches(slug: str):
    """Open data: the ranked matches and teams of a public question, best first."""
    return json_response(presenters.matches_json(public_matches(slug)))


@blueprint.route("/api/questions")
@api_limit
def api_questions():
    """Open data: the public questions, with the same filters as /questions (unknown values are a 400)."""
    paging = parse_paging(request.args)
    parsed = parse_question_filters(request.args)
    if parsed.invalid:
        raise invalid_parameters({name: unknown_value_message() for name in parsed.invalid})
    found = public_questions(parsed.filters, paging.page, paging.per_page)
    fields = paging_fields(found.total, paging.page, paging.per_page)
    return json_response(
        schemas.QuestionList(questions=[presenters.question_json(q) for q in found.questions], **fields)
    )


@blueprint.route("/api/offers")
@api_limit
def api_offers():
    """Open data: the offers open for questions, without their contact people."""
    paging = parse_paging(request.args)
    offers, fields = page_of(queries.public_offers(), paging)
    return json_response(schemas.OfferList(offers=[presenters.offer_json(o) for o in offers], **fields))


@blueprint.route("/matching")
def overview():
    view = overview_of_matching()
    markers = presenters.overview_markers(view, question_url=lambda q: url_for("matching.question", slug=q.slug))
    return render_template(
        "matching/overview.html",
        view=view,
        markers=markers,
        tile_url=current_app.config["MAP_TILE_URL"],
        centre=CITY_CENTRE,
    )


@blueprint.route("/matching/labs.json")
def map_labs():
    """The labs on the map of /matching, loaded by its script: the page stays the same size however many
    labs there are, and this answer is cached on its own (ETag; kept under the content version)."""
    lab_base = url_for("labs.detail", slug="-")[:-1]  # one url_for for every marker: slugs are URL-safe
    markers = presenters.map_lab_markers(labs_on_the_map(), lab_url=lambda lab: lab_base + lab.slug)
    return conditional(jsonify(markers))
