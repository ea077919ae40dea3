"""Organiser routes: mail the audience of a talkshow (write, preview, send) and the log of what was sent.

Imported by ``manage`` so the routes sit on the registrations blueprint (``registrations.audience_mail``).
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField, TextAreaField

from ..accounts.login import role_required
from ..accounts.models import Role
from ..form_fields import place_errors
from ..site import current_site
from . import audience as mailings
from .errors import RegistrationError
from .organiser import attendee_list
from .views import INVALID, blueprint

AUDIENCE = "/organiser/talkshows/<int:talkshow_id>/registrations/mail"


class AudienceForm(FlaskForm):
    audience = RadioField(
        _l("Who gets the mail"),
        choices=[
            SelectChoice(mailings.Audience.CONFIRMED.value, _l("Everyone with a seat")),
            SelectChoice(mailings.Audience.WAITLISTED.value, _l("The waiting list")),
            SelectChoice(mailings.Audience.BOTH.value, _l("Both")),
        ],
        default=mailings.Audience.CONFIRMED.value,
        validate_choice=False,
    )
    subject = StringField(_l("Subject"), render_kw={"maxlength": mailings.SUBJECT_MAX})
    text = TextAreaField(_l("Text"), render_kw={"rows": 8, "maxlength": mailings.TEXT_MAX})

    def to_input(self) -> mailings.AudienceMessage:
        return mailings.AudienceMessage(self.audience.data or "", self.subject.data or "", self.text.data or "")


def _page(talkshow_id: int, form: AudienceForm, preview: Any = None, status: int = 200):
    attendees = attendee_list(talkshow_id, current_user)
    return render_template(
        "registrations/organiser/mail.html",
        attendees=attendees,
        form=form,
        preview=preview,
        log=mailings.sent_log(talkshow_id, current_user),
    ), status


@blueprint.route(AUDIENCE, methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def audience_mail(talkshow_id: int):
    """GET: the form. POST without "send": check and preview. POST with "send": queue the mails."""
    form = AudienceForm()
    if not form.is_submitted():
        return _page(talkshow_id, form)
    if not form.validate():
        if "csrf_token" in form.errors:
            abort(400)
        return _page(talkshow_id, form, status=INVALID)
    try:
        chosen, subject, text = mailings.checked(form.to_input())
    except RegistrationError as error:
        _put_errors(form, error)
        return _page(talkshow_id, form, status=INVALID)
    if "send" not in request.form:
        people = mailings.recipients(talkshow_id, chosen, current_user)
        return _page(talkshow_id, form, preview={"subject": subject, "text": text, "count": len(people)})
    try:
        sent = mailings.mail_audience(talkshow_id, form.to_input(), current_user, current_site())
    except RegistrationError as error:
        _put_errors(form, error)
        return _page(talkshow_id, form, status=INVALID)
    flash(ngettext("%(num)d person gets this mail.", "%(num)d people get this mail.", sent), "success")
    return redirect(url_for("registrations.audience_mail", talkshow_id=talkshow_id), code=303)


def _put_errors(form: AudienceForm, error: RegistrationError) -> None:
    for message in place_errors(form, error.errors):
        flash(str(message), "error")
