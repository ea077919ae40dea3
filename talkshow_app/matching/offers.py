"""Offers of education and research: organisers create, change and delete them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import Role, User
from ..database import slug_taken, transaction
from ..domain import require_role
from ..extensions import db
from ..labs.models import Discipline, Lab
from ..labs.places import STADSDELEN, is_stadsdeel
from ..series.models import Organisation, Talkshow, Theme
from ..slugs import unique_slug
from .choices import NOT_POSSIBLE, known, refuse_if_any
from .errors import NotFound, OfferInUse
from .models import CapacityUnit, Level, Match, Offer, OfferKind, PreferredStadsdeel


@dataclass(frozen=True)
class OfferInput:
    title: str
    kind: OfferKind
    institution_id: int
    programme: str
    level: Level
    period_start: date
    period_end: date
    capacity: int
    capacity_unit: CapacityUnit
    contact_name: str
    contact_email: str
    description: str = ""
    remaining_capacity: int | None = None  # None: as many as the capacity
    is_open: bool = True
    discipline_ids: tuple[int, ...] = ()
    theme_ids: tuple[int, ...] = ()
    stadsdelen: tuple[str, ...] = ()
    lab_id: int | None = None
    talkshow_ids: tuple[int, ...] = ()

    @property
    def remaining(self) -> int:
        return self.capacity if self.remaining_capacity is None else self.remaining_capacity


def _apply_offer(offer: Offer, data: OfferInput) -> None:
    """Check every value, then set them all; a refusal names each field and changes nothing."""
    errors: dict[str, list[Any]] = {}
    if data.period_end < data.period_start:
        errors["period_end"] = [_l("The period must end on or after its start.")]
    if data.capacity < 0:
        errors["capacity"] = [_l("Enter a number from 0 to 500.")]
    if data.remaining < 0:
        errors["remaining_capacity"] = [_l("Enter a number from 0 to 500.")]
    elif data.remaining > data.capacity:
        errors["remaining_capacity"] = [_l("The remaining capacity cannot exceed the capacity.")]
    if any(not is_stadsdeel(s) for s in data.stadsdelen):
        errors["stadsdelen"] = [NOT_POSSIBLE]
    if db.session.get(Organisation, data.institution_id) is None:
        errors["institution"] = [NOT_POSSIBLE]
    if data.lab_id is not None and db.session.get(Lab, data.lab_id) is None:
        errors["lab"] = [NOT_POSSIBLE]
    disciplines = known(Discipline, data.discipline_ids, "disciplines", errors)
    themes = known(Theme, data.theme_ids, "themes", errors)
    talkshows = known(Talkshow, data.talkshow_ids, "talkshows", errors)
    refuse_if_any(errors)

    offer.title = data.title.strip()
    offer.kind = data.kind
    offer.institution_id = data.institution_id
    offer.programme = data.programme.strip()
    offer.level = data.level
    offer.description = data.description.strip()
    offer.period_start, offer.period_end = data.period_start, data.period_end
    offer.capacity, offer.remaining_capacity = data.capacity, data.remaining
    offer.capacity_unit = data.capacity_unit
    offer.is_open = data.is_open
    offer.contact_name, offer.contact_email = data.contact_name.strip(), data.contact_email.strip()
    offer.lab_id = data.lab_id
    offer.disciplines, offer.themes, offer.talkshows = disciplines, themes, talkshows
    wanted = [s for s in STADSDELEN if s in set(data.stadsdelen)]
    kept = {p.stadsdeel: p for p in offer.preferred_places}
    offer.preferred_places = [kept.get(s) or PreferredStadsdeel(stadsdeel=s) for s in wanted]


def create_offer(data: OfferInput, *, actor: User | None) -> Offer:
    require_role(actor, Role.ORGANISER)
    with transaction() as session:
        offer = Offer(slug=unique_slug(data.title, slug_taken(Offer), max_length=100))
        _apply_offer(offer, data)
        session.add(offer)
    return offer


def update_offer(offer_id: int, data: OfferInput, *, actor: User | None) -> Offer:
    require_role(actor, Role.ORGANISER)
    with transaction():
        offer = offer_for_organiser(offer_id)
        _apply_offer(offer, data)
    return offer


def delete_offer(offer_id: int, *, actor: User | None) -> None:
    """Only an offer nobody was matched to; one with matches is closed instead."""
    require_role(actor, Role.ORGANISER)
    with transaction() as session:
        offer = offer_for_organiser(offer_id)
        if session.scalar(select(func.count(Match.id)).where(Match.offer_id == offer.id)):
            raise OfferInUse()
        session.delete(offer)


def offer_for_organiser(offer_id: int) -> Offer:
    offer = db.session.scalar(
        select(Offer)
        .where(Offer.id == offer_id)
        .options(
            selectinload(Offer.institution),
            selectinload(Offer.themes),
            selectinload(Offer.disciplines),
            selectinload(Offer.preferred_places),
            selectinload(Offer.talkshows),
            selectinload(Offer.lab),
        )
    )
    if offer is None:
        raise NotFound(str(offer_id))
    return offer


def offers_for_organiser() -> list[Offer]:
    query = select(Offer).options(
        selectinload(Offer.institution),
        selectinload(Offer.themes),
        selectinload(Offer.disciplines),
        selectinload(Offer.preferred_places),
    )
    return list(db.session.scalars(query.order_by(Offer.period_start.desc(), Offer.slug)))
