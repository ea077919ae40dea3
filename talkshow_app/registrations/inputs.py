"""What a registration may hold: the input value and its rules, the same ones the form applies."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from .errors import RegistrationError
from .models import Affiliation

LANGUAGES = ("nl", "en")
NAME_MAX, EMAIL_MAX, ORGANISATION_MAX, NEEDS_MAX = 120, 254, 160, 500
MARKUP = re.compile(r"[<>{}\x00-\x1f\x7f]")


@dataclass(frozen=True)
class RegistrationInput:
    name: str
    email: str
    consent: bool
    affiliation: str | None = None
    organisation: str = ""
    accessibility_needs: str = ""
    language: str = "nl"


def normalise_email(address: str) -> str:
    """The address as email-validator normalises it (no DNS look-ups); raises RegistrationError."""
    try:
        return validate_email(address.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise RegistrationError.on("email", _l("Enter a valid e-mail address, like name@example.org.")) from error


def _too_long(limit: int) -> Any:
    return _l("Use at most %(max)s characters.", max=limit)


def _name_errors(name: str) -> list[Any]:
    if not name:
        return [_l("Enter your name.")]
    if len(name) > NAME_MAX:
        return [_too_long(NAME_MAX)]
    if MARKUP.search(name):
        return [_l("A name cannot contain angle brackets or curly braces.")]
    return []


def clean_input(data: RegistrationInput, *, require_consent: bool = True) -> RegistrationInput:
    """The same rules as the form, so a service caller cannot store what the form would refuse."""
    errors: dict[str, list[Any]] = {}
    name = " ".join(data.name.split())
    errors["name"] = _name_errors(name)
    email = ""
    if not data.email.strip():
        errors["email"] = [_l("Enter your e-mail address.")]
    elif len(data.email.strip()) > EMAIL_MAX:
        errors["email"] = [_too_long(EMAIL_MAX)]
    else:
        try:
            email = normalise_email(data.email)
        except RegistrationError as error:
            errors.update(error.errors)
    if require_consent and not data.consent:
        errors["consent"] = [_l("Agree to the privacy statement to register.")]
    affiliation = data.affiliation or None
    if affiliation is not None and affiliation not in {a.value for a in Affiliation}:
        errors["affiliation"] = [_l("Choose one of the options.")]
    organisation = " ".join(data.organisation.split())
    if len(organisation) > ORGANISATION_MAX:
        errors["organisation"] = [_too_long(ORGANISATION_MAX)]
    needs = data.accessibility_needs.strip()
    if len(needs) > NEEDS_MAX:
        errors["accessibility_needs"] = [_too_long(NEEDS_MAX)]
    if any(errors.values()):
        raise RegistrationError(errors)
    language = data.language if data.language in LANGUAGES else "nl"
    return RegistrationInput(name, email, data.consent, affiliation, organisation, needs, language)
