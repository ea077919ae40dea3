"""Log in and out of the organiser area."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response as BaseResponse

from ..database import utcnow
from ..domain import DomainError
from ..extensions import limiter
from ..i18n import current_language
from ..site import current_site
from ..urls import safe_next
from . import password_reset, services
from .forms import ForgotPasswordForm, LoginForm, ResetPasswordForm

blueprint = Blueprint("accounts", __name__)
INVALID = 400
# Per address and client: nobody fills someone's mailbox; per client: nobody tries address after address.
FORGOT_LIMIT_PER_ADDRESS = "5 per hour"
FORGOT_LIMIT_PER_CLIENT = "20 per hour"
RESET_LIMIT = "10 per minute;30 per hour"


def _fresh_session() -> None:
    """An empty session that keeps only the language choice."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


@blueprint.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute;50 per hour", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("series_manage.board"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data or "", form.password.data or "")
        if user is None:
            flash(_("The e-mail address or password is not correct."), "error")
        else:
            _fresh_session()  # a fresh session on login, so no earlier cookie can ride along
            login_user(user, remember=bool(form.remember.data))
            flash(_("You are logged in."), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("series_manage.board"))
    # Fields that fail validation are a bad request; a wrong password is a normal answer (200, one flash message).
    return render_template("accounts/login.html", form=form), 400 if form.errors else 200


@blueprint.route("/logout", methods=["POST"])
def logout():
    """Ends the account's sessions on the server too: a copied session or remember-me cookie stops working."""
    user_id = current_user.id if current_user.is_authenticated else None
    if user_id is not None:
        services.log_out(user_id)
    logout_user()
    _fresh_session()
    flash(_("You are logged out."), "success")
    if user_id is not None:
        flash(_("You are now also logged out on your other devices and browsers."), "info")
    return redirect(url_for("series.home"))


# --- Forgotten password ----------------------------------------------------------------------------


def _address_and_client() -> str:
    address = str(request.form.get("email", "")).strip().lower()[:254]
    return f"{get_remote_address()}|{address}"


def _private(response: BaseResponse) -> BaseResponse:
    """The reset page holds a secret in its URL: never leak it, never cache it."""
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _link_refused(error: password_reset.ResetLinkInvalid) -> BaseResponse:
    """Expired, used or forged: say which, and offer a new link."""
    return _private(Response(render_template("accounts/reset_link_invalid.html", error=error), status=INVALID))


@blueprint.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit(FORGOT_LIMIT_PER_ADDRESS, methods=["POST"], key_func=_address_and_client)
@limiter.limit(FORGOT_LIMIT_PER_CLIENT, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if request.method == "GET":
        return render_template("accounts/forgot_password.html", form=form)
    if not form.validate_on_submit():
        return render_template("accounts/forgot_password.html", form=form), INVALID
    password_reset.request_reset(
        form.email.data or "",
        site=current_site(),
        secret_key=current_app.config["SECRET_KEY"],
        language=current_language(),
        now=utcnow(),
    )
    return redirect(url_for("accounts.reset_link_sent"), code=303)


@blueprint.route("/forgot-password/sent")
def reset_link_sent():
    """One answer for every address, so nobody learns which addresses have an account."""
    return render_template("accounts/reset_link_sent.html", minutes=password_reset.LINK_MINUTES)


@blueprint.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(RESET_LIMIT, methods=["POST"])
def reset_password(token: str):
    secret, now = current_app.config["SECRET_KEY"], utcnow()
    try:
        password_reset.user_for_token(token, secret, now)
    except password_reset.ResetLinkInvalid as error:
        return _link_refused(error)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            password_reset.reset_password(token, form.password.data or "", secret_key=secret, now=now)
        except password_reset.ResetLinkInvalid as error:  # used in another tab meanwhile
            return _link_refused(error)
        except DomainError as error:
            form.password.errors = [str(m) for m in error.errors.get("password", [])]
        else:
            logout_user()
            _fresh_session()
            flash(_("Your new password is set and you are logged out everywhere. Please log in."), "success")
            return _private(redirect(url_for("accounts.login"), code=303))
    status = INVALID if request.method == "POST" else 200
    return _private(
        Response(
            render_template("accounts/reset_password.html", form=form, min_length=services.MIN_PASSWORD_LENGTH),
            status=status,
        )
    )
