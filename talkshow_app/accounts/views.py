"""Log in and out of the organiser area."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from ..extensions import limiter
from ..urls import safe_next
from . import services
from .forms import LoginForm

blueprint = Blueprint("accounts", __name__)


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
            language = session.get("lang")
            session.clear()  # a fresh session on login, so no earlier cookie can ride along
            if language:
                session["lang"] = language
            login_user(user, remember=bool(form.remember.data))
            flash(_("You are logged in."), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("series_manage.board"))
    return render_template("accounts/login.html", form=form)


@blueprint.route("/logout", methods=["POST"])
def logout():
    logout_user()
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    flash(_("You are logged out."), "success")
    return redirect(url_for("series.home"))
