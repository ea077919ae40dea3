"""Follow forms: the page's own checks are the service's (``inputs``); these carry the fields and CSRF."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, RadioField, SelectChoice

from ..form_fields import CheckboxesField
from ..labs.places import STADSDELEN, stadsdeel_slug
from .inputs import FollowInput, PreferencesInput
from .labels import FREQUENCY_LABELS


def _stadsdeel_choices() -> list[SelectChoice]:
    return [SelectChoice(stadsdeel_slug(name), name) for name in STADSDELEN]


class FollowForm(FlaskForm):
    email = EmailField(_l("E-mail address"), render_kw={"autocomplete": "email", "maxlength": 254})
    consent = BooleanField(
        _l("I agree that my address is used to send me these e-mails, as the privacy statement says.")
    )
    themes = CheckboxesField(_l("Themes"), validate_choice=False)
    stadsdelen = CheckboxesField(_l("Districts"), validate_choice=False)

    def set_choices(self, themes: list[tuple[str, str]]) -> None:
        self.themes.choices = [SelectChoice(value, label) for value, label in themes]
        self.stadsdelen.choices = _stadsdeel_choices()

    def to_input(self, language: str) -> FollowInput:
        return FollowInput(
            email=self.email.data or "",
            consent=bool(self.consent.data),
            themes=tuple(self.themes.data or ()),
            stadsdelen=tuple(self.stadsdelen.data or ()),
            language=language,
        )


class PreferencesForm(FollowForm):
    frequency = RadioField(
        _l("How often"),
        choices=[SelectChoice(value.value, label) for value, label in FREQUENCY_LABELS.items()],
        validate_choice=False,
    )

    def to_preferences(self) -> PreferencesInput:
        return PreferencesInput(
            themes=tuple(self.themes.data or ()),
            stadsdelen=tuple(self.stadsdelen.data or ()),
            frequency=self.frequency.data or "",
        )


class ActionForm(FlaskForm):
    """A button: only the CSRF token."""
