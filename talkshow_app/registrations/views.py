"""Public routes: registering, the registrant's own page (cancel, delete my data, calendar file)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from ..database import utcnow
from ..extensions import limiter
from ..i18n import current_language
from ..series.public import public_talkshow
from ..site import current_site
from . import details, maintenance, seats
from .errors import RegistrationError
from .forms import ActionForm, DetailsForm, RegistrationForm, ResendForm
from .labels import AFFILIATION_LABELS, STATUS_LABELS
from .models import Registration, RegistrationStatus
from .panel import registration_panel
from .tokens import checkin_url

blueprint = Blueprint("registrations", __name__)
INVALID = 400
REGISTER_LIMIT = "10 per minute; 30 per hour"
RESEND_LIMIT = "5 per minute; 20 per hour"
# Guessing links: only misses (404) count, shared by the own page and its sub-routes, so using a
# valid link is never limited; a guesser is stopped long before 256 random bits could matter.
TOKEN_MISS_LIMIT = "20 per minute; 100 per hour"  # nosec B105 - a rate limit, not a password
token_misses = limiter.shared_limit(
    TOKEN_MISS_LIMIT, scope="registration-token-miss", deduct_when=lambda response: response.status_code == 404
)


@blueprint.app_context_processor
def registration_labels() -> dict[str, Any]:
    return {"registration_status_labels": STATUS_LABELS, "affiliation_labels": AFFILIATION_LABELS}


def flash_refusal(error: RegistrationError) -> None:
    """The service's messages for the whole form, as flashes."""
    for message in error.errors.get("", []):
        flash(str(message), "error")


def _private(response: BaseResponse) -> BaseResponse:
    """The registrant's page holds a secret in its URL: never leak it, never cache it.

    ``same-origin``: other sites get no referrer at all, while the page's own forms send the full
    URL, which Flask-WTF's strict referrer check over HTTPS requires (``no-referrer`` broke them).
    """
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@blueprint.route("/talkshows/<slug>/register", methods=["GET", "POST"])
@limiter.limit(REGISTER_LIMIT, methods=["POST"])
def register(slug: str):
    form = RegistrationForm()
    general: list[Any] = []
    if request.method == "GET":
        return _register_page(public_talkshow(slug), form, general)
    if form.validate_on_submit():  # the page (speakers and all) is only loaded to show errors
        try:
            seats.register_public(slug, form.to_input(current_language()), current_site())
        except RegistrationError as error:
            general = form.add_service_errors(error.errors)
        else:
            _remember_address(slug, form.email.data)
            return redirect(url_for("registrations.check_your_mail", slug=slug), code=303)
    return _register_page(public_talkshow(slug), form, general), INVALID


def _register_page(talkshow: Any, form: RegistrationForm, general: list[Any]) -> str:
    panel = registration_panel(talkshow, form)
    return render_template(
        "registrations/register.html", talkshow=talkshow, form=form, general_errors=general, panel=panel
    )


TYPED_ADDRESS = "typed_address"  # session key: the address the visitor just typed, shown once on "check your mail"


def _remember_address(slug: str, address: str | None) -> None:
    """Keep what was typed (never looked up, never in the URL) in the signed session, for one page view."""
    session[TYPED_ADDRESS] = {"slug": slug, "email": (address or "")[:320]}


@blueprint.route("/talkshows/<slug>/registered")
def check_your_mail(slug: str):
    """The same page whether the address was new or known, so nobody learns who registered."""
    typed = session.pop(TYPED_ADDRESS, None)
    email = typed.get("email") if isinstance(typed, dict) and typed.get("slug") == slug else None
    return render_template("registrations/check_your_mail.html", talkshow=public_talkshow(slug), email=email)


@blueprint.route("/talkshows/<slug>/resend", methods=["GET", "POST"])
@limiter.limit(RESEND_LIMIT, methods=["POST"])
def resend(slug: str):
    """Lost your link? Also after the talkshow, because the link leads to "delete my data"."""
    talkshow = public_talkshow(slug)
    form = ResendForm(prefix="resend")
    if request.method == "GET":
        return render_template("registrations/resend.html", talkshow=talkshow, form=form)
    if form.validate_on_submit():
        try:
            seats.resend_link(talkshow.id, form.to_input(), current_site())
        except RegistrationError as error:
            form.email.errors = list(error.errors.get("email", []))
        else:
            _remember_address(slug, form.email.data)
            return redirect(url_for("registrations.check_your_mail", slug=slug), code=303)
    return render_template("registrations/resend.html", talkshow=talkshow, form=form), INVALID


# --- The registrant's own page -----------------------------------------------------------------


@blueprint.route("/registrations/<token>")
@token_misses
def manage(token: str):
    registration = seats.by_token(token)
    return _own_page(token, registration, DetailsForm(obj=registration))


def _own_page(token: str, registration: Registration, details_form: DetailsForm, status: int = 200) -> BaseResponse:
    """The personal page: status, place in line or the code for the door, the details form, cancel, delete."""
    over = registration.talkshow.ends_at < utcnow()
    seated = registration.status == RegistrationStatus.CONFIRMED and not over and not registration.talkshow.is_cancelled
    door_code = None
    if seated:
        title = _("Check-in code for %(name)s", name=registration.name)
        door_code = details.door_code_svg(checkin_url(current_site(), registration.checkin_code), title)
    page = render_template(
        "registrations/manage.html",
        registration=registration,
        talkshow=registration.talkshow,
        token=token,
        action_form=ActionForm(),
        details_form=details_form,
        position=details.waiting_position(registration),
        door_code=door_code,
        over=over,
    )
    return _private(Response(page, status=status))


@blueprint.route("/registrations/<token>/details", methods=["POST"])
@token_misses
def change_details(token: str):
    registration = seats.by_token(token)
    form = DetailsForm()
    if form.validate_on_submit():
        try:
            details.change_details(token, form.to_input())
        except RegistrationError as error:
            for message in form.add_service_errors(error.errors):
                flash(str(message), "error")
        else:
            flash(_("Your details have been changed."), "success")
            return _private(redirect(url_for("registrations.manage", token=token), code=303))
    return _own_page(token, registration, form, INVALID)


def _own_form_posted(token: str) -> Registration:
    """An unknown link is a 404 before the (CSRF-only) form is looked at."""
    registration = seats.by_token(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    return registration


def _confirm_page(token: str, action: str) -> BaseResponse:
    """Cancel and delete ask first, on a page of their own: a plain link there, a form to say yes (no JavaScript)."""
    registration = seats.by_token(token)
    over = registration.talkshow.ends_at < utcnow()
    if action == "cancel" and (registration.status == RegistrationStatus.CANCELLED or over):
        return _private(redirect(url_for("registrations.manage", token=token), code=303))
    page = render_template(
        f"registrations/confirm_{action}.html",
        registration=registration,
        talkshow=registration.talkshow,
        token=token,
        action_form=ActionForm(),
        over=over,
    )
    return _private(Response(page))


@blueprint.route("/registrations/<token>/cancel", methods=["GET"])
@token_misses
def confirm_cancel(token: str):
    return _confirm_page(token, "cancel")


@blueprint.route("/registrations/<token>/cancel", methods=["POST"])
@token_misses
def cancel(token: str):
    was_waiting = _own_form_posted(token).status == RegistrationStatus.WAITLISTED
    try:
        seats.cancel(token, current_site())
    except RegistrationError as error:
        flash_refusal(error)
    else:
        flash(_cancelled_message(was_waiting), "success")
    return _private(redirect(url_for("registrations.manage", token=token), code=303))


def _cancelled_message(was_waiting: bool) -> str:
    if was_waiting:
        return _("You are off the waiting list. Thank you for letting us know.")
    return _("Your registration is cancelled. Thank you for letting us know: someone else can now take your seat.")


@blueprint.route("/registrations/<token>/delete", methods=["GET"])
@token_misses
def confirm_forget(token: str):
    return _confirm_page(token, "delete")


@blueprint.route("/registrations/<token>/delete", methods=["POST"])
@token_misses
def forget(token: str):
    _own_form_posted(token)
    maintenance.forget(token, current_site())
    return _private(Response(render_template("registrations/forgotten.html")))


@blueprint.route("/registrations/<token>/invite.ics")
@token_misses
def invite(token: str):
    registration, text = seats.invite_for(token, current_site())
    response = Response(text, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{registration.talkshow.slug}.ics"'
    return _private(response)
