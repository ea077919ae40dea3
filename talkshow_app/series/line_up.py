"""The line-up rows of the talkshow form, without JavaScript: add a row, remove a row, add a new speaker on the spot.

Each of these is a submit button of the talkshow form itself, so every value already typed comes back with the
request and is shown again; nothing is saved except, for "add to the line-up", the new speaker.
"""

from __future__ import annotations

from typing import Any

from flask import Request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length

from ..accounts.models import Role
from ..domain import require_role
from . import catalogue as items
from .catalogue import SpeakerInput
from .errors import PlanningError
from .forms import LINE_UP_ROWS, NO_CHOICE, TalkshowForm

ROW_COUNT = "line_up_count"
ADD_ROW, REMOVE_ROW, ADD_SPEAKER = "add_row", "remove_row", "add_speaker"
ACTIONS = (ADD_ROW, REMOVE_ROW, ADD_SPEAKER)


def _number(value: Any) -> int:
    """A number from the form; anything else (tampered, empty) reads as 0, "none"."""
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


class NewSpeakerForm(FlaskForm):
    """A speaker who is not in the list yet, typed in the line-up itself (its fields are prefixed ``new_speaker-``)."""

    class Meta:
        csrf = False  # part of the talkshow form, whose token covers it

    name = StringField(
        _l("Name of the new speaker"),
        validators=[Length(max=120, message=_l("The name can be at most %(max)d characters."))],
    )
    role_title = StringField(
        _l("Role or title"), validators=[Length(max=160, message=_l("The role can be at most %(max)d characters."))]
    )
    organisation_id = SelectField(_l("Organisation"), coerce=_number, validate_choice=False)

    def __init__(self, *args: Any, organisation_choices=(), **kwargs: Any) -> None:
        super().__init__(*args, prefix="new_speaker", **kwargs)
        self.organisation_id.choices = [(NO_CHOICE, _l("— none —"))] + list(organisation_choices)

    def to_input(self) -> SpeakerInput:
        return SpeakerInput(
            name=(self.name.data or "").strip(),
            role_title=(self.role_title.data or "").strip(),
            organisation_id=self.organisation_id.data or None,
        )


def set_row_count(form: TalkshowForm, request: Request) -> None:
    """As many rows as were shown (or are filled in), at least one, at most the limit."""
    filled = max((i for i, (speaker, _part) in enumerate(form.line_up_rows(), 1) if speaker.data), default=0)
    form.row_count = min(LINE_UP_ROWS, max(1, filled, _number(request.form.get(ROW_COUNT))))


def row_number(value: str | None) -> int:
    return _number(value)


def requested_action(request: Request) -> str | None:
    return next((action for action in ACTIONS if action in request.form), None)


def _clear(row: tuple[Any, Any]) -> None:
    row[0].data, row[1].data = NO_CHOICE, row[1].default


def remove_row(form: TalkshowForm, number: int) -> None:
    """Drop row ``number`` (1-based); the rows below move up, so the order of appearance is kept."""
    rows = form.line_up_rows()
    if not 1 <= number <= form.row_count:
        return
    for upper, lower in zip(rows[number - 1 : -1], rows[number:], strict=False):
        upper[0].data, upper[1].data = lower[0].data, lower[1].data
    _clear(rows[-1])
    form.row_count = max(1, form.row_count - 1)


def add_row(form: TalkshowForm) -> str | None:
    """One more empty row, or the reason why not."""
    if form.row_count >= LINE_UP_ROWS:
        return _("A talkshow can have at most %(max)d speakers.", max=LINE_UP_ROWS)
    form.row_count += 1
    return None


def add_new_speaker(form: TalkshowForm, new: NewSpeakerForm, actor: Any) -> str | None:
    """Store the new speaker and put them in the first empty row; returns a confirmation, or None after errors."""
    require_role(actor, Role.ORGANISER)
    if not new.validate():
        return None
    if not (new.name.data or "").strip():
        new.name.errors = [_("Enter the name of the new speaker.")]
        return None
    try:
        speaker = items.create_item(items.SPEAKERS, new.to_input(), actor)
    except PlanningError as error:
        for key, messages in error.errors.items():
            field = new._fields.get(key, new.name)
            field.errors = list(field.errors) + messages
        return None
    organisation = speaker.organisation
    label = speaker.name + (f" ({organisation.short_name or organisation.name})" if organisation else "")
    rows = form.line_up_rows()
    for row in rows:
        row[0].choices = list(row[0].choices) + [(speaker.id, label)]
    empty = next((i for i, (field, _part) in enumerate(rows[: form.row_count]) if not field.data), None)
    if empty is None:
        if add_row(form) is not None:
            return _("%(name)s has been added to the speakers; the line-up is full.", name=speaker.name)
        empty = form.row_count - 1
    rows[empty][0].data = speaker.id
    new.name.data = new.role_title.data = ""
    new.organisation_id.data = NO_CHOICE
    return _("%(name)s has been added to the speakers and to the line-up. Save to keep the line-up.", name=speaker.name)
