"""Organiser and editor routes: the picture of a talkshow, speaker, lab or knowledge output.

Each item's edit page links here; the page shows the current picture and takes a new one
(with its description, or marked decorative). A refused upload shows the form again with the
field's message (status 400) and stores nothing.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..accounts.login import role_required
from ..accounts.models import Role
from . import attach
from .forms import ImageForm, RemoveImageForm
from .processing import MAX_BYTES

blueprint = Blueprint("images_manage", __name__, url_prefix="/organiser/images")

KINDS = "<any(talkshow, speaker, lab, output):kind>"
INVALID = 400


def _max_bytes() -> int:
    return int(current_app.config.get("IMAGE_MAX_BYTES", MAX_BYTES))


def back_url(kind: str, item: Any) -> str:
    """The item's own edit page."""
    if kind == "talkshow":
        return url_for("series_manage.edit_talkshow", talkshow_id=item.id)
    if kind == "speaker":
        return url_for("series_manage.edit_item", kind="speakers", item_id=item.id)
    if kind == "lab":
        return url_for("labs_manage.edit", slug=item.slug)
    return url_for("archive.manage_output", output_id=item.id)


def _page(kind: str, subject_id: int, form: ImageForm, status: int = 200):
    about, item = attach.subject(kind, subject_id)
    if not attach.may_change(current_user, kind):
        abort(403)
    current = getattr(item, about.attribute)
    return (
        render_template(
            "images/manage.html",
            kind=kind,
            item=item,
            item_title=getattr(item, about.title),
            current=current,
            form=form,
            remove_form=RemoveImageForm(),
            back=back_url(kind, item),
            max_mb=_max_bytes() // (1024 * 1024),
        ),
        status,
    )


@blueprint.route(f"/{KINDS}/<int:subject_id>", methods=["GET", "POST"])
@role_required(Role.ORGANISER, Role.EDITOR)
def edit(kind: str, subject_id: int):
    form = ImageForm()
    if not form.validate_on_submit():
        return _page(kind, subject_id, form, INVALID if form.errors else 200)
    try:
        attach.attach(
            current_user,
            kind,
            subject_id,
            form.file_bytes(_max_bytes()),
            form.alt_text(),
            bool(form.decorative.data),
            current_app.config["UPLOAD_FOLDER"],
            max_bytes=_max_bytes(),
        )
    except attach.ImageError as error:
        for field, messages in error.errors.items():
            getattr(form, field).errors = list(messages)
        return _page(kind, subject_id, form, INVALID)
    flash(_("The picture is saved."), "success")
    return redirect(url_for("images_manage.edit", kind=kind, subject_id=subject_id))


@blueprint.route(f"/{KINDS}/<int:subject_id>/remove", methods=["POST"])
@role_required(Role.ORGANISER, Role.EDITOR)
def remove(kind: str, subject_id: int):
    if not RemoveImageForm().validate_on_submit():
        abort(400)
    if attach.detach(current_user, kind, subject_id, current_app.config["UPLOAD_FOLDER"]):
        flash(_("The picture is removed."), "success")
    return redirect(url_for("images_manage.edit", kind=kind, subject_id=subject_id))
