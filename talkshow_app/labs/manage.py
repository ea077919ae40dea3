"""The organiser area of the lab directory: list (stale entries marked), create, edit, end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ..accounts.login import role_required
from ..form_fields import place_errors
from ..timezones import local_today
from . import services
from .forms import ConfirmForm, LabForm

blueprint = Blueprint("labs_manage", __name__, url_prefix="/organiser/labs")

MANAGERS = services.MANAGERS


def _form_with_choices(**kwargs: Any) -> LabForm:
    form = LabForm(**kwargs)
    choices = services.form_choices()
    form.partners.choices = [SelectChoice(value, label) for value, label in choices["partners"]]
    form.themes.choices = [SelectChoice(value, label) for value, label in choices["themes"]]
    form.disciplines.choices = [SelectChoice(value, label) for value, label in choices["disciplines"]]
    return form


def _form_page(form: LabForm, lab: Any, save: Callable[[services.LabData], Any], done: str):
    """Validate, call the service, say what happened; or show the form again with every message (400)."""
    if form.validate_on_submit():
        try:
            saved = save(form.to_input())
        except services.LabError as error:
            for message in place_errors(form, error.errors):
                flash(str(message), "error")
        else:
            flash(done % {"name": saved.name}, "success")
            return redirect(url_for("labs_manage.index"))
    return render_template("labs/manage/form.html", form=form, lab=lab), 400 if form.errors else 200


@blueprint.route("/")
@role_required(*MANAGERS)
def index():
    rows = services.organiser_overview(local_today())
    return render_template(
        "labs/manage/index.html",
        rows=rows,
        stale_count=sum(1 for row in rows if row.is_stale),
        confirm=ConfirmForm(),
    )


@blueprint.route("/new", methods=["GET", "POST"])
@role_required(*MANAGERS)
def new():
    return _form_page(
        _form_with_choices(),
        None,
        lambda data: services.create_lab(data, current_user, local_today()),
        _("The lab “%(name)s” was added."),
    )


@blueprint.route("/<slug>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit(slug: str):
    lab = services.lab_for_editing(slug)
    form = _form_with_choices(obj=lab)
    if not form.is_submitted():
        form.kind.data = lab.kind.value
        form.partners.data = [p.id for p in lab.partners]
        form.themes.data = [t.id for t in lab.themes]
        form.disciplines.data = [d.id for d in lab.disciplines]
    return _form_page(
        form,
        lab,
        lambda data: services.update_lab(slug, data, current_user, local_today()),
        _("Your changes to “%(name)s” were saved."),
    )


def _one_button(slug: str, action: Callable[..., Any], done_message: str):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        lab = action(slug, current_user, local_today())
    except services.LabError as error:
        flash(str(error.message), "error")
    else:
        flash(done_message % {"name": lab.name}, "success")
    return redirect(url_for("labs_manage.index"))


@blueprint.route("/<slug>/end", methods=["POST"])
@role_required(*MANAGERS)
def end(slug: str):
    return _one_button(slug, services.end_lab, _("“%(name)s” is marked as ended."))


@blueprint.route("/<slug>/reopen", methods=["POST"])
@role_required(*MANAGERS)
def reopen(slug: str):
    return _one_button(slug, services.reopen_lab, _("“%(name)s” is active again."))


@blueprint.route("/<slug>/checked", methods=["POST"])
@role_required(*MANAGERS)
def checked(slug: str):
    return _one_button(slug, services.mark_checked, _("“%(name)s” is marked as checked today."))
