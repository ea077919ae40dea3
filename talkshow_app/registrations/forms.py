"""Registration forms: the rules and the messages people read; the service checks the same rules again."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..form_fields import place_errors
from .details import DetailsInput
from .errors import RegistrationError
from .inputs import EMAIL_MAX, MARKUP, NAME_MAX, NEEDS_MAX, ORGANISATION_MAX, RegistrationInput, normalise_email
from .labels import AFFILIATION_LABELS

TOO_LONG = _l("Use at most %(max)d characters.")


def _no_markup(form: Any, field: Any) -> None:
    if field.data and MARKUP.search(field.data):
        raise ValidationError(_l("A name cannot contain angle brackets or curly braces."))


def _valid_email(form: Any, field: Any) -> None:
    if field.data:
        try:
            field.data = normalise_email(field.data)
        except RegistrationError as error:
            raise ValidationError(error.errors["email"][0]) from error


def _email_field(**render_kw: Any) -> EmailField:
    return EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=EMAIL_MAX, message=TOO_LONG),
            _valid_email,
        ],
        render_kw={"autocomplete": "email", **render_kw},
    )


class RegistrationForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(_l("Enter your name.")), Length(max=NAME_MAX, message=TOO_LONG), _no_markup],
        render_kw={"autocomplete": "name", "maxlength": NAME_MAX},
    )
    email = _email_field(maxlength=EMAIL_MAX)
    affiliation = SelectField(
        _l("I am mainly a"),
        choices=[SelectChoice("", _l("(choose, optional)"))]
        + [SelectChoice(value, label) for value, label in AFFILIATION_LABELS.items()],
        validators=[Optional()],
        validate_choice=True,
    )
    organisation = StringField(
        _l("Organisation, school or neighbourhood"),
        validators=[Optional(), Length(max=ORGANISATION_MAX, message=TOO_LONG)],
        render_kw={"autocomplete": "organization", "maxlength": ORGANISATION_MAX},
    )
    accessibility_needs = TextAreaField(
        _l("Anything we should arrange for you to take part?"),
        validators=[Optional(), Length(max=NEEDS_MAX, message=TOO_LONG)],
        render_kw={"rows": 3, "maxlength": NEEDS_MAX},
    )
    consent = BooleanField(
        _l("I agree that my details are used for this talkshow, as the privacy statement describes."),
        validators=[DataRequired(_l("Agree to the privacy statement to register."))],
    )

    def to_input(self, language: str, *, consent: bool | None = None) -> RegistrationInput:
        return RegistrationInput(
            name=self.name.data or "",
            email=self.email.data or "",
            consent=bool(self.consent.data) if consent is None else consent,
            affiliation=self.affiliation.data or None,
            organisation=self.organisation.data or "",
            accessibility_needs=self.accessibility_needs.data or "",
            language=language,
        )

    def add_service_errors(self, errors: dict[str, list[Any]]) -> list[Any]:
        """Put the service's field messages on the fields; return the ones for the whole form."""
        return place_errors(self, errors)


class DetailsForm(FlaskForm):
    """The registrant changes what they told us, on their own page; the same rules as registering."""

    name = RegistrationForm.name
    affiliation = RegistrationForm.affiliation
    organisation = RegistrationForm.organisation
    accessibility_needs = RegistrationForm.accessibility_needs

    def to_input(self) -> DetailsInput:
        return DetailsInput(
            name=self.name.data or "",
            affiliation=self.affiliation.data or None,
            organisation=self.organisation.data or "",
            accessibility_needs=self.accessibility_needs.data or "",
        )

    add_service_errors = RegistrationForm.add_service_errors


class OrganiserRegistrationForm(RegistrationForm):
    """Organisers add people by phone or at the door; they ask for consent in person.

    The labels speak to the organiser about the attendee, not to the attendee ("you").
    """

    name = StringField(
        _l("The attendee's name"),
        validators=[DataRequired(_l("Enter the attendee's name.")), Length(max=NAME_MAX, message=TOO_LONG), _no_markup],
        render_kw={"autocomplete": "off", "maxlength": NAME_MAX},
    )
    email = EmailField(
        _l("The attendee's e-mail address"),
        validators=[
            DataRequired(_l("Enter the attendee's e-mail address.")),
            Length(max=EMAIL_MAX, message=TOO_LONG),
            _valid_email,
        ],
        render_kw={"autocomplete": "off", "maxlength": EMAIL_MAX},
    )
    affiliation = SelectField(
        _l("The attendee is mainly a"),
        choices=[SelectChoice("", _l("(choose, optional)"))]
        + [SelectChoice(value, label) for value, label in AFFILIATION_LABELS.items()],
        validators=[Optional()],
        validate_choice=True,
    )
    organisation = StringField(
        _l("Their organisation, school or neighbourhood"),
        validators=[Optional(), Length(max=ORGANISATION_MAX, message=TOO_LONG)],
        render_kw={"autocomplete": "off", "maxlength": ORGANISATION_MAX},
    )
    accessibility_needs = TextAreaField(
        _l("Anything to arrange so the attendee can take part?"),
        validators=[Optional(), Length(max=NEEDS_MAX, message=TOO_LONG)],
        render_kw={"rows": 3, "maxlength": NEEDS_MAX},
    )
    consent = BooleanField(
        _l("The person agreed to the privacy statement."),
        validators=[DataRequired(_l("Confirm that the person agreed."))],
    )


class ResendForm(FlaskForm):
    email = _email_field()

    def to_input(self) -> str:
        """The address to mail a fresh link to."""
        return self.email.data or ""


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Search by name"), validators=[Optional(), Length(max=100)])

    def to_input(self) -> str:
        """The name to look for ("" when the search is empty or invalid)."""
        return (self.q.data or "").strip() if self.validate() else ""


class ActionForm(FlaskForm):
    """An empty form: a CSRF token for one-button POSTs (cancel, check in, undo)."""

    next = HiddenField()
