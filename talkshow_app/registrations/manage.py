"""Organiser routes: the attendee list and its CSV, adding/cancelling/promoting by hand, check-in at the door.

They sit on the public blueprint (``registrations.*`` endpoints), so importing this module adds them;
``register_blueprints`` imports it before the blueprint is registered.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from ..accounts.login import role_required
from ..accounts.models import Role
from ..i18n import current_language
from ..site import current_site
from . import organiser
from .errors import RegistrationError
from .forms import ActionForm, OrganiserRegistrationForm, SearchForm
from .models import RegistrationStatus
from .views import INVALID, blueprint, flash_refusal

ORGANISER = "/organiser/talkshows/<int:talkshow_id>/registrations"
AT_THE_DOOR = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


def _status_filter() -> RegistrationStatus | None:
    """``?status=confirmed`` (or waitlisted, cancelled) narrows the list; anything else shows everyone."""
    value = request.args.get("status", "")
    return next((status for status in RegistrationStatus if status.value == value), None)


def _list_page(talkshow_id: int, add_form: OrganiserRegistrationForm) -> str:
    status = _status_filter()
    return render_template(
        "registrations/organiser/list.html",
        attendees=organiser.attendee_list(talkshow_id, current_user, statuses=(status,) if status else ()),
        status_filter=status.value if status else "",
        add_form=add_form,
        action_form=ActionForm(),
    )


def _to_list(talkshow_id: int) -> BaseResponse:
    return redirect(url_for("registrations.organiser_list", talkshow_id=talkshow_id), code=303)


@blueprint.route(ORGANISER)
@role_required(Role.ORGANISER)
def organiser_list(talkshow_id: int):
    return _list_page(talkshow_id, OrganiserRegistrationForm(prefix="add"))


@blueprint.route(ORGANISER + "/add", methods=["POST"])
@role_required(Role.ORGANISER)
def organiser_add(talkshow_id: int):
    form = OrganiserRegistrationForm(prefix="add")
    general: list[Any] = []
    if form.validate_on_submit():
        try:
            result = organiser.add_by_organiser(
                talkshow_id, form.to_input(current_language()), current_user, current_site()
            )
        except RegistrationError as error:
            general = form.add_service_errors(error.errors)
        else:
            if result.outcome == "again":
                flash(_("This person was already registered; they have been sent their link again."), "info")
            elif result.status == RegistrationStatus.CONFIRMED:
                flash(_("Added with a seat; the confirmation is on its way."), "success")
            else:
                flash(_("The talkshow is full: added to the waiting list."), "info")
            return _to_list(talkshow_id)
    for message in general:
        flash(str(message), "error")
    return _list_page(talkshow_id, form), INVALID


@blueprint.route(ORGANISER + "/<int:registration_id>/cancel", methods=["POST"])
@role_required(Role.ORGANISER)
def organiser_cancel(talkshow_id: int, registration_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        registration = organiser.cancel_by_organiser(talkshow_id, registration_id, current_user, current_site())
    except RegistrationError as error:
        flash_refusal(error)
    else:
        flash(_("Registration of %(name)s cancelled.", name=registration.name), "success")
    return _to_list(talkshow_id)


@blueprint.route(ORGANISER + "/<int:registration_id>/promote", methods=["POST"])
@role_required(Role.ORGANISER)
def organiser_promote(talkshow_id: int, registration_id: int):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        registration = organiser.promote_by_organiser(talkshow_id, registration_id, current_user, current_site())
    except RegistrationError as error:
        flash_refusal(error)
    else:
        if registration.status == RegistrationStatus.CONFIRMED:
            flash(_("%(name)s now has a seat and is told by e-mail.", name=registration.name), "success")
        else:
            flash(
                _("%(name)s is now first on the waiting list and gets the next free seat.", name=registration.name),
                "info",
            )
    return _to_list(talkshow_id)


@blueprint.route(ORGANISER + ".csv")
@role_required(Role.ORGANISER)
def organiser_csv(talkshow_id: int):
    attendees = organiser.attendee_list(talkshow_id, current_user)
    response = Response(organiser.attendee_csv(attendees), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="aanmeldingen-{attendees.talkshow.slug}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.route(ORGANISER + "/badges")
@role_required(Role.ORGANISER)
def organiser_badges(talkshow_id: int):
    """Name badges of the confirmed attendees, eight to an A4 page when printed."""
    attendees = organiser.attendee_list(talkshow_id, current_user, statuses=(RegistrationStatus.CONFIRMED,))
    return render_template("registrations/organiser/badges.html", attendees=attendees)


# --- Check-in at the door ----------------------------------------------------------------------


@blueprint.route(ORGANISER + "/checkin")
@role_required(Role.ORGANISER)
def checkin(talkshow_id: int):
    search = SearchForm(request.args)
    query = search.to_input()
    attendees = organiser.attendee_list(talkshow_id, current_user, search=query, statuses=AT_THE_DOOR)
    return render_template(
        "registrations/organiser/checkin.html",
        attendees=attendees,
        search=search,
        query=query,
        action_form=ActionForm(),
    )


def _checkin_action(talkshow_id: int, registration_id: int, present: bool):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        registration = organiser.set_checked_in(talkshow_id, registration_id, current_user, present=present)
    except RegistrationError as error:
        flash_refusal(error)
    else:
        if present:
            flash(_("%(name)s is checked in.", name=registration.name), "success")
        else:
            flash(_("Check-in of %(name)s undone.", name=registration.name), "info")
    target = form.next.data or ""
    if target.startswith("/organiser/"):
        return redirect(target, code=303)
    query = request.args.get("q") or None
    return redirect(url_for("registrations.checkin", talkshow_id=talkshow_id, q=query), code=303)


@blueprint.route(ORGANISER + "/<int:registration_id>/checkin", methods=["POST"])
@role_required(Role.ORGANISER)
def checkin_mark(talkshow_id: int, registration_id: int):
    return _checkin_action(talkshow_id, registration_id, present=True)


@blueprint.route(ORGANISER + "/<int:registration_id>/undo", methods=["POST"])
@role_required(Role.ORGANISER)
def checkin_undo(talkshow_id: int, registration_id: int):
    return _checkin_action(talkshow_id, registration_id, present=False)


@blueprint.route("/organiser/checkin/<code>")
@role_required(Role.ORGANISER)
def checkin_code(code: str):
    """Where the QR code in the confirmation mail leads: the person, with one button to check in."""
    registration = organiser.by_checkin_code(code, current_user)
    return render_template(
        "registrations/organiser/checkin_one.html",
        registration=registration,
        talkshow=registration.talkshow,
        action_form=ActionForm(next=request.path),
    )


from . import audience_manage  # noqa: E402,F401  (its routes join this blueprint)
