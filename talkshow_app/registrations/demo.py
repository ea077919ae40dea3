"""Fictional registrations on the demo talkshows (e-mail only @example.org), idempotent by address.

Stored directly, without mails: nobody should receive anything from demo data. A past talkshow
gets check-ins (so the board shows a no-show rate); upcoming ones get seats.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import select

from ..database import transaction, utcnow
from ..extensions import db
from ..series.models import Talkshow
from . import capacity
from .models import Affiliation, Registration, RegistrationStatus
from .tokens import new_checkin_code, new_token, token_hash

PEOPLE = [
    ("Yasmina Ouali", Affiliation.BEWONER, "Bewonersorganisatie Transvaal", ""),
    ("Thijs van Leeuwen", Affiliation.STUDENT, "De Haagse Hogeschool", ""),
    ("Priya Jagessar", Affiliation.ONDERZOEKER, "Universiteit Leiden", ""),
    ("Henk Vermeulen", Affiliation.BEWONER, "", "Rolstoelplaats graag"),
    ("Noor Hendriks", Affiliation.GEMEENTE, "Gemeente Den Haag", ""),
    ("Karim Belhaj", Affiliation.ONDERNEMER, "Bakkerij Belhaj, Laakkwartier", ""),
    ("Esther Kooijman", Affiliation.DOCENT, "Hogeschool Inholland", ""),
    ("Daan Oosterhout", Affiliation.STUDENT, "Universiteit Leiden", ""),
    ("Sevda Aydın", Affiliation.BEWONER, "", "Ringleiding"),
    ("Jeroen Smit", Affiliation.ANDERS, "Bibliotheek Den Haag", ""),
    ("Chantal Doelwijt", Affiliation.DOCENT, "ROC Mondriaan", ""),
    ("Bas de Ruijter", Affiliation.GEMEENTE, "Stadsdeel Escamp", ""),
]

# talkshow slug → (number of people, share of confirmed who checked in; None for upcoming)
PLAN = {
    "wie-kent-zijn-buren-nog": (10, 0.8),
    "de-kansenkloof-in-de-klas": (8, 0.75),
    "veilig-over-straat": (12, None),
    "rondkomen-in-de-residentie": (6, None),
}


def _address(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return ".".join(plain.split()) + "@example.org"


def load() -> int:
    """Store the demo registrations that are not there yet; how many were added."""
    created = 0
    now = utcnow()
    with transaction():
        for slug, (number, show_rate) in PLAN.items():
            talkshow = db.session.scalar(select(Talkshow).where(Talkshow.slug == slug))
            if talkshow is None:
                continue
            for position, person in enumerate(PEOPLE[:number]):
                came = show_rate is not None and position < round(number * show_rate)
                created += _add(talkshow, position, person, came=came, now=now)
    return created


def _add(
    talkshow: Talkshow, position: int, person: tuple[str, Affiliation, str, str], *, came: bool, now: datetime
) -> bool:
    name, affiliation, organisation, needs = person
    email = _address(name)
    exists = db.session.scalar(
        select(Registration.id).where(Registration.talkshow_id == talkshow.id, Registration.email_key == email)
    )
    if exists is not None:
        return False
    confirmed = (
        db.session.scalar(
            select(db.func.count())
            .select_from(Registration)
            .where(Registration.talkshow_id == talkshow.id, Registration.status == RegistrationStatus.CONFIRMED)
        )
        or 0
    )
    status = RegistrationStatus(capacity.decide(confirmed, talkshow.capacity).value)
    seated = status == RegistrationStatus.CONFIRMED
    registered_at = min(talkshow.starts_at - timedelta(days=20), now) + timedelta(hours=position)
    db.session.add(
        Registration(
            talkshow_id=talkshow.id,
            name=name,
            email=email,
            email_key=email,
            affiliation=affiliation,
            organisation=organisation,
            accessibility_needs=needs,
            language="nl",
            status=status,
            token_hash=token_hash(new_token()),
            checkin_code=new_checkin_code(),
            created_at=registered_at,
            queued_at=registered_at,
            consent_at=registered_at,
            confirmed_at=registered_at if seated else None,
            checked_in_at=talkshow.starts_at if came and seated else None,
        )
    )
    db.session.flush()
    return True
