"""The series' reference data: themes, speakers, organisations and venues, kept by organisers.

The four kinds share one set of use cases (create, update, delete). A ``CatalogueKind`` says what
differs: the model, how input is checked, which field the slug comes from and what blocks a
delete. The slug is made once and then kept: feeds, filters and links use it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import Role, User
from ..database import slug_taken, transaction
from ..domain import NotFound, require_role
from ..extensions import db
from ..labs import speakers as labs
from ..slugs import unique_slug
from .errors import FieldErrors, PlanningError
from .models import Organisation, Speaker, Talkshow, Theme, Venue
from .public import themes

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class ThemeInput:
    name: str
    colour: str
    name_en: str = ""
    description: str = ""
    is_core: bool = False
    position: int = 0


@dataclass(frozen=True)
class OrganisationInput:
    name: str
    short_name: str = ""
    website: str = ""
    is_partner: bool = False


@dataclass(frozen=True)
class VenueInput:
    name: str
    address: str
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class SpeakerInput:
    name: str
    role_title: str = ""
    organisation_id: int | None = None
    bio: str = ""
    lab_ids: tuple[int, ...] = ()


# --- Checking input: one validator a kind, (input, id of the item being edited, errors) -> values ---


def _text(errors: FieldErrors, field: str, value: str, maximum: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.add(field, _l("This field is required."))
    elif len(value) > maximum:
        errors.add(field, _l("This can be at most %(max)d characters.", max=maximum))
    return value


def _web_address(errors: FieldErrors, field: str, value: str) -> str:
    value = (value or "").strip()
    parts = urlsplit(value)
    if value and (len(value) > 255 or parts.scheme not in {"http", "https"} or not parts.netloc):
        errors.add(field, _l("Enter a full web address starting with https://."))
    return value


def _theme_values(data: ThemeInput, _item_id: int | None, errors: FieldErrors) -> dict[str, Any]:
    values = {
        "name": _text(errors, "name", data.name, 120, required=True),
        "name_en": _text(errors, "name_en", data.name_en, 120),
        "description": _text(errors, "description", data.description, 2000),
        "is_core": bool(data.is_core),
        "position": data.position,
    }
    colour = values["colour"] = (data.colour or "").strip().lower()
    if not _COLOUR.fullmatch(colour):
        errors.add("colour", _l("Enter a colour as # followed by six hexadecimal digits, e.g. #1d4f91."))
    if not 0 <= data.position <= 1000:
        errors.add("position", _l("The position must be between 0 and 1000."))
    return values


def _organisation_values(data: OrganisationInput, item_id: int | None, errors: FieldErrors) -> dict[str, Any]:
    name = _text(errors, "name", data.name, 160, required=True)
    values: dict[str, Any] = {
        "name": name,
        "short_name": _text(errors, "short_name", data.short_name, 40),
        "website": _web_address(errors, "website", data.website),
        "is_partner": bool(data.is_partner),
    }
    query = select(Organisation.id).where(func.lower(Organisation.name) == name.lower())
    if item_id is not None:
        query = query.where(Organisation.id != item_id)
    if values["name"] and db.session.scalar(query) is not None:
        errors.add("name", _l("An organisation with this name exists already."))
    return values


def _venue_values(data: VenueInput, _item_id: int | None, errors: FieldErrors) -> dict[str, Any]:
    values = {
        "name": _text(errors, "name", data.name, 160, required=True),
        "address": _text(errors, "address", data.address, 255, required=True),
        "latitude": data.latitude,
        "longitude": data.longitude,
    }
    if data.latitude is not None and not -90 <= data.latitude <= 90:
        errors.add("latitude", _l("The latitude must be between -90 and 90."))
    if data.longitude is not None and not -180 <= data.longitude <= 180:
        errors.add("longitude", _l("The longitude must be between -180 and 180."))
    if (data.latitude is None) != (data.longitude is None):
        missing = "longitude" if data.longitude is None else "latitude"
        errors.add(missing, _l("Enter both latitude and longitude, or neither."))
    return values


def _speaker_values(data: SpeakerInput, _item_id: int | None, errors: FieldErrors) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": _text(errors, "name", data.name, 120, required=True),
        "role_title": _text(errors, "role_title", data.role_title, 160),
        "bio": _text(errors, "bio", data.bio, 2000),
        "organisation": db.session.get(Organisation, data.organisation_id) if data.organisation_id else None,
        "labs": labs.labs_with_ids(data.lab_ids),
    }
    if data.organisation_id and values["organisation"] is None:
        errors.add("organisation_id", _l("Choose an organisation from the list."))
    if len(values["labs"]) != len(set(data.lab_ids)):
        errors.add("lab_ids", _l("Choose labs from the list."))
    return values


# --- The kinds --------------------------------------------------------------------------------------


def _has_talkshows(column: Any) -> Callable[[Any], bool]:
    """A delete guard: talkshows still point at the item through ``column``."""

    def in_use(item: Any) -> bool:
        return bool(db.session.scalar(select(func.count(Talkshow.id)).where(column == item.id)))

    return in_use


def organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.is_partner.desc(), Organisation.name)))


def venues() -> list[Venue]:
    return list(db.session.scalars(select(Venue).order_by(Venue.name)))


def speakers() -> list[Speaker]:
    query = (
        select(Speaker).order_by(Speaker.name).options(selectinload(Speaker.organisation), selectinload(Speaker.labs))
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class CatalogueKind:
    """What differs between the kinds of reference data; the use cases below are shared."""

    name: str
    model: Any
    validate: Callable[[Any, int | None, FieldErrors], dict[str, Any]]
    listing: Callable[[], list[Any]]
    slug_source: str = "name"
    # What keeps an item from being deleted, and the message that says so.
    in_use: Callable[[Any], bool] | None = None
    in_use_message: Any = None


THEMES = CatalogueKind(
    "themes",
    Theme,
    _theme_values,
    themes,
    in_use=_has_talkshows(Talkshow.theme_id),
    in_use_message=_l("This theme still has talkshows; give them another theme first."),
)
SPEAKERS = CatalogueKind(
    "speakers",
    Speaker,
    _speaker_values,
    speakers,
    in_use=lambda speaker: bool(speaker.appearances),
    in_use_message=_l("This speaker appears in talkshows; remove them from the line-up first."),
)
# Speakers keep their place in talkshows when their organisation goes; they just lose it.
ORGANISATIONS = CatalogueKind("organisations", Organisation, _organisation_values, organisations)
# Changing a venue's address is no reschedule: the place stays, its description improves.
VENUES = CatalogueKind(
    "venues",
    Venue,
    _venue_values,
    venues,
    in_use=_has_talkshows(Talkshow.venue_id),
    in_use_message=_l("Talkshows take place at this venue; move them elsewhere first."),
)
KINDS = {kind.name: kind for kind in (THEMES, SPEAKERS, ORGANISATIONS, VENUES)}


# --- The use cases ----------------------------------------------------------------------------------


def get_item(kind: CatalogueKind, item_id: int) -> Any:
    item = db.session.get(kind.model, item_id)
    if item is None:
        raise NotFound(f"{kind.name}/{item_id}")
    return item


def _validated(kind: CatalogueKind, data: Any, item_id: int | None) -> dict[str, Any]:
    errors = FieldErrors()
    values = kind.validate(data, item_id, errors)
    if errors:
        raise PlanningError(errors)
    return values


def create_item(kind: CatalogueKind, data: Any, actor: User | None) -> Any:
    require_role(actor, Role.ORGANISER)
    values = _validated(kind, data, None)
    with transaction() as session:
        item = kind.model(slug=unique_slug(values[kind.slug_source], slug_taken(kind.model)), **values)
        session.add(item)
    return item


def update_item(kind: CatalogueKind, item_id: int, data: Any, actor: User | None) -> Any:
    """Save an edit; the slug stays."""
    require_role(actor, Role.ORGANISER)
    item = get_item(kind, item_id)
    values = _validated(kind, data, item.id)
    with transaction():
        for name, value in values.items():
            setattr(item, name, value)
    return item


def delete_item(kind: CatalogueKind, item_id: int, actor: User | None) -> None:
    require_role(actor, Role.ORGANISER)
    item = get_item(kind, item_id)
    if kind.in_use is not None and kind.in_use(item):
        raise PlanningError.on("", kind.in_use_message)
    with transaction() as session:
        session.delete(item)
