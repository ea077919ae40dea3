"""What a follow request holds, and its checks (no Flask, no database: the caller gives the known themes)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..labs.places import stadsdeel_from_slug
from ..registrations.errors import RegistrationError
from ..registrations.inputs import EMAIL_MAX, normalise_email
from .errors import FollowError
from .models import Frequency


@dataclass(frozen=True)
class FollowInput:
    email: str
    consent: bool
    themes: tuple[str, ...] = ()  # slugs; none and no stadsdelen: everything
    stadsdelen: tuple[str, ...] = ()  # slugs or names of labs.places.STADSDELEN
    language: str = "nl"


@dataclass(frozen=True)
class Choices:
    themes: tuple[str, ...]  # known theme slugs
    stadsdelen: tuple[str, ...]  # stadsdeel names

    @property
    def everything(self) -> bool:
        return not self.themes and not self.stadsdelen


@dataclass(frozen=True)
class PreferencesInput:
    themes: tuple[str, ...] = ()
    stadsdelen: tuple[str, ...] = ()
    frequency: str = Frequency.DIRECT.value


def check_choices(themes: tuple[str, ...], stadsdelen: tuple[str, ...], known_themes: Collection[str]) -> Choices:
    errors: dict[str, list] = {}
    theme_slugs = tuple(dict.fromkeys(t.strip() for t in themes if t and t.strip()))
    if any(slug not in known_themes for slug in theme_slugs) or len(theme_slugs) > 50:
        errors["themes"] = [_l("Choose themes from the list.")]
    names = [stadsdeel_from_slug(s.strip()) for s in stadsdelen if s and s.strip()]
    if any(name is None for name in names) or len(names) > 20:
        errors["stadsdelen"] = [_l("Choose districts from the list.")]
    if errors:
        raise FollowError(errors)
    return Choices(theme_slugs, tuple(sorted({n for n in names if n})))


def check_follow(data: FollowInput, known_themes: Collection[str]) -> tuple[str, Choices]:
    """The normalised address (lower case) and the choices; FollowError with every problem at once."""
    errors: dict[str, list] = {}
    email = ""
    if not data.email.strip():
        errors["email"] = [_l("Enter your e-mail address.")]
    elif len(data.email.strip()) > EMAIL_MAX:
        errors["email"] = [_l("Use at most %(max)s characters.", max=EMAIL_MAX)]
    else:
        try:
            email = normalise_email(data.email).lower()
        except RegistrationError as error:
            errors.update(error.errors)
    if not data.consent:
        errors["consent"] = [_l("Agree to the privacy statement to follow.")]
    choices = Choices((), ())
    try:
        choices = check_choices(data.themes, data.stadsdelen, known_themes)
    except FollowError as error:
        errors.update(error.errors)
    if errors:
        raise FollowError(errors)
    return email, choices


def check_frequency(value: str) -> Frequency:
    try:
        return Frequency(value)
    except ValueError:
        raise FollowError.on("frequency", _l("Choose how often you want an e-mail.")) from None
