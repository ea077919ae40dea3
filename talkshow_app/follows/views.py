"""Public routes: follow, check your mail, the follower's own page (change, export, delete), unsubscribe."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from ..extensions import csrf, limiter
from ..form_fields import place_errors
from ..i18n import current_language
from ..labs.places import STADSDELEN, stadsdeel_slug
from ..series.public import themes as public_themes
from ..site import current_site
from . import subscribing
from .errors import FollowError
from .forms import ActionForm, FollowForm, PreferencesForm
from .labels import FREQUENCY_LABELS

blueprint = Blueprint("follows", __name__)
INVALID = 400
FOLLOW_LIMIT = "10 per minute; 30 per hour"
UNSUBSCRIBE_LIMIT = "30 per minute"
# Guessing links: only misses count (see registrations.views).
token_misses = limiter.shared_limit(
    "20 per minute; 100 per hour", scope="follow-token-miss", deduct_when=lambda response: response.status_code == 404
)


@blueprint.app_context_processor
def follow_helpers() -> dict[str, Any]:
    return {"follow_stadsdelen": [(stadsdeel_slug(name), name) for name in STADSDELEN]}


def _private(response: BaseResponse) -> BaseResponse:
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _theme_choices() -> list[tuple[str, str]]:
    return [(theme.slug, theme.display_name(current_language())) for theme in public_themes()]


@blueprint.route("/follow", methods=["GET", "POST"])
@limiter.limit(FOLLOW_LIMIT, methods=["POST"])
def follow():
    form = FollowForm()
    form.set_choices(_theme_choices())
    if request.method == "GET":
        return render_template("follows/follow.html", form=form)
    if form.validate_on_submit():
        try:
            subscribing.follow(form.to_input(current_language()), current_site(), current_app.config["SECRET_KEY"])
        except FollowError as error:
            place_errors(form, error.errors)
        else:
            return redirect(url_for("follows.check_your_mail"), code=303)
    return render_template("follows/follow.html", form=form), INVALID


@blueprint.route("/follow/sent")
def check_your_mail():
    """The same page whether the address was new or known."""
    return render_template("follows/sent.html")


@blueprint.route("/follow/<token>", methods=["GET", "POST"])
@token_misses
def manage(token: str):
    follower = subscribing.follower_by_token(token)
    form = PreferencesForm(
        data={
            "themes": [t.slug for t in follower.themes],
            "stadsdelen": [stadsdeel_slug(s) for s in follower.stadsdeel_names],
            "frequency": follower.frequency.value,
        }
        if request.method == "GET"
        else None
    )
    form.set_choices(_theme_choices())
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                subscribing.save_preferences(token, form.to_preferences())
            except FollowError as error:
                place_errors(form, error.errors)
            else:
                flash(_("Your choices are saved."), "success")
                return _private(redirect(url_for("follows.manage", token=token), code=303))
        status = INVALID
    page = render_template(
        "follows/manage.html",
        follower=follower,
        form=form,
        action=ActionForm(),
        token=token,
        expires_at=subscribing.expires_at(follower),
        frequency_labels=FREQUENCY_LABELS,
    )
    return _private(current_app.make_response((page, status)))


@blueprint.route("/follow/<token>/confirm", methods=["POST"])
@token_misses
def confirm(token: str):
    subscribing.follower_by_token(token)
    if ActionForm().validate_on_submit():
        subscribing.confirm(token)
        flash(_("Thank you: you now follow the series as chosen below."), "success")
    return _private(redirect(url_for("follows.manage", token=token), code=303))


@blueprint.route("/follow/<token>/export.json")
@token_misses
def export(token: str):
    response = jsonify(subscribing.export(token))
    response.headers["Content-Disposition"] = 'attachment; filename="follow-data.json"'
    return _private(response)


@blueprint.route("/follow/<token>/delete", methods=["POST"])
@token_misses
def delete(token: str):
    subscribing.follower_by_token(token)
    if not ActionForm().validate_on_submit():
        return _private(redirect(url_for("follows.manage", token=token), code=303))
    subscribing.delete_follower(token)
    return _private(current_app.make_response(render_template("follows/unsubscribed.html", deleted=True)))


@blueprint.route("/follow/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(UNSUBSCRIBE_LIMIT, methods=["POST"])
def unsubscribe(token: str):
    """RFC 8058: a POST of ``List-Unsubscribe=One-Click`` ends the follow, without session or CSRF token.

    The link only ever acts on the follower it belongs to; a GET (a person, or a link scanner) only
    shows the button, so opening the link never unsubscribes by itself.
    """
    if request.method == "GET":
        return _private(current_app.make_response(render_template("follows/unsubscribe.html", token=token)))
    if request.form.get("List-Unsubscribe") != "One-Click":
        page = render_template("follows/unsubscribe.html", token=token)
        return _private(current_app.make_response((page, INVALID)))
    subscribing.unsubscribe(token)  # an unknown or used link: the same answer, nothing learned
    return _private(current_app.make_response(render_template("follows/unsubscribed.html", deleted=False)))
