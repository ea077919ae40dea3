"""The organiser area of the series: the board, planning talkshows, and the reference data.

Views are thin: they parse a form, call one service, flash and redirect, or show the form again
with the service's field messages (status 400). Every state change is a POST with CSRF.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.login import role_required
from ..accounts.models import Role
from ..extensions import db
from . import services
from .forms import ActionForm, OrganisationForm, SpeakerForm, TalkshowForm, ThemeForm, VenueForm, add_planning_errors
from .models import Organisation, Speaker, Theme, Venue
from .planning import Check

blueprint = Blueprint("series_manage", __name__, url_prefix="/organiser")

CHECK_LABELS = {
    Check.THEME: _l("Theme"),
    Check.DATE: _l("Date and time"),
    Check.VENUE: _l("Venue"),
    Check.HOST: _l("Host"),
    Check.GUEST: _l("At least one guest"),
    Check.CAPACITY: _l("Seats"),
    Check.PUBLISHED: _l("Published"),
}
STATUS_LABELS = {"draft": _l("Draft"), "published": _l("Published"), "cancelled": _l("Cancelled")}
INVALID = 400


@blueprint.app_context_processor
def planning_labels() -> dict[str, Any]:
    return {"check_labels": CHECK_LABELS, "status_labels": STATUS_LABELS, "conflict_message": services.conflict_message}


def _seat_counts(talkshow_ids: list[int]) -> dict[int, Any] | None:
    """Registrations per talkshow from the registrations feature, once that feature exists.

    SEAT COUNTS HOOK: ``talkshow_app.registrations.services.seat_counts(ids) -> {id: SeatCounts}``.
    """
    try:
        from ..registrations.services import seat_counts  # type: ignore[import-not-found]
    except ImportError:
        return None
    return seat_counts(talkshow_ids)


@blueprint.route("/")
@role_required(Role.ORGANISER, Role.EDITOR)
def board():
    """The series at a glance: target, themes, and what each talkshow still needs."""
    board = services.series_board(target=int(current_app.config["SERIES_TARGET"]))
    seats = _seat_counts([row.talkshow.id for row in board.rows])
    return render_template("series/manage/board.html", board=board, seats=seats, can_plan=current_user.has_role(Role.ORGANISER))


# --- Talkshows ----------------------------------------------------------------------------------


def _talkshow_form(**kwargs: Any) -> TalkshowForm:
    return TalkshowForm(
        theme_choices=[(t.id, t.name) for t in services.themes()],
        venue_choices=[(v.id, v.name) for v in services.venues()],
        speaker_choices=[(s.id, s.name + (f" ({s.organisation.short_name or s.organisation.name})" if s.organisation else "")) for s in services.speakers()],
        **kwargs,
    )


def _save_talkshow(form: TalkshowForm, save: Callable[..., Any], talkshow: Any = None):
    conflicts: list[Any] = []
    general: list[Any] = []
    overridable = False
    if form.validate_on_submit():
        try:
            saved = save(form.to_input(), current_user, allow_conflicts=bool(form.allow_conflicts.data))
        except services.PlanningError as error:
            general = add_planning_errors(form, error)
            conflicts = error.conflicts
            overridable = error.can_be_overridden
        else:
            if form.allow_conflicts.data and services.schedule_conflicts(saved.id):
                flash(_("Saved despite schedule conflicts; the series board flags them."), "warning")
            else:
                flash(_("The talkshow “%(title)s” has been saved.", title=saved.title), "success")
            return redirect(url_for("series_manage.edit_talkshow", talkshow_id=saved.id))
    status = INVALID if form.is_submitted() else 200
    return render_template(
        "series/manage/talkshow_form.html", form=form, talkshow=talkshow, conflicts=conflicts,
        general_errors=general, overridable=overridable, action_form=ActionForm(),
    ), status


@blueprint.route("/talkshows")
@role_required(Role.ORGANISER)
def talkshows():
    return render_template("series/manage/talkshows.html", talkshows=services.organiser_talkshows(), action_form=ActionForm())


@blueprint.route("/talkshows/new", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def new_talkshow():
    return _save_talkshow(_talkshow_form(), services.create_talkshow)


@blueprint.route("/talkshows/<int:talkshow_id>", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def edit_talkshow(talkshow_id: int):
    try:
        talkshow = services.talkshow_for_editing(talkshow_id)
    except services.NotFound:
        abort(404)
    form = _talkshow_form()
    if not form.is_submitted():
        form.fill_from(talkshow)

    def update(data, actor, allow_conflicts):
        return services.update_talkshow(talkshow_id, data, actor, allow_conflicts=allow_conflicts)

    return _save_talkshow(form, update, talkshow)


def _status_change(talkshow_id: int, change: Callable[..., Any], done: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        talkshow = change(talkshow_id, current_user)
    except services.NotFound:
        abort(404)
    except services.PlanningError as error:
        for messages in error.errors.values():
            for message in messages:
                flash(str(message), "error")
        return redirect(url_for("series_manage.edit_talkshow", talkshow_id=talkshow_id))
    flash(done % {"title": talkshow.title}, "success")
    return redirect(url_for("series_manage.edit_talkshow", talkshow_id=talkshow_id))


@blueprint.route("/talkshows/<int:talkshow_id>/publish", methods=["POST"])
@role_required(Role.ORGANISER)
def publish_talkshow(talkshow_id: int):
    return _status_change(talkshow_id, services.publish_talkshow, _("“%(title)s” is published."))


@blueprint.route("/talkshows/<int:talkshow_id>/unpublish", methods=["POST"])
@role_required(Role.ORGANISER)
def unpublish_talkshow(talkshow_id: int):
    return _status_change(talkshow_id, services.unpublish_talkshow, _("“%(title)s” is back to draft and no longer public."))


@blueprint.route("/talkshows/<int:talkshow_id>/cancel", methods=["POST"])
@role_required(Role.ORGANISER)
def cancel_talkshow(talkshow_id: int):
    return _status_change(talkshow_id, services.cancel_talkshow, _("“%(title)s” is cancelled."))


# --- Reference data: themes, organisations, venues, speakers -------------------------------------


@dataclass(frozen=True)
class Catalogue:
    """One kind of reference data, managed with the same four views."""

    name: str
    model: Any
    form: Callable[..., Any]
    listing: Callable[[], list[Any]]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    title: Any
    new_title: Any
    edit_title: Any
    saved: Any
    deleted: Any


def _speaker_form(**kwargs: Any) -> SpeakerForm:
    form = SpeakerForm(
        organisation_choices=[(o.id, o.name) for o in services.organisations()],
        lab_choices=[(lab.id, lab.name) for lab in services.labs()],
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
        Catalogue("themes", Theme, ThemeForm, services.themes, services.create_theme, services.update_theme, services.delete_theme,
                  _l("Themes"), _l("New theme"), _l("Edit theme"), _l("The theme has been saved."), _l("The theme has been deleted.")),
        Catalogue("speakers", Speaker, _speaker_form, services.speakers, services.create_speaker, services.update_speaker, services.delete_speaker,
                  _l("Speakers"), _l("New speaker"), _l("Edit speaker"), _l("The speaker has been saved."), _l("The speaker has been deleted.")),
        Catalogue("organisations", Organisation, OrganisationForm, services.organisations, services.create_organisation,
                  services.update_organisation, services.delete_organisation, _l("Organisations"), _l("New organisation"),
                  _l("Edit organisation"), _l("The organisation has been saved."), _l("The organisation has been deleted.")),
        Catalogue("venues", Venue, VenueForm, services.venues, services.create_venue, services.update_venue, services.delete_venue,
                  _l("Venues"), _l("New venue"), _l("Edit venue"), _l("The venue has been saved."), _l("The venue has been deleted.")),
    )
}


def _catalogue(kind: str) -> Catalogue:
    catalogue = CATALOGUES.get(kind)
    if catalogue is None:
        abort(404)
    return catalogue


def _catalogue_form(catalogue: Catalogue, form: Any, item: Any, save: Callable[[Any], Any]):
    general: list[Any] = []
    if form.validate_on_submit():
        try:
            save(form.to_input())
        except services.PlanningError as error:
            general = add_planning_errors(form, error)
        else:
            flash(str(catalogue.saved), "success")
            return redirect(url_for("series_manage.catalogue", kind=catalogue.name))
    status = INVALID if form.is_submitted() else 200
    return render_template(
        "series/manage/catalogue_form.html", catalogue=catalogue, form=form, item=item, general_errors=general, action_form=ActionForm()
    ), status


@blueprint.route("/<any(themes, speakers, organisations, venues):kind>")
@role_required(Role.ORGANISER)
def catalogue(kind: str):
    catalogue = _catalogue(kind)
    return render_template("series/manage/catalogue.html", catalogue=catalogue, items=catalogue.listing())


@blueprint.route("/<any(themes, speakers, organisations, venues):kind>/new", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def new_item(kind: str):
    catalogue = _catalogue(kind)
    return _catalogue_form(catalogue, catalogue.form(), None, lambda data: catalogue.create(data, current_user))


@blueprint.route("/<any(themes, speakers, organisations, venues):kind>/<int:item_id>", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def edit_item(kind: str, item_id: int):
    catalogue = _catalogue(kind)
    item = db.session.get(catalogue.model, item_id)
    if item is None:
        abort(404)
    form = catalogue.form(obj=item)
    return _catalogue_form(catalogue, form, item, lambda data: catalogue.update(item_id, data, current_user))


@blueprint.route("/<any(themes, speakers, organisations, venues):kind>/<int:item_id>/delete", methods=["POST"])
@role_required(Role.ORGANISER)
def delete_item(kind: str, item_id: int):
    catalogue = _catalogue(kind)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        catalogue.delete(item_id, current_user)
    except services.NotFound:
        abort(404)
    except services.PlanningError as error:
        for messages in error.errors.values():
            for message in messages:
                flash(str(message), "error")
        return redirect(url_for("series_manage.edit_item", kind=kind, item_id=item_id))
    flash(str(catalogue.deleted), "success")
    return redirect(url_for("series_manage.catalogue", kind=kind))

