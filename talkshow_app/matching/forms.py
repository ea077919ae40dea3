"""Forms of matching: the public question form and the organiser's offer, moderation and confirm forms."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..labs.places import STADSDELEN
from .models import AskerKind, CapacityUnit, HelpKind, Level, OfferKind, QuestionState
from .wording import ASKER_LABELS, HELP_LABELS, LEVEL_LABELS, OFFER_KIND_LABELS, UNIT_LABELS

PHONE = r"^[0-9+()\-\s]{6,40}$"
# A tampered or stale choice gets a Dutch message, never a crash.
CHOICE = {
    "invalid_value_message": _l("This choice is not possible."),
    "invalid_choice_message": _l("This choice is not possible."),
}


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes (works without JavaScript, each box labelled)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _stadsdeel_choices(city_wide_label) -> list[SelectChoice]:
    return [SelectChoice("", city_wide_label)] + [SelectChoice(s) for s in STADSDELEN]


def _by_id(objects, label=lambda o: o.name) -> list[SelectChoice]:
    return [SelectChoice(str(o.id), label(o)) for o in objects]


class QuestionForm(FlaskForm):
    title = StringField(
        _l("Your question in one sentence"),
        validators=[
            DataRequired(_l("Please write your question in one sentence.")),
            Length(min=8, max=200, message=_l("Use between 8 and 200 characters.")),
        ],
    )
    description = TextAreaField(
        _l("Describe your question in your own words"),
        validators=[
            DataRequired(_l("Please describe your question.")),
            Length(min=30, max=5000, message=_l("Use between 30 and 5000 characters.")),
        ],
    )
    asker_kind = RadioField(
        _l("Who is asking?"),
        choices=[SelectChoice(k.value, ASKER_LABELS[k]) for k in AskerKind],
        validators=[InputRequired(_l("Please choose who is asking."))], **CHOICE,
    )
    asker_organisation = StringField(
        _l("Name of your organisation or department"),
        validators=[Length(max=160, message=_l("Use at most 160 characters."))],
    )
    theme = SelectField(
        _l("Theme"), coerce=int, validators=[InputRequired(_l("Please choose a theme."))], validate_choice=True, **CHOICE,
    )
    stadsdeel = SelectField(_l("District"), validators=[Optional()], **CHOICE)
    wijk = StringField(
        _l("Neighbourhood (optional)"), validators=[Optional(), Length(max=80, message=_l("Use at most 80 characters."))]
    )
    disciplines = MultiCheckboxField(_l("Disciplines you think are needed (optional)"), coerce=int, validators=[Optional()], **CHOICE)
    help_kind = RadioField(
        _l("What kind of help are you looking for?"),
        choices=[SelectChoice(k.value, HELP_LABELS[k]) for k in HelpKind],
        validators=[InputRequired(_l("Please choose the kind of help."))], **CHOICE,
    )
    starts_on = DateField(_l("Earliest start"), validators=[Optional()])
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    contact_name = StringField(
        _l("Your name"),
        validators=[DataRequired(_l("Please enter your name.")), Length(max=120, message=_l("Use at most 120 characters."))],
    )
    contact_email = StringField(
        _l("Your e-mail address"),
        validators=[
            DataRequired(_l("Please enter your e-mail address.")),
            Email(_l("Please enter a valid e-mail address."), check_deliverability=False),
            Length(max=254, message=_l("Use at most 254 characters.")),
        ],
    )
    contact_phone = StringField(
        _l("Your phone number (optional)"),
        validators=[Optional(), Regexp(PHONE, message=_l("Please enter a phone number with digits only."))],
    )
    consent = BooleanField(
        _l("I agree that the organisers use my contact details to handle this question; they are never published."),
        validators=[DataRequired(_l("We need your consent to handle the question."))],
    )

    def __init__(self, *args, themes=(), disciplines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.theme.choices = _by_id(themes)
        self.disciplines.choices = _by_id(disciplines)
        self.stadsdeel.choices = _stadsdeel_choices(_l("The whole city"))

    def validate_asker_organisation(self, field) -> None:
        if self.asker_kind.data in (AskerKind.ORGANISATION.value, AskerKind.MUNICIPALITY.value) and not (field.data or "").strip():
            raise ValidationError(_l("Please name your organisation or department."))

    def validate_wijk(self, field) -> None:
        if (field.data or "").strip() and not self.stadsdeel.data:
            raise ValidationError(_l("Please choose the district this neighbourhood is in."))

    def validate_starts_on(self, field) -> None:
        if field.data and field.data < date.today():
            raise ValidationError(_l("The earliest start cannot be in the past."))

    def validate_deadline(self, field) -> None:
        if field.data and field.data < date.today():
            raise ValidationError(_l("The deadline cannot be in the past."))
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The deadline must be on or after the earliest start."))


class OfferForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(_l("Please enter a title.")), Length(max=200, message=_l("Use at most 200 characters."))],
    )
    kind = SelectField(_l("Kind of offer"), choices=[SelectChoice(k.value, OFFER_KIND_LABELS[k]) for k in OfferKind], **CHOICE)
    institution = SelectField(_l("Institution"), coerce=int, validators=[InputRequired(_l("Please choose the institution."))], **CHOICE)
    programme = StringField(
        _l("Programme or group"),
        validators=[DataRequired(_l("Please name the programme or group.")), Length(max=160, message=_l("Use at most 160 characters."))],
    )
    level = SelectField(_l("Level"), choices=[SelectChoice(k.value, LEVEL_LABELS[k]) for k in Level], **CHOICE)
    description = TextAreaField(_l("Description"), validators=[Length(max=5000, message=_l("Use at most 5000 characters."))])
    period_start = DateField(_l("Period starts"), validators=[InputRequired(_l("Please enter a valid date."))])
    period_end = DateField(_l("Period ends"), validators=[InputRequired(_l("Please enter a valid date."))])
    capacity = IntegerField(
        _l("Capacity"),
        validators=[
            InputRequired(_l("Please enter a whole number.")),
            NumberRange(min=0, max=500, message=_l("Enter a number from 0 to 500.")),
        ],
    )
    capacity_unit = SelectField(_l("Capacity counted in"), choices=[SelectChoice(k.value, UNIT_LABELS[k]) for k in CapacityUnit], **CHOICE)
    remaining_capacity = IntegerField(
        _l("Remaining capacity (empty: the full capacity)"),
        validators=[Optional(), NumberRange(min=0, max=500, message=_l("Enter a number from 0 to 500."))],
    )
    is_open = BooleanField(_l("Open for new questions"), default=True)
    contact_name = StringField(
        _l("Contact person"),
        validators=[DataRequired(_l("Please enter a contact person.")), Length(max=120, message=_l("Use at most 120 characters."))],
    )
    contact_email = StringField(
        _l("Contact e-mail address"),
        validators=[
            DataRequired(_l("Please enter an e-mail address.")),
            Email(_l("Please enter a valid e-mail address."), check_deliverability=False),
            Length(max=254, message=_l("Use at most 254 characters.")),
        ],
    )
    disciplines = MultiCheckboxField(_l("Disciplines"), coerce=int, validators=[Optional()], **CHOICE)
    themes = MultiCheckboxField(_l("Themes"), coerce=int, validators=[Optional()], **CHOICE)
    stadsdelen = MultiCheckboxField(_l("Preferred districts (none: the whole city)"), validators=[Optional()], **CHOICE)
    lab = SelectField(_l("Lab (optional)"), coerce=int, default=0, **CHOICE)
    talkshows = MultiCheckboxField(_l("Talkshows its students attend"), coerce=int, validators=[Optional()], **CHOICE)

    def __init__(self, *args, institutions=(), disciplines=(), themes=(), labs=(), talkshows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.institution.choices = _by_id(institutions)
        self.disciplines.choices = _by_id(disciplines)
        self.themes.choices = _by_id(themes)
        self.stadsdelen.choices = [SelectChoice(s) for s in STADSDELEN]
        self.lab.choices = [SelectChoice("0", _l("No lab"))] + _by_id(labs)
        self.talkshows.choices = _by_id(talkshows, label=lambda t: t.title)

    def validate_period_end(self, field) -> None:
        if field.data and self.period_start.data and field.data < self.period_start.data:
            raise ValidationError(_l("The period must end on or after its start."))

    def validate_remaining_capacity(self, field) -> None:
        if field.data is not None and self.capacity.data is not None and field.data > self.capacity.data:
            raise ValidationError(_l("The remaining capacity cannot exceed the capacity."))


class RejectForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for rejecting"),
        validators=[
            DataRequired(_l("Please give the reason; the organisers keep it with the question.")),
            Length(max=2000, message=_l("Use at most 2000 characters.")),
        ],
    )


class StateForm(FlaskForm):
    state = HiddenField(
        validators=[
            AnyOf(
                [s.value for s in (QuestionState.ACCEPTED, QuestionState.IN_PROGRESS, QuestionState.DONE)],
                message=_l("This choice is not possible."),
            )
        ]
    )


class ConfirmForm(FlaskForm):
    kind = HiddenField(validators=[AnyOf(["offer", "lab"], message=_l("This choice is not possible."))])
    slug = HiddenField(validators=[DataRequired(_l("This choice is not possible.")), Length(max=120)])
