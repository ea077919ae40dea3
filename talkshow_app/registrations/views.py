"""Registering, the registrant's own page, and the organisers' list, export and check-in."""
from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.login import role_required
from ..accounts.models import Role
from ..extensions import limiter
from ..i18n import current_language
from ..mailing import services as mailing
from ..series import services as series
from ..site import current_site
from ..timezones import to_local
from . import receivers, services
from .forms import AFFILIATION_LABELS, ActionForm, OrganiserRegistrationForm, RegistrationForm, ResendForm, SearchForm
from .models import RegistrationStatus

blueprint = Blueprint("registrations", __name__)
INVALID = 400
REGISTER_LIMIT = "10 per minute; 30 per hour"
RESEND_LIMIT = "5 per minute; 20 per hour"


@blueprint.record_once
def _connect_receivers(_state: Any) -> None:
    receivers.connect()


@blueprint.after_app_request
def _deliver_committed_mail(response: Response) -> Response:
    """Mails queued by any feature's transaction in this request go out now; failures stay queued."""
    mailing.deliver_committed()
    return response


def _status_labels() -> dict[str, Any]:
    from flask_babel import lazy_gettext as _l

    return {
        "confirmed": _l("Confirmed"),
        "waitlisted": _l("On the waiting list"),
        "cancelled": _l("Cancelled"),
    }


@blueprint.app_context_processor
def registration_helpers() -> dict[str, Any]:
    return {
        "registration_panel": _panel,
        "registration_status_labels": _status_labels(),
        "affiliation_labels": AFFILIATION_LABELS,
    }


def _panel(talkshow: Any, form: RegistrationForm | None = None) -> dict[str, Any]:
    """What the talkshow page's registration panel shows: the form, free seats, or why it is closed."""
    counts = services.seat_counts([talkshow.id])[talkshow.id]
    reason = services.closed_reason(talkshow)
    return {
        "form": form or RegistrationForm(),
        "resend_form": ResendForm(prefix="resend"),
        "counts": counts,
        "seats_left": max(0, talkshow.capacity - counts.confirmed),
        "closed_message": services.CLOSED_MESSAGES[reason] if reason else None,
    }


def _public_talkshow(slug: str):
    try:
        return series.public_talkshow(slug)
    except series.NotFound:
        abort(404)


def _private(response: Response) -> Response:
    """The registrant's page holds a secret in its URL: never leak it, never cache it."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# --- Public -------------------------------------------------------------------------------------


@blueprint.route("/talkshows/<slug>/register", methods=["GET", "POST"])
@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def register(slug: str):
    talkshow = _public_talkshow(slug)
    form = RegistrationForm()
    general: list[Any] = []
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                services.register(talkshow.id, form.to_input(current_language()), current_site())
            except services.RegistrationError as error:
                general = form.add_service_errors(error.errors)
            else:
                return redirect(url_for("registrations.check_your_mail", slug=slug), code=303)
        status = INVALID
    else:
        status = 200
    return render_template("registrations/register.html", talkshow=talkshow, form=form, general_errors=general), status


@blueprint.route("/talkshows/<slug>/registered")
def check_your_mail(slug: str):
    """The same page whether the address was new or known, so nobody learns who registered."""
    return render_template("registrations/check_your_mail.html", talkshow=_public_talkshow(slug))


@blueprint.route("/talkshows/<slug>/resend", methods=["GET", "POST"])
@limiter.limit(RESEND_LIMIT, methods=["POST"])
def resend(slug: str):
    """Lost your link? Also after the talkshow, because the link leads to "delete my data"."""
    talkshow = _public_talkshow(slug)
    form = ResendForm(prefix="resend")
    if request.method == "GET":
        return render_template("registrations/resend.html", talkshow=talkshow, form=form)
    if form.validate_on_submit():
        try:
            services.resend_link(talkshow.id, form.email.data, current_site())
        except services.RegistrationError as error:
            form.email.errors = list(error.errors.get("email", []))
        else:
            return redirect(url_for("registrations.check_your_mail", slug=slug), code=303)
    return render_template("registrations/resend.html", talkshow=talkshow, form=form), INVALID


def _registration_or_404(token: str):
    try:
        return services.by_token(token)
    except services.NotFound:
        abort(404)


@blueprint.route("/registrations/<token>")
def manage(token: str):
    registration = _registration_or_404(token)
    response = Response(
        render_template(
            "registrations/manage.html", registration=registration, talkshow=registration.talkshow,
            token=token, action_form=ActionForm(),
            over=registration.talkshow.ends_at < services.utcnow(),
        )
    )
    return _private(response)


@blueprint.route("/registrations/<token>/cancel", methods=["POST"])
def cancel(token: str):
    _registration_or_404(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.cancel(token, current_site())
    except services.RegistrationError as error:
        for message in error.errors.get("", []):
            flash(str(message), "error")
    except services.NotFound:
        abort(404)
    else:
        flash(_("Your registration is cancelled. Thank you for letting us know: someone else can now take your seat."), "success")
    return _private(redirect(url_for("registrations.manage", token=token), code=303))


@blueprint.route("/registrations/<token>/delete", methods=["POST"])
def forget(token: str):
    _registration_or_404(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.forget(token, current_site())
    except services.NotFound:
        abort(404)
    return _private(Response(render_template("registrations/forgotten.html")))


@blueprint.route("/registrations/<token>/invite.ics")
def invite(token: str):
    try:
        registration, text = services.invite_for(token, current_site())
    except services.NotFound:
        abort(404)
    response = Response(text, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{registration.talkshow.slug}.ics"'
    return _private(response)


# --- Organisers ---------------------------------------------------------------------------------

ORGANISER = "/organiser/talkshows/<int:talkshow_id>/registrations"


def _attendees(talkshow_id: int, **kwargs: Any):
    try:
        return services.attendee_list(talkshow_id, current_user, **kwargs)
    except services.NotFound:
        abort(404)


@blueprint.route(ORGANISER)
@role_required(Role.ORGANISER)
def organiser_list(talkshow_id: int):
    return render_template(
        "registrations/organiser/list.html",
        attendees=_attendees(talkshow_id),
        add_form=OrganiserRegistrationForm(prefix="add"),
        action_form=ActionForm(),
    )


@blueprint.route(ORGANISER + "/add", methods=["POST"])
@role_required(Role.ORGANISER)
def organiser_add(talkshow_id: int):
    form = OrganiserRegistrationForm(prefix="add")
    general: list[Any] = []
    if form.validate_on_submit():
        try:
            result = services.add_by_organiser(talkshow_id, form.to_input(current_language()), current_user, current_site())
        except services.NotFound:
            abort(404)
        except services.RegistrationError as error:
            general = form.add_service_errors(error.errors)
        else:
            if result.outcome == "again":
                flash(_("This person was already registered; they have been sent their link again."), "info")
            elif result.status == RegistrationStatus.CONFIRMED:
                flash(_("Added with a seat; the confirmation is on its way."), "success")
            else:
                flash(_("The talkshow is full: added to the waiting list."), "info")
            return redirect(url_for("registrations.organiser_list", talkshow_id=talkshow_id), code=303)
    for message in general:
        flash(str(message), "error")
    return render_template(
        "registrations/organiser/list.html", attendees=_attendees(talkshow_id), add_form=form, action_form=ActionForm()
    ), INVALID


def _organiser_action(talkshow_id: int, registration_id: int, action: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    call = services.cancel_by_organiser if action == "cancel" else services.promote_by_organiser
    try:
        registration = call(talkshow_id, registration_id, current_user, current_site())
    except services.NotFound:
        abort(404)
    except services.RegistrationError as error:
        for message in error.errors.get("", []):
            flash(str(message), "error")
    else:
        if action == "cancel":
            flash(_("Registration of %(name)s cancelled.", name=registration.name), "success")
        elif registration.status == RegistrationStatus.CONFIRMED:
            flash(_("%(name)s now has a seat and is told by e-mail.", name=registration.name), "success")
        else:
            flash(_("%(name)s is now first on the waiting list and gets the next free seat.", name=registration.name), "info")
    return redirect(url_for("registrations.organiser_list", talkshow_id=talkshow_id), code=303)


@blueprint.route(ORGANISER + "/<int:registration_id>/cancel", methods=["POST"])
@role_required(Role.ORGANISER)
def organiser_cancel(talkshow_id: int, registration_id: int):
    return _organiser_action(talkshow_id, registration_id, "cancel")


@blueprint.route(ORGANISER + "/<int:registration_id>/promote", methods=["POST"])
@role_required(Role.ORGANISER)
def organiser_promote(talkshow_id: int, registration_id: int):
    return _organiser_action(talkshow_id, registration_id, "promote")


CSV_INJECTION = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """Excel runs cells that start with = + - @ (or a tab/CR before them) as formulas: prefix a quote."""
    text = "" if value is None else str(value)
    if text.startswith(CSV_INJECTION):
        return "'" + text
    return text


@blueprint.route(ORGANISER + ".csv")
@role_required(Role.ORGANISER)
def organiser_csv(talkshow_id: int):
    attendees = _attendees(talkshow_id)
    buffer = io.StringIO()
    # Dutch Excel opens ``;``-separated UTF-8 with a BOM correctly, accents included.
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    labels = _status_labels()
    writer.writerow([_("Name"), _("E-mail address"), _("Status"), _("Affiliation"), _("Organisation"),
                     _("Accessibility needs"), _("Registered at"), _("Checked in")])
    for r in attendees.registrations:
        writer.writerow([
            csv_cell(r.name), csv_cell(r.email), csv_cell(labels[r.status.value]),
            csv_cell(AFFILIATION_LABELS[r.affiliation.value] if r.affiliation else ""),
            csv_cell(r.organisation), csv_cell(r.accessibility_needs),
            to_local(r.created_at).strftime("%Y-%m-%d %H:%M"),
            to_local(r.checked_in_at).strftime("%Y-%m-%d %H:%M") if r.checked_in_at else "",
        ])
    response = Response("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="aanmeldingen-{attendees.talkshow.slug}.csv"'
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.route(ORGANISER + "/checkin")
@role_required(Role.ORGANISER)
def checkin(talkshow_id: int):
    search = SearchForm(request.args)
    query = (search.q.data or "").strip() if search.validate() else ""
    attendees = _attendees(
        talkshow_id, search=query, statuses=(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
    )
    return render_template("registrations/organiser/checkin.html", attendees=attendees, search=search, query=query,
                           action_form=ActionForm())


def _checkin_action(talkshow_id: int, registration_id: int, action: str):
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        registration = services.set_checked_in(talkshow_id, registration_id, current_user, present=action == "checkin")
    except services.NotFound:
        abort(404)
    except services.RegistrationError as error:
        for message in error.errors.get("", []):
            flash(str(message), "error")
    else:
        if action == "checkin":
            flash(_("%(name)s is checked in.", name=registration.name), "success")
        else:
            flash(_("Check-in of %(name)s undone.", name=registration.name), "info")
    target = form.next.data or ""
    if target.startswith("/organiser/"):
        return redirect(target, code=303)
    return redirect(url_for("registrations.checkin", talkshow_id=talkshow_id, q=request.args.get("q") or None), code=303)


@blueprint.route(ORGANISER + "/<int:registration_id>/checkin", methods=["POST"])
@role_required(Role.ORGANISER)
def checkin_mark(talkshow_id: int, registration_id: int):
    return _checkin_action(talkshow_id, registration_id, "checkin")


@blueprint.route(ORGANISER + "/<int:registration_id>/undo", methods=["POST"])
@role_required(Role.ORGANISER)
def checkin_undo(talkshow_id: int, registration_id: int):
    return _checkin_action(talkshow_id, registration_id, "undo")


@blueprint.route("/organiser/checkin/<code>")
@role_required(Role.ORGANISER)
def checkin_code(code: str):
    """Where the QR code in the confirmation mail leads: the person, with one button to check in."""
    try:
        registration = services.by_checkin_code(code, current_user)
    except services.NotFound:
        abort(404)
    return render_template("registrations/organiser/checkin_one.html", registration=registration,
                           talkshow=registration.talkshow, action_form=ActionForm(next=request.path))
