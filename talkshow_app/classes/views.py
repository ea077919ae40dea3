"""Public routes of classes: the teacher books a block, the teacher's page and its CSV, students join."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse
from wtforms import SelectChoice

from ..extensions import limiter
from ..i18n import current_language
from ..registrations.errors import RegistrationError
from ..registrations.inputs import RegistrationInput
from ..registrations.views import REGISTER_LIMIT, _private, token_misses
from ..series.public import public_talkshow
from ..site import current_site
from . import blocks, organiser
from .forms import BlockForm, JoinForm
from .inputs import OTHER

blueprint = Blueprint("classes", __name__)
INVALID = 400


@blueprint.app_context_processor
def class_helpers() -> dict[str, Any]:
    """For the organiser's attendee list and series board (``organiser``)."""
    return {"class_blocks_of": organiser.blocks_of, "class_totals": organiser.totals}


def _institutions() -> list[SelectChoice]:
    """The partner institutions and "anders"."""
    names = blocks.partner_institutions()
    return [SelectChoice("", "—"), *(SelectChoice(name, name) for name in names), SelectChoice(OTHER, OTHER)]


@blueprint.route("/talkshows/<slug>/class", methods=["GET", "POST"])
@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def book(slug: str):
    talkshow = public_talkshow(slug)
    form = BlockForm()
    form.institution.choices = _institutions()
    general: list[Any] = []
    ask = False
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                booked = blocks.book(talkshow.id, form.to_input(current_language()), current_site())
            except blocks.DoesNotFit as error:
                ask = True
                general = form.add_service_errors({"": error.errors["if_full"]})
            except RegistrationError as error:
                general = form.add_service_errors(error.errors)
            else:
                return redirect(url_for("classes.teacher", token=booked.token), code=303)
        ask = ask or bool(form.if_full.data)
    page = render_template("classes/book.html", talkshow=talkshow, form=form, general_errors=general, ask=ask)
    return page, (INVALID if request.method == "POST" else 200)


@blueprint.route("/classes/<token>")
@token_misses
def teacher(token: str) -> BaseResponse:
    block = blocks.by_token(token)
    members = blocks.members(block)
    page = render_template(
        "classes/teacher.html",
        block=block,
        talkshow=blocks.talkshow_of(block),
        members=members,
        attended=[member for member in members if member.attended],
        join_url=current_site().link(f"/classes/join/{blocks.join_token_of(token)}"),
        token=token,
    )
    return _private(Response(page))


@blueprint.route("/classes/<token>/attended.csv")
@token_misses
def attended(token: str) -> BaseResponse:
    block = blocks.by_token(token)
    response = Response(blocks.attended_csv(block), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="attended-{block.id}.csv"'
    return _private(response)


@blueprint.route("/classes/join/<join_token>", methods=["GET", "POST"])
@token_misses
@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def join(join_token: str):
    block = blocks.by_join_token(join_token)
    talkshow = blocks.talkshow_of(block)
    form = JoinForm()
    general: list[Any] = []
    if request.method == "POST" and form.validate_on_submit():
        data = RegistrationInput(
            name=form.name.data or "", email=form.email.data or "", consent=True, language=current_language()
        )
        try:
            blocks.join(join_token, data, current_site())
        except RegistrationError as error:
            general = form.add_service_errors(error.errors)
        else:
            return redirect(url_for("registrations.check_your_mail", slug=talkshow.slug), code=303)
    page = render_template("classes/join.html", block=block, talkshow=talkshow, form=form, general_errors=general)
    return _private(Response(page, status=INVALID if request.method == "POST" else 200))
