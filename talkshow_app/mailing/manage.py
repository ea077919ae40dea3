"""The organiser's outbox page: queued and failed mails (addresses masked), counts, and "retry now"."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.login import role_required
from ..accounts.models import Role
from . import overview
from .forms import RetryForm

blueprint = Blueprint("mailing_manage", __name__, url_prefix="/organiser/mail")


@blueprint.route("/")
@role_required(Role.ORGANISER)
def index():
    return render_template(
        "mailing/manage/index.html",
        outbox=overview.waiting_mails(current_user),
        retry_form=RetryForm(),
    )


@blueprint.route("/<int:message_id>/retry", methods=["POST"])
@role_required(Role.ORGANISER)
def retry(message_id: int):
    if not RetryForm().validate_on_submit():
        abort(400)
    try:
        overview.retry_now(message_id, current_user)
    except overview.AlreadySent as error:
        flash(str(error.message), "info")
    else:
        flash(_("Mail %(id)s is queued again and will be sent shortly.", id=message_id), "success")
    return redirect(url_for("mailing_manage.index"), code=303)
