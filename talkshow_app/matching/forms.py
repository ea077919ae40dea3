"""Forms of matching: the public question form and the organiser's offer, moderation and confirm forms.

``to_input()`` maps a valid form to the service's input value; ``show_refusal`` puts a service's
refusal on the form's fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from ..domain import DomainError
from ..form_fields import CheckboxesField, place_errors
from ..labs.places import STADSDELEN
from ..timezones import local_today
from .labels import ASKER_LABELS, HELP_LABELS, LEVEL_LABELS, OFFER_KIND_LABELS, UNIT_LABELS
from .models import AskerKind, CapacityUnit, HelpKind, Level, Offer, OfferKind, QuestionState
from .offers import OfferInput
from .questions import QuestionInput

PHONE = r"^[0-9+()\-\s]{6,40}$"
# A tampered or stale choice gets a Dutch message, never a crash.
CHOICE = {
    "invalid_value_message": _l("This choice is not possible."),
    "invalid_choice_message": _l("This choice is not possible."),
}


class MultiCheckboxField(CheckboxesField):
    """Several choices as a list of checkboxes (works without JavaScript, each box labelled)."""


def _stadsdeel_choices(city_wide_label) -> list[SelectChoice]:
    return [SelectChoice("", city_wide_label)] + [SelectChoice(s) for s in STADSDELEN]


def _by_id(objects, label=lambda o: o.name) -> list[SelectChoice]:
    return [SelectChoice(str(o.id), label(o)) for o in objects]


def _enum_choices(labels: Mapping[Any, Any]) -> list[SelectChoice]:
    """One choice per value of an enum, named by its label (in the order of the labels)."""
    return [SelectChoice(kind.value, label) for kind, label in labels.items()]


def _name_field(label, required_message) -> StringField:
    return StringField(
        label, validators=[DataRequired(required_message), Length(max=120, message=_l("Use at most 120 characters."))]
    )


def _email_field(label, required_message) -> StringField:
    return StringField(
        label,
        validators=[
            DataRequired(required_message),
            Email(_l("Please enter a valid e-mail address."), check_deliverability=False),
            Length(max=254, message=_l("Use at most 254 characters.")),
        ],
    )


def show_refusal(form: FlaskForm, error: DomainError) -> None:
    """A service's refusal on the form: each message beside its field, the rest above the form."""
    form.form_errors.extend(place_errors(form, error.errors))


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
        choices=_enum_choices(ASKER_LABELS),
        validators=[InputRequired(_l("Please choose who is asking."))],
        **CHOICE,
    )
    asker_organisation = StringField(
        _l("Name of your organisation or department"),
        validators=[Length(max=160, message=_l("Use at most 160 characters."))],
    )
    theme = SelectField(
        _l("Theme"),
        coerce=int,
        validators=[InputRequired(_l("Please choose a theme."))],
        validate_choice=True,
        **CHOICE,
    )
    stadsdeel = SelectField(_l("District"), validators=[Optional()], **CHOICE)
    wijk = StringField(
        _l("Neighbourhood (optional)"),
        validators=[Optional(), Length(max=80, message=_l("Use at most 80 characters."))],
    )
    disciplines = MultiCheckboxField(
        _l("Disciplines you think are needed (optional)"), coerce=int, validators=[Optional()], **CHOICE
    )
    help_kind = RadioField(
        _l("What kind of help are you looking for?"),
        choices=_enum_choices(HELP_LABELS),
        validators=[InputRequired(_l("Please choose the kind of help."))],
        **CHOICE,
    )
    starts_on = DateField(_l("Earliest start"), validators=[Optional()])
    deadline = DateField(_l("Deadline"), validators=[Optional()])
    contact_name = _name_field(_l("Your name"), _l("Please enter your name."))
    contact_email = _email_field(_l("Your e-mail address"), _l("Please enter your e-mail address."))
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
        needs_name = self.asker_kind.data in (AskerKind.ORGANISATION.value, AskerKind.MUNICIPALITY.value)
        if needs_name and not (field.data or "").strip():
            raise ValidationError(_l("Please name your organisation or department."))

    def validate_wijk(self, field) -> None:
        if (field.data or "").strip() and not self.stadsdeel.data:
            raise ValidationError(_l("Please choose the district this neighbourhood is in."))

    def validate_starts_on(self, field) -> None:
        if field.data and field.data < local_today():
            raise ValidationError(_l("The earliest start cannot be in the past."))

    def validate_deadline(self, field) -> None:
        if field.data and field.data < local_today():
            raise ValidationError(_l("The deadline cannot be in the past."))
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The deadline must be on or after the earliest start."))

    def to_input(self, language: str) -> QuestionInput:
        """The question as the service takes it; ``language`` is the one the asker reads."""
        return QuestionInput(
            title=self.title.data,
            description=self.description.data,
            asker_kind=AskerKind(self.asker_kind.data),
            asker_organisation=self.asker_organisation.data or "",
            theme_id=self.theme.data,
            stadsdeel=self.stadsdeel.data or "",
            wijk=self.wijk.data or "",
            discipline_ids=tuple(self.disciplines.data or ()),
            help_kind=HelpKind(self.help_kind.data),
            starts_on=self.starts_on.data,
            deadline=self.deadline.data,
            contact_name=self.contact_name.data,
            contact_email=self.contact_email.data,
            contact_phone=self.contact_phone.data or "",
            language=language,
        )


class OfferForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Please enter a title.")),
            Length(max=200, message=_l("Use at most 200 characters.")),
        ],
    )
    kind = SelectField(_l("Kind of offer"), choices=_enum_choices(OFFER_KIND_LABELS), **CHOICE)
    institution = SelectField(
        _l("Institution"), coerce=int, validators=[InputRequired(_l("Please choose the institution."))], **CHOICE
    )
    programme = StringField(
        _l("Programme or group"),
        validators=[
            DataRequired(_l("Please name the programme or group.")),
            Length(max=160, message=_l("Use at most 160 characters.")),
        ],
    )
    level = SelectField(_l("Level"), choices=_enum_choices(LEVEL_LABELS), **CHOICE)
    description = TextAreaField(
        _l("Description"), validators=[Length(max=5000, message=_l("Use at most 5000 characters."))]
    )
    period_start = DateField(_l("Period starts"), validators=[InputRequired(_l("Please enter a valid date."))])
    period_end = DateField(_l("Period ends"), validators=[InputRequired(_l("Please enter a valid date."))])
    capacity = IntegerField(
        _l("Capacity"),
        validators=[
            InputRequired(_l("Please enter a whole number.")),
            NumberRange(min=0, max=500, message=_l("Enter a number from 0 to 500.")),
        ],
    )
    capacity_unit = SelectField(_l("Capacity counted in"), choices=_enum_choices(UNIT_LABELS), **CHOICE)
    remaining_capacity = IntegerField(
        _l("Remaining capacity (empty: the full capacity)"),
        validators=[Optional(), NumberRange(min=0, max=500, message=_l("Enter a number from 0 to 500."))],
    )
    is_open = BooleanField(_l("Open for new questions"), default=True)
    contact_name = _name_field(_l("Contact person"), _l("Please enter a contact person."))
    contact_email = _email_field(_l("Contact e-mail address"), _l("Please enter an e-mail address."))
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

    def fill_from(self, offer: Offer) -> None:
        """For editing, after ``OfferForm(obj=offer)``: the fields whose names or values differ from the model's."""
        self.institution.data = offer.institution_id
        self.disciplines.data = [d.id for d in offer.disciplines]
        self.themes.data = [t.id for t in offer.themes]
        self.stadsdelen.data = offer.preferred_stadsdelen
        self.lab.data = offer.lab_id or 0
        self.talkshows.data = [t.id for t in offer.talkshows]
        self.kind.data, self.level.data = offer.kind.value, offer.level.value
        self.capacity_unit.data = offer.capacity_unit.value

    def to_input(self) -> OfferInput:
        return OfferInput(
            title=self.title.data,
            kind=OfferKind(self.kind.data),
            institution_id=self.institution.data,
            programme=self.programme.data,
            level=Level(self.level.data),
            description=self.description.data or "",
            period_start=self.period_start.data,
            period_end=self.period_end.data,
            capacity=self.capacity.data,
            capacity_unit=CapacityUnit(self.capacity_unit.data),
            remaining_capacity=self.remaining_capacity.data,
            is_open=bool(self.is_open.data),
            contact_name=self.contact_name.data,
            contact_email=self.contact_email.data,
            discipline_ids=tuple(self.disciplines.data or ()),
            theme_ids=tuple(self.themes.data or ()),
            stadsdelen=tuple(self.stadsdelen.data or ()),
            lab_id=self.lab.data or None,
            talkshow_ids=tuple(self.talkshows.data or ()),
        )


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
