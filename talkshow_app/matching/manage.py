"""The organiser area of matching: moderate questions, confirm matches, manage offers."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.login import role_required
from ..accounts.models import Role
from ..site import current_site
from . import services
from .forms import ConfirmForm, OfferForm, RejectForm, StateForm
from .models import CapacityUnit, Level, OfferKind, QuestionState

blueprint = Blueprint("matching_manage", __name__, url_prefix="/organiser")


def _refusal(error: services.MatchingError) -> str:
    """The organiser's words for a refused use case."""
    if isinstance(error, services.OfferFull):
        return _("This offer is full or closed; the match was not confirmed.")
    if isinstance(error, services.AlreadyMatched):
        return _("This question is already matched to it.")
    if isinstance(error, services.InvalidTransition):
        return _("That is not possible in the question's current state.")
    if isinstance(error, services.OfferInUse):
        return _("This offer has confirmed matches and cannot be deleted; close it instead.")
    if isinstance(error, services.NotFound):
        return _("That offer or lab is no longer available.")
    return _("That did not work. Please check your input.")


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
        questions=services.questions_for_organiser(state),
        state=state,
        states=list(QuestionState),
    )


@blueprint.route("/questions/<int:question_id>")
@role_required(Role.ORGANISER)
def question(question_id: int):
    try:
        result = services.matches_for(question_id)
    except services.NotFound:
        abort(404)
    return render_template(
        "matching/manage/question.html",
        question=result.question,
        result=result,
        reject_form=RejectForm(),
        state_form=StateForm(),
        confirm_form=ConfirmForm(),
        transitions=services.TRANSITIONS.get(result.question.state, ()),
        can_confirm=result.question.state in services.CONFIRMABLE_STATES,
    )


def _back(question_id: int):
    return redirect(url_for("matching_manage.question", question_id=question_id))


@blueprint.route("/questions/<int:question_id>/state", methods=["POST"])
@role_required(Role.ORGANISER)
def change_state(question_id: int):
    form = StateForm()
    if not form.validate_on_submit():
        flash(_("That is not possible in the question's current state."), "error")
        return _back(question_id)
    try:
        services.change_state(question_id, QuestionState(form.state.data), actor=current_user)
    except services.NotFound:
        abort(404)
    except services.MatchingError as error:
        flash(_refusal(error), "error")
    else:
        flash(_("The question's state has been changed."), "success")
    return _back(question_id)


@blueprint.route("/questions/<int:question_id>/reject", methods=["POST"])
@role_required(Role.ORGANISER)
def reject(question_id: int):
    form = RejectForm()
    if not form.validate_on_submit():
        try:
            result = services.matches_for(question_id)
        except services.NotFound:
            abort(404)
        return render_template(
            "matching/manage/question.html",
            question=result.question,
            result=result,
            reject_form=form,
            state_form=StateForm(),
            confirm_form=ConfirmForm(),
            transitions=services.TRANSITIONS.get(result.question.state, ()),
            can_confirm=result.question.state in services.CONFIRMABLE_STATES,
        ), 400
    try:
        services.reject_question(question_id, actor=current_user, reason=form.reason.data)
    except services.NotFound:
        abort(404)
    except services.MatchingError as error:
        flash(_refusal(error), "error")
    else:
        flash(_("The question has been rejected."), "success")
    return _back(question_id)


@blueprint.route("/questions/<int:question_id>/confirm", methods=["POST"])
@role_required(Role.ORGANISER)
def confirm(question_id: int):
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.confirm_match(question_id, kind=form.kind.data, slug=form.slug.data, actor=current_user, site=current_site())
    except services.NotFound as error:
        if services.question_exists(question_id):
            flash(_refusal(error), "error")
        else:
            abort(404)
    except services.MatchingError as error:
        flash(_refusal(error), "error")
    else:
        flash(_("The match has been confirmed and both contacts have been e-mailed."), "success")
    return _back(question_id)


# --- offers ---------------------------------------------------------------------------------------


def _offer_form(**kwargs) -> OfferForm:
    return OfferForm(
        institutions=services.institutions(),
        disciplines=services.disciplines(),
        themes=services.themes(),
        labs=services.labs(),
        talkshows=services.talkshows(),
        **kwargs,
    )


def _offer_input(form: OfferForm) -> services.OfferInput:
    return services.OfferInput(
        title=form.title.data,
        kind=OfferKind(form.kind.data),
        institution_id=form.institution.data,
        programme=form.programme.data,
        level=Level(form.level.data),
        description=form.description.data or "",
        period_start=form.period_start.data,
        period_end=form.period_end.data,
        capacity=form.capacity.data,
        capacity_unit=CapacityUnit(form.capacity_unit.data),
        remaining_capacity=form.remaining_capacity.data,
        is_open=bool(form.is_open.data),
        contact_name=form.contact_name.data,
        contact_email=form.contact_email.data,
        discipline_ids=tuple(form.disciplines.data or ()),
        theme_ids=tuple(form.themes.data or ()),
        stadsdelen=tuple(form.stadsdelen.data or ()),
        lab_id=form.lab.data or None,
        talkshow_ids=tuple(form.talkshows.data or ()),
    )


@blueprint.route("/offers")
@role_required(Role.ORGANISER)
def offers():
    return render_template("matching/manage/offers.html", offers=services.offers_for_organiser())


@blueprint.route("/offers/new", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def new_offer():
    form = _offer_form()
    if form.validate_on_submit():
        try:
            services.create_offer(_offer_input(form))
        except services.MatchingError as error:
            form.form_errors.append(_refusal(error))
        else:
            flash(_("The offer has been saved."), "success")
            return redirect(url_for("matching_manage.offers"))
    status = 400 if request.method == "POST" else 200
    return render_template("matching/manage/offer_form.html", form=form, offer=None), status


@blueprint.route("/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def edit_offer(offer_id: int):
    try:
        offer = services.offer_for_organiser(offer_id)
    except services.NotFound:
        abort(404)
    if request.method == "GET":
        form = _offer_form(obj=offer)
        form.institution.data = offer.institution_id
        form.disciplines.data = [d.id for d in offer.disciplines]
        form.themes.data = [t.id for t in offer.themes]
        form.stadsdelen.data = offer.preferred_stadsdelen
        form.lab.data = offer.lab_id or 0
        form.talkshows.data = [t.id for t in offer.talkshows]
        form.kind.data, form.level.data, form.capacity_unit.data = offer.kind.value, offer.level.value, offer.capacity_unit.value
    else:
        form = _offer_form()
        if form.validate_on_submit():
            try:
                services.update_offer(offer_id, _offer_input(form))
            except services.MatchingError as error:
                form.form_errors.append(_refusal(error))
            else:
                flash(_("The offer has been saved."), "success")
                return redirect(url_for("matching_manage.offers"))
    status = 400 if request.method == "POST" else 200
    return render_template("matching/manage/offer_form.html", form=form, offer=offer), status


@blueprint.route("/offers/<int:offer_id>/delete", methods=["POST"])
@role_required(Role.ORGANISER)
def delete_offer(offer_id: int):
    try:
        services.delete_offer(offer_id)
    except services.NotFound:
        abort(404)
    except services.MatchingError as error:
        flash(_refusal(error), "error")
    else:
        flash(_("The offer has been deleted."), "success")
    return redirect(url_for("matching_manage.offers"))
