"""The organiser area of matching: moderate questions, confirm matches, manage offers.

Every route is the same few steps: read the form, call one service with the acting user, flash
what happened, redirect; a refusal (``MatchingError``) is shown with its own message, a missing
question or offer rises to the app's 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..accounts.login import role_required
from ..accounts.models import Role
from ..site import current_site
from . import choices
from .errors import MatchingError
from .forms import ConfirmForm, OfferForm, RejectForm, StateForm, show_refusal
from .matches import CONFIRMABLE_STATES, confirm_match, matches_for
from .models import Offer, QuestionState
from .offers import create_offer, delete_offer, offer_for_organiser, offers_for_organiser, update_offer
from .questions import TRANSITIONS, questions_for_organiser, reject_question
from .questions import change_state as change_question_state

blueprint = Blueprint("matching_manage", __name__, url_prefix="/organiser")


def _done(action: Callable[[], Any], success: str, to: str) -> Response:
    """Run one use case, flash its outcome (or its refusal), redirect."""
    try:
        action()
    except MatchingError as error:
        flash(error.message, "error")
    else:
        flash(success, "success")
    return redirect(to)


# --- questions ------------------------------------------------------------------------------------


@blueprint.route("/questions")
@role_required(Role.ORGANISER)
def questions():
    raw_state = request.args.get("state") or ""
    try:
        state = QuestionState(raw_state) if raw_state else None
    except ValueError:
        abort(400)
    return render_template(
        "matching/manage/questions.html",
        questions=questions_for_organiser(state),
        state=state,
        states=list(QuestionState),
    )


def _question_page(question_id: int, reject_form: RejectForm | None = None):
    result = matches_for(question_id)
    return render_template(
        "matching/manage/question.html",
        question=result.question,
        result=result,
        reject_form=reject_form or RejectForm(),
        state_form=StateForm(),
        confirm_form=ConfirmForm(),
        transitions=TRANSITIONS.get(result.question.state, ()),
        can_confirm=result.question.state in CONFIRMABLE_STATES,
    )


def _to_question(question_id: int) -> str:
    return url_for("matching_manage.question", question_id=question_id)


@blueprint.route("/questions/<int:question_id>")
@role_required(Role.ORGANISER)
def question(question_id: int):
    return _question_page(question_id)


@blueprint.route("/questions/<int:question_id>/state", methods=["POST"])
@role_required(Role.ORGANISER)
def change_state(question_id: int):
    form = StateForm()
    if not form.validate_on_submit():
        flash(_("That is not possible in the question's current state."), "error")
        return redirect(_to_question(question_id))
    return _done(
        lambda: change_question_state(question_id, QuestionState(form.state.data), actor=current_user),
        _("The question's state has been changed."),
        _to_question(question_id),
    )


@blueprint.route("/questions/<int:question_id>/reject", methods=["POST"])
@role_required(Role.ORGANISER)
def reject(question_id: int):
    form = RejectForm()
    if not form.validate_on_submit():
        return _question_page(question_id, reject_form=form), 400
    return _done(
        lambda: reject_question(question_id, actor=current_user, reason=form.reason.data),
        _("The question has been rejected."),
        _to_question(question_id),
    )


@blueprint.route("/questions/<int:question_id>/confirm", methods=["POST"])
@role_required(Role.ORGANISER)
def confirm(question_id: int):
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    return _done(
        lambda: confirm_match(
            question_id, kind=form.kind.data, slug=form.slug.data, actor=current_user, site=current_site()
        ),
        _("The match has been confirmed and both contacts have been e-mailed."),
        _to_question(question_id),
    )


# --- offers ---------------------------------------------------------------------------------------


def _offer_form(**kwargs) -> OfferForm:
    return OfferForm(
        institutions=choices.institutions(),
        disciplines=choices.disciplines(),
        themes=choices.themes(),
        labs=choices.labs(),
        talkshows=choices.talkshows(),
        **kwargs,
    )


def _save_offer(form: OfferForm, save: Callable[[], Any], offer: Offer | None = None):
    """Form → service → flash → redirect; the form again (400 after a POST) while input is refused."""
    if form.validate_on_submit():
        try:
            save()
        except MatchingError as error:
            show_refusal(form, error)
        else:
            flash(_("The offer has been saved."), "success")
            return redirect(url_for("matching_manage.offers"))
    status = 400 if request.method == "POST" else 200
    return render_template("matching/manage/offer_form.html", form=form, offer=offer), status


@blueprint.route("/offers")
@role_required(Role.ORGANISER)
def offers():
    return render_template("matching/manage/offers.html", offers=offers_for_organiser())


@blueprint.route("/offers/new", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def new_offer():
    form = _offer_form()
    return _save_offer(form, lambda: create_offer(form.to_input(), actor=current_user))


@blueprint.route("/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def edit_offer(offer_id: int):
    offer = offer_for_organiser(offer_id)
    if request.method == "GET":
        form = _offer_form(obj=offer)
        form.fill_from(offer)
    else:
        form = _offer_form()
    return _save_offer(form, lambda: update_offer(offer_id, form.to_input(), actor=current_user), offer)


@blueprint.route("/offers/<int:offer_id>/delete", methods=["POST"], endpoint="delete_offer")
@role_required(Role.ORGANISER)
def remove_offer(offer_id: int):
    return _done(
        lambda: delete_offer(offer_id, actor=current_user),
        _("The offer has been deleted."),
        url_for("matching_manage.offers"),
    )
