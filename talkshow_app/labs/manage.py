"""The organiser area of the lab directory: list (stale entries marked), create, edit, end."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from wtforms import SelectChoice

from ..accounts.login import role_required
from ..accounts.models import Role
from ..database import utcnow
from ..timezones import LOCAL_TZ
from . import services
from .forms import ConfirmForm, LabForm

blueprint = Blueprint("labs_manage", __name__, url_prefix="/organiser/labs")

MANAGERS = (Role.ORGANISER, Role.EDITOR)


def _today() -> date:
    """Today in The Hague."""
    return utcnow().astimezone(LOCAL_TZ).date()


def _form_with_choices(**kwargs) -> LabForm:
    form = LabForm(**kwargs)
    choices = services.form_choices()
    form.partners.choices = [SelectChoice(value, label) for value, label in choices["partners"]]
    form.themes.choices = [SelectChoice(value, label) for value, label in choices["themes"]]
    form.disciplines.choices = [SelectChoice(value, label) for value, label in choices["disciplines"]]
    return form


def _lab_or_404(slug: str):
    try:
        return services.lab_for_editing(slug)
    except services.LabNotFound:
        abort(404)


@blueprint.route("/")
@role_required(*MANAGERS)
def index():
    rows = services.organiser_overview(_today())
    return render_template(
        "labs/manage/index.html",
        rows=rows,
        stale_count=sum(1 for row in rows if row.is_stale),
        confirm=ConfirmForm(),
    )


@blueprint.route("/new", methods=["GET", "POST"])
@role_required(*MANAGERS)
def new():
    form = _form_with_choices()
    if form.validate_on_submit():
        try:
            lab = services.create_lab(form.to_data(), _today())
        except services.LabError as error:
            flash(str(error), "error")
        else:
            flash(_("The lab “%(name)s” was added.", name=lab.name), "success")
            return redirect(url_for("labs_manage.index"))
    return render_template("labs/manage/form.html", form=form, lab=None), 400 if form.errors else 200


@blueprint.route("/<slug>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit(slug: str):
    lab = _lab_or_404(slug)
    form = _form_with_choices(obj=lab)
    if not form.is_submitted():
        form.kind.data = lab.kind.value
        form.partners.data = [p.id for p in lab.partners]
        form.themes.data = [t.id for t in lab.themes]
        form.disciplines.data = [d.id for d in lab.disciplines]
    if form.validate_on_submit():
        try:
            lab = services.update_lab(slug, form.to_data(), _today())
        except services.LabError as error:
            flash(str(error), "error")
        else:
            flash(_("Your changes to “%(name)s” were saved.", name=lab.name), "success")
            return redirect(url_for("labs_manage.index"))
    return render_template("labs/manage/form.html", form=form, lab=lab, confirm=ConfirmForm()), 400 if form.errors else 200


def _one_button(slug: str, action, done_message: str):
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        lab = action(slug, _today())
    except services.LabNotFound:
        abort(404)
    except services.LabError as error:
        flash(str(error), "error")
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
