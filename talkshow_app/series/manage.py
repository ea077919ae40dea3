"""The organiser area of the series: the board, planning talkshows, and the reference data.

Views are thin: they parse a form, call one service, flash and redirect, or show the form again
with the service's field messages (status 400). Every state change is a POST with CSRF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from ..accounts.login import role_required
from ..accounts.models import Role
from ..labs.speakers import lab_choices
from ..registrations import seats
from . import catalogue as items
from . import line_up, scheduling
from .board import series_board
from .errors import PlanningError, conflict_message
from .forms import (
    ActionForm,
    CancelTalkshowForm,
    OrganisationForm,
    SpeakerForm,
    TalkshowForm,
    ThemeForm,
    VenueForm,
    add_planning_errors,
)
from .labels import CHECK_LABELS, STATUS_LABELS
from .public import themes
from .season_picture import season_timeline

blueprint = Blueprint("series_manage", __name__, url_prefix="/organiser")

INVALID = 400


@blueprint.app_context_processor
def planning_labels() -> dict[str, Any]:
    return {"check_labels": CHECK_LABELS, "status_labels": STATUS_LABELS, "conflict_message": conflict_message}


@blueprint.route("/")
@role_required(Role.ORGANISER, Role.EDITOR)
def board():
    """The series at a glance: target, themes, and what each talkshow still needs."""
    board = series_board(target=int(current_app.config["SERIES_TARGET"]))
    counts = seats.seat_counts([row.talkshow.id for row in board.rows])
    can_plan = current_user.has_role(Role.ORGANISER)
    timeline = season_timeline([row.talkshow for row in board.rows], "timeline-board", public=False)
    return render_template("series/manage/board.html", board=board, seats=counts, can_plan=can_plan, timeline=timeline)


def _flash_refusal(error: PlanningError) -> None:
    for message in error.messages:
        flash(str(message), "error")


def _flash_notified(notified: int) -> None:
    """Say that the save mails people, so nobody is surprised by replies."""
    if notified:
        flash(
            ngettext("%(num)d participant will be notified.", "%(num)d participants will be notified.", notified),
            "info",
        )


# --- Talkshows ----------------------------------------------------------------------------------


def _speaker_label(speaker: Any) -> str:
    organisation = speaker.organisation
    return speaker.name + (f" ({organisation.short_name or organisation.name})" if organisation else "")


def _talkshow_form(**kwargs: Any) -> TalkshowForm:
    return TalkshowForm(
        theme_choices=[(t.id, t.name) for t in themes()],
        venue_choices=[(v.id, v.name) for v in items.venues()],
        speaker_choices=[(s.id, _speaker_label(s)) for s in items.speakers()],
        **kwargs,
    )


def _line_up_action(form: TalkshowForm, new_speaker: line_up.NewSpeakerForm, action: str) -> list[Any]:
    """A line-up button instead of "Save": change the rows, show everything typed again; returns messages."""
    if action == line_up.REMOVE_ROW:
        line_up.remove_row(form, line_up.row_number(request.form.get(line_up.REMOVE_ROW)))
    elif action == line_up.ADD_ROW:
        refusal = line_up.add_row(form)
        return [refusal] if refusal else []
    elif not ActionForm().validate_on_submit():
        abort(400)
    else:
        done = line_up.add_new_speaker(form, new_speaker, current_user)
        if done:
            flash(done, "success")
    return []


def _save_talkshow(form: TalkshowForm, save: Callable[..., Any], talkshow: Any = None):
    conflicts: list[Any] = []
    general: list[Any] = []
    overridable = False
    new_speaker = line_up.NewSpeakerForm(organisation_choices=[(o.id, o.name) for o in items.organisations()])
    if form.is_submitted():
        line_up.set_row_count(form, request)
    action = line_up.requested_action(request) if form.is_submitted() else None
    if action:
        general = _line_up_action(form, new_speaker, action)
        return _talkshow_page(form, talkshow, new_speaker, [], general, False, INVALID if new_speaker.errors else 200)
    if form.is_submitted() and (new_speaker.name.data or "").strip():
        new_speaker.name.errors = [_("Add the new speaker with “Add to the line-up”, or empty the name.")]
        return _talkshow_page(form, talkshow, new_speaker, [], [], False, INVALID)
    if form.validate_on_submit():
        try:
            result = save(form.to_input(), current_user, allow_conflicts=bool(form.allow_conflicts.data))
        except PlanningError as error:
            general = add_planning_errors(form, error)
            conflicts = error.conflicts
            overridable = error.can_be_overridden
        else:
            saved, notified = (
                (result.talkshow, result.notified) if isinstance(result, scheduling.Saved) else (result, 0)
            )
            if form.allow_conflicts.data and scheduling.schedule_conflicts(saved.id):
                flash(_("Saved despite schedule conflicts; the series board flags them."), "warning")
            else:
                flash(_("The talkshow “%(title)s” has been saved.", title=saved.title), "success")
            _flash_notified(notified)
            return redirect(url_for("series_manage.edit_talkshow", talkshow_id=saved.id))
    status = INVALID if form.is_submitted() else 200
    return _talkshow_page(form, talkshow, new_speaker, conflicts, general, overridable, status)


def _talkshow_page(form, talkshow, new_speaker, conflicts, general, overridable, status):
    return render_template(
        "series/manage/talkshow_form.html",
        form=form,
        talkshow=talkshow,
        new_speaker=new_speaker,
        conflicts=conflicts,
        general_errors=general,
        overridable=overridable,
        action_form=ActionForm(),
    ), status


@blueprint.route("/talkshows")
@role_required(Role.ORGANISER)
def talkshows():
    listing = scheduling.organiser_talkshows()
    return render_template("series/manage/talkshows.html", talkshows=listing, action_form=ActionForm())


@blueprint.route("/talkshows/new", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def new_talkshow():
    return _save_talkshow(_talkshow_form(), scheduling.create_talkshow)


@blueprint.route("/talkshows/<int:talkshow_id>", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def edit_talkshow(talkshow_id: int):
    talkshow = scheduling.talkshow_for_editing(talkshow_id)
    form = _talkshow_form()
    if not form.is_submitted():
        form.fill_from(talkshow)

    def update(data, actor, allow_conflicts):
        return scheduling.update_talkshow(talkshow_id, data, actor, allow_conflicts=allow_conflicts)

    return _save_talkshow(form, update, talkshow)


def _status_change(talkshow_id: int, change: Callable[..., Any], done: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        talkshow = change(talkshow_id, current_user)
    except PlanningError as error:
        _flash_refusal(error)
    else:
        flash(done % {"title": talkshow.title}, "success")
    return redirect(url_for("series_manage.edit_talkshow", talkshow_id=talkshow_id))


@blueprint.route("/talkshows/<int:talkshow_id>/publish", methods=["POST"])
@role_required(Role.ORGANISER)
def publish_talkshow(talkshow_id: int):
    return _status_change(talkshow_id, scheduling.publish_talkshow, _("“%(title)s” is published."))


@blueprint.route("/talkshows/<int:talkshow_id>/unpublish", methods=["POST"])
@role_required(Role.ORGANISER)
def unpublish_talkshow(talkshow_id: int):
    done = _("“%(title)s” is back to draft and no longer public.")
    return _status_change(talkshow_id, scheduling.unpublish_talkshow, done)


def _cancel_page(talkshow: Any, form: CancelTalkshowForm, general: list[Any], status: int):
    counts = seats.seat_counts([talkshow.id])[talkshow.id]
    return render_template(
        "series/manage/cancel_talkshow.html",
        talkshow=talkshow,
        form=form,
        to_notify=counts.confirmed + counts.waitlisted,
        general_errors=general,
    ), status


def _already_cancelled(talkshow: Any):
    flash(_("“%(title)s” is already cancelled.", title=talkshow.title), "info")
    return redirect(url_for("series_manage.edit_talkshow", talkshow_id=talkshow.id))


@blueprint.route("/talkshows/<int:talkshow_id>/cancel/confirm")
@role_required(Role.ORGANISER)
def confirm_cancel_talkshow(talkshow_id: int):
    """Before calling it off: what it is, how many people get a mail, and room for a reason."""
    talkshow = scheduling.talkshow_for_editing(talkshow_id)
    if talkshow.is_cancelled:
        return _already_cancelled(talkshow)
    return _cancel_page(talkshow, CancelTalkshowForm(), [], 200)


@blueprint.route("/talkshows/<int:talkshow_id>/cancel", methods=["POST"])
@role_required(Role.ORGANISER)
def cancel_talkshow(talkshow_id: int):
    """The confirmation page's POST; the reason is optional and goes into the registrants' mail."""
    form = CancelTalkshowForm()
    if not form.validate_on_submit() and "csrf_token" in form.errors:
        abort(400)
    talkshow = scheduling.talkshow_for_editing(talkshow_id)
    if talkshow.is_cancelled:
        return _already_cancelled(talkshow)
    if form.errors:
        return _cancel_page(talkshow, form, [], INVALID)
    try:
        result = scheduling.cancel_talkshow(talkshow_id, current_user, reason=form.reason.data or "")
    except PlanningError as error:
        return _cancel_page(talkshow, form, add_planning_errors(form, error), INVALID)
    flash(_("“%(title)s” is cancelled.", title=talkshow.title), "success")
    _flash_notified(result.notified)
    return redirect(url_for("series_manage.edit_talkshow", talkshow_id=talkshow_id))


# --- Reference data: themes, organisations, venues, speakers -------------------------------------


@dataclass(frozen=True)
class Catalogue:
    """One kind of reference data as the organiser area shows it: its form and its wording."""

    kind: items.CatalogueKind
    form: Callable[..., Any]
    title: Any
    new_title: Any
    edit_title: Any
    saved: Any
    deleted: Any

    @property
    def name(self) -> str:
        return self.kind.name


def _speaker_form(**kwargs: Any) -> SpeakerForm:
    form = SpeakerForm(
        organisation_choices=[(o.id, o.name) for o in items.organisations()],
        lab_choices=lab_choices(),
        **kwargs,
    )
    obj = kwargs.get("obj")
    if obj is not None and not form.is_submitted():
        form.organisation_id.data = obj.organisation_id or 0
        form.lab_ids.data = [lab.id for lab in obj.labs]
    return form


CATALOGUES = {
    c.name: c
    for c in (
        Catalogue(
            items.THEMES,
            ThemeForm,
            _l("Themes"),
            _l("New theme"),
            _l("Edit theme"),
            _l("The theme has been saved."),
            _l("The theme has been deleted."),
        ),
        Catalogue(
            items.SPEAKERS,
            _speaker_form,
            _l("Speakers"),
            _l("New speaker"),
            _l("Edit speaker"),
            _l("The speaker has been saved."),
            _l("The speaker has been deleted."),
        ),
        Catalogue(
            items.ORGANISATIONS,
            OrganisationForm,
            _l("Organisations"),
            _l("New organisation"),
            _l("Edit organisation"),
            _l("The organisation has been saved."),
            _l("The organisation has been deleted."),
        ),
        Catalogue(
            items.VENUES,
            VenueForm,
            _l("Venues"),
            _l("New venue"),
            _l("Edit venue"),
            _l("The venue has been saved."),
            _l("The venue has been deleted."),
        ),
    )
}
KINDS = "<any(themes, speakers, organisations, venues):kind>"


def _catalogue_form(catalogue: Catalogue, form: Any, item: Any, save: Callable[[Any], Any]):
    general: list[Any] = []
    if form.validate_on_submit():
        try:
            save(form.to_input())
        except PlanningError as error:
            general = add_planning_errors(form, error)
        else:
            flash(str(catalogue.saved), "success")
            return redirect(url_for("series_manage.catalogue", kind=catalogue.name))
    status = INVALID if form.is_submitted() else 200
    return render_template(
        "series/manage/catalogue_form.html",
        catalogue=catalogue,
        form=form,
        item=item,
        general_errors=general,
        action_form=ActionForm(),
    ), status


@blueprint.route(f"/{KINDS}")
@role_required(Role.ORGANISER)
def catalogue(kind: str):
    catalogue = CATALOGUES[kind]
    return render_template("series/manage/catalogue.html", catalogue=catalogue, items=catalogue.kind.listing())


@blueprint.route(f"/{KINDS}/new", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def new_item(kind: str):
    catalogue = CATALOGUES[kind]
    return _catalogue_form(
        catalogue, catalogue.form(), None, lambda data: items.create_item(catalogue.kind, data, current_user)
    )


@blueprint.route(f"/{KINDS}/<int:item_id>", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def edit_item(kind: str, item_id: int):
    catalogue = CATALOGUES[kind]
    item = items.get_item(catalogue.kind, item_id)
    return _catalogue_form(
        catalogue,
        catalogue.form(obj=item),
        item,
        lambda data: items.update_item(catalogue.kind, item_id, data, current_user),
    )


@blueprint.route(f"/{KINDS}/<int:item_id>/delete", methods=["POST"])
@role_required(Role.ORGANISER)
def delete_item(kind: str, item_id: int):
    catalogue = CATALOGUES[kind]
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        items.delete_item(catalogue.kind, item_id, current_user)
    except PlanningError as error:
        _flash_refusal(error)
        return redirect(url_for("series_manage.edit_item", kind=kind, item_id=item_id))
    flash(str(catalogue.deleted), "success")
    return redirect(url_for("series_manage.catalogue", kind=kind))
