"""Use cases: mint a registration's certificate (once), look a code up for /verify."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..database import transaction, utcnow
from ..domain import DomainError, NotFound
from ..extensions import db
from ..registrations import seats
from ..registrations.models import Registration, RegistrationStatus
from ..series.models import Talkshow
from . import labels
from .codes import new_code, normalise
from .models import Certificate


class NoCertificate(DomainError):
    """This registration has no certificate (yet): the message says why."""


@dataclass(frozen=True)
class Verification:
    """All /verify shows: the certificate is real, for this talkshow, with this name (or the name is gone)."""

    name: str
    name_removed: bool
    talkshow_title: str
    talkshow_slug: str
    starts_at: datetime
    issued_at: datetime


def refusal(registration: Registration, now: datetime) -> DomainError | None:
    """Why this registration gets no certificate, or None when it does."""
    talkshow = registration.talkshow
    if talkshow.is_cancelled:
        return NoCertificate.on("", labels.CANCELLED)
    if registration.checked_in_at is None or registration.status == RegistrationStatus.CANCELLED:
        return NoCertificate.on("", labels.NOT_CHECKED_IN)
    if talkshow.ends_at >= now:
        return NoCertificate.on("", labels.NOT_OVER)
    return None


def is_eligible(registration: Registration, now: datetime | None = None) -> bool:
    return refusal(registration, now or utcnow()) is None


def issue(token: str, *, now: datetime | None = None) -> tuple[Registration, Certificate]:
    """The certificate of the registration behind this secret link, minted on the first download.

    Raises ``NotFound`` for an unknown link and ``NoCertificate`` when the person was not checked in,
    the talkshow has not ended yet or was cancelled. Two downloads at once mint one certificate.
    """
    now = now or utcnow()
    registration = seats.by_token(token)
    refused = refusal(registration, now)
    if refused is not None:
        raise refused
    existing = _of(registration.id)
    if existing is not None:
        return registration, existing
    try:
        with transaction():
            certificate = Certificate(
                registration_id=registration.id,
                talkshow_id=registration.talkshow_id,
                code=new_code(),
                name=registration.name,
                issued_at=now,
            )
            db.session.add(certificate)
    except IntegrityError:  # minted by a parallel download a moment ago
        certificate = _of(registration.id)  # type: ignore[assignment]
        if certificate is None:
            raise
    return seats.by_token(token), certificate


def _of(registration_id: int) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.registration_id == registration_id))


def verify(typed_code: str) -> Verification:
    code = normalise(typed_code)
    if code is None:
        raise NotFound("certificate")
    row = db.session.execute(
        select(Certificate, Talkshow)
        .join(Talkshow, Talkshow.id == Certificate.talkshow_id)
        .where(Certificate.code == code)
    ).first()
    if row is None:
        raise NotFound("certificate")
    certificate, talkshow = row
    return Verification(
        name=certificate.name,
        name_removed=certificate.name_removed_at is not None,
        talkshow_title=talkshow.title,
        talkshow_slug=talkshow.slug,
        starts_at=talkshow.starts_at,
        issued_at=certificate.issued_at,
    )
