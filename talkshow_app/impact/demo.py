"""The impact part of ``flask demo-data``: a fuller room at the past demo talkshows, and their evaluations.

The registrations demo seats a handful of people; with only those, every count on ``/impact``
would be hidden (fewer than 5). This adds fictional attendees (``@example.org``, stored directly,
no mails) who registered and mostly came, and anonymous evaluation answers (with an answered
invitation for each answering attendee, as the real form leaves them). Idempotent: an attendee is
looked up by address, and a talkshow that has answers gets none added.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from ..database import transaction
from ..extensions import db
from ..registrations.models import Affiliation, Registration, RegistrationStatus
from ..registrations.tokens import new_checkin_code, new_token, token_hash
from ..series.models import Talkshow
from ..timezones import to_local
from .models import EvaluationAnswer, EvaluationInvitation

FIRST_NAMES = [
    "Fatima",
    "Lotte",
    "Ruben",
    "Sanne",
    "Mehmet",
    "Iris",
    "Joost",
    "Anouk",
    "Rachid",
    "Femke",
    "Tim",
    "Merel",
    "Bilal",
    "Eva",
    "Wouter",
    "Naima",
    "Sem",
    "Roos",
    "Hamza",
    "Julia",
    "Stijn",
    "Amira",
    "Koen",
    "Floor",
    "Youssef",
    "Lisa",
    "Niels",
    "Ilse",
    "Arjen",
    "Zeynep",
    "Gijs",
    "Marit",
]
LAST_NAMES = [
    "de Vries",
    "Bakker",
    "el Amrani",
    "Janssen",
    "Visser",
    "Ramdin",
    "Mulder",
    "de Graaf",
    "Yilmaz",
    "van Dijk",
    "Bos",
    "Soekhoe",
    "Meijer",
    "Kok",
    "Haddou",
    "van der Berg",
    "Brouwer",
    "Pinas",
    "Dekker",
    "van Wijk",
    "Koster",
    "Tahiri",
    "Vos",
    "Peters",
    "Kaya",
    "Prins",
    "van Dam",
    "Lammers",
]
ORGANISATIONS = {
    Affiliation.STUDENT: ("De Haagse Hogeschool", "Universiteit Leiden", "Hogeschool Inholland"),
    Affiliation.DOCENT: ("Hogeschool Inholland", "De Haagse Hogeschool", "ROC Mondriaan"),
    Affiliation.ONDERZOEKER: ("Universiteit Leiden", "De Haagse Hogeschool"),
    Affiliation.GEMEENTE: ("Gemeente Den Haag",),
}

# slug → the extra attendees per affiliation (registered, checked in), and the evaluation scores
PLAN: dict[str, tuple[list[tuple[Affiliation, int, int]], list[int]]] = {
    "wie-kent-zijn-buren-nog": (
        [
            (Affiliation.BEWONER, 9, 8),
            (Affiliation.STUDENT, 6, 5),
            (Affiliation.GEMEENTE, 4, 3),
            (Affiliation.ONDERZOEKER, 3, 2),
            (Affiliation.ANDERS, 2, 2),
        ],
        [5, 4, 4, 5, 3, 4, 5, 4, 4],
    ),
    "de-kansenkloof-in-de-klas": (
        [
            (Affiliation.DOCENT, 10, 9),
            (Affiliation.STUDENT, 10, 8),
            (Affiliation.ONDERZOEKER, 4, 4),
            (Affiliation.GEMEENTE, 3, 2),
            (Affiliation.BEWONER, 3, 2),
        ],
        [4, 3, 5, 4, 4, 2, 5, 4, 3, 4, 5, 4],
    ),
}
ACTIONS = (
    "Ik ga de buurtapp van mijn straat nieuw leven inblazen.",
    "Met mijn klas een wijkwandeling maken.",
    "Contact opnemen met het wijklab.",
    "",
    "De resultaten delen met mijn team.",
)


def _name(index: int) -> str:
    return f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[(index * 7) % len(LAST_NAMES)]}"


def _address(name: str) -> str:
    return ".".join(name.lower().split()) + "@example.org"


def load() -> int:
    """Add the attendees and answers that are missing; how many rows were added."""
    created = 0
    with transaction():
        for offset, (slug, (groups, scores)) in enumerate(PLAN.items()):
            talkshow = db.session.scalar(select(Talkshow).where(Talkshow.slug == slug))
            if talkshow is None:
                continue
            came: list[int] = []
            index = offset * 40
            for affiliation, registered, checked_in in groups:
                for number in range(registered):
                    registration_id, added = _attendee(talkshow, index, affiliation, came=number < checked_in)
                    created += added
                    if number < checked_in:
                        came.append(registration_id)
                    index += 1
            created += _answers(talkshow, came, scores)
    return created


def _attendee(talkshow: Talkshow, index: int, affiliation: Affiliation, *, came: bool) -> tuple[int, bool]:
    name = _name(index)
    email = _address(name)
    found = db.session.scalar(
        select(Registration.id).where(Registration.talkshow_id == talkshow.id, Registration.email_key == email)
    )
    if found is not None:
        return found, False
    registered_at = talkshow.starts_at - timedelta(days=25 - index % 20, hours=index % 9)
    choices = ORGANISATIONS.get(affiliation, ("",))
    registration = Registration(
        talkshow_id=talkshow.id,
        name=name,
        email=email,
        email_key=email,
        affiliation=affiliation,
        organisation=choices[index % len(choices)],
        accessibility_needs="",
        language="nl",
        status=RegistrationStatus.CONFIRMED,
        token_hash=token_hash(new_token()),
        checkin_code=new_checkin_code(),
        created_at=registered_at,
        queued_at=registered_at,
        consent_at=registered_at,
        confirmed_at=registered_at,
        checked_in_at=talkshow.starts_at + timedelta(minutes=index % 25) if came else None,
    )
    db.session.add(registration)
    db.session.flush()
    return registration.id, True


def _answers(talkshow: Talkshow, came: list[int], scores: list[int]) -> int:
    answered = db.session.scalar(
        select(func.count()).select_from(EvaluationAnswer).where(EvaluationAnswer.talkshow_id == talkshow.id)
    )
    if answered:
        return 0
    asked_at = talkshow.ends_at + timedelta(hours=12)
    day = to_local(talkshow.ends_at + timedelta(days=1)).date()
    for position, (registration_id, score) in enumerate(zip(came, scores, strict=False)):
        db.session.add(
            EvaluationAnswer(
                talkshow_id=talkshow.id, score=score, action=ACTIONS[position % len(ACTIONS)], answered_on=day
            )
        )
        invitation = db.session.get(EvaluationInvitation, registration_id)
        if invitation is None:
            db.session.add(
                EvaluationInvitation(
                    registration_id=registration_id,
                    talkshow_id=talkshow.id,
                    mailed_at=asked_at,
                    answered_at=asked_at + timedelta(hours=position + 1),
                )
            )
    return len(scores)
