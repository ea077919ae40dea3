"""Registration forms: the rules and the messages people read; the service checks the same rules again."""
from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, EmailField, HiddenField, SearchField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from . import services
from .models import Affiliation

AFFILIATION_LABELS = {
    Affiliation.STUDENT.value: _l("Student"),
    Affiliation.DOCENT.value: _l("Teacher or lecturer"),
    Affiliation.ONDERZOEKER.value: _l("Researcher"),
    Affiliation.BEWONER.value: _l("Resident of The Hague"),
    Affiliation.GEMEENTE.value: _l("Municipality"),
    Affiliation.ONDERNEMER.value: _l("Entrepreneur"),
    Affiliation.ANDERS.value: _l("Other"),
}


def _no_markup(form: Any, field: Any) -> None:
    if field.data and services._MARKUP.search(field.data):
        raise ValidationError(_l("A name cannot contain angle brackets or curly braces."))


def _valid_email(form: Any, field: Any) -> None:
    if field.data:
        try:
            field.data = services.normalise_email(field.data)
        except services.RegistrationError as error:
            raise ValidationError(error.errors["email"][0]) from error


class RegistrationForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Enter your name.")),
            Length(max=services.NAME_MAX, message=_l("Use at most %(max)d characters.")),
            _no_markup,
        ],
        render_kw={"autocomplete": "name", "maxlength": services.NAME_MAX},
    )
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=services.EMAIL_MAX, message=_l("Use at most %(max)d characters.")),
            _valid_email,
        ],
        render_kw={"autocomplete": "email", "maxlength": services.EMAIL_MAX},
    )
    affiliation = SelectField(
        _l("I am mainly a"),
        choices=[SelectChoice("", _l("(choose, optional)"))] + [SelectChoice(v, label) for v, label in AFFILIATION_LABELS.items()],
        validators=[Optional()],
        validate_choice=True,
    )
    organisation = StringField(
        _l("Organisation, school or neighbourhood"),
        validators=[Optional(), Length(max=services.ORGANISATION_MAX, message=_l("Use at most %(max)d characters."))],
        render_kw={"autocomplete": "organization", "maxlength": services.ORGANISATION_MAX},
    )
    accessibility_needs = TextAreaField(
        _l("Anything we should arrange for you to take part?"),
        validators=[Optional(), Length(max=services.NEEDS_MAX, message=_l("Use at most %(max)d characters."))],
        render_kw={"rows": 3, "maxlength": services.NEEDS_MAX},
    )
    consent = BooleanField(
        _l("I agree that my details are used for this talkshow, as the privacy statement describes."),
        validators=[DataRequired(_l("Agree to the privacy statement to register."))],
    )

    def to_input(self, language: str, *, consent: bool | None = None) -> services.RegistrationInput:
        return services.RegistrationInput(
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
        general = []
        for name, messages in errors.items():
            field = getattr(self, name, None) if name else None
            if field is None:
                general.extend(messages)
            else:
                field.errors = list(field.errors) + list(messages)
        return general


class OrganiserRegistrationForm(RegistrationForm):
    """Organisers add people by phone or at the door; they ask for consent in person."""

    consent = BooleanField(_l("The person agreed to the privacy statement."), validators=[DataRequired(_l("Confirm that the person agreed."))])


class ResendForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=services.EMAIL_MAX, message=_l("Use at most %(max)d characters.")),
            _valid_email,
        ],
        render_kw={"autocomplete": "email"},
    )


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Search by name"), validators=[Optional(), Length(max=100)])


class ActionForm(FlaskForm):
    """An empty form: a CSRF token for one-button POSTs (cancel, check in, undo)."""

    next = HiddenField()
