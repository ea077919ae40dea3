"""Keeping house: reminders before a talkshow, and personal data removed (on request, or after the retention period)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select

from ..database import transaction, utcnow
from ..extensions import db
from ..mailing import services as mailing
from ..mailing.models import OutboxMessage
from ..series.models import Talkshow, TalkshowStatus
from ..site import Site
from .models import Registration, RegistrationStatus
from .notifications import outbox_transaction, queue
from .seats import lock_own, lock_talkshow, promote_waiting
from .tokens import new_checkin_code, new_token, rotate_token, token_hash


@dataclass(frozen=True)
class PurgeResult:
    registrations: int
    mails: int


def send_reminders(site: Site, *, within_hours: int = 48, now: datetime | None = None) -> int:
    """Queue one reminder per seat holder of talkshows starting within the window; never twice."""
    now = now or utcnow()
    talkshow_ids = db.session.scalars(
        select(Talkshow.id).where(
            Talkshow.status == TalkshowStatus.PUBLISHED,
            Talkshow.starts_at > now,
            Talkshow.starts_at <= now + timedelta(hours=within_hours),
        )
    ).all()
    db.session.rollback()
    queued = 0
    for talkshow_id in talkshow_ids:
        with outbox_transaction() as messages:
            talkshow = lock_talkshow(talkshow_id)  # a second run waits here and then finds nothing left to do
            due = db.session.scalars(
                select(Registration)
                .where(
                    Registration.talkshow_id == talkshow_id,
                    Registration.status == RegistrationStatus.CONFIRMED,
                    Registration.reminder_sent_at.is_(None),
                    Registration.anonymised_at.is_(None),
                )
                .order_by(Registration.id)
            ).all()
            for registration in due:
                registration.reminder_sent_at = now
                token = rotate_token(registration)
                messages.append(queue("reminder", registration, talkshow, site, token=token, invite="REQUEST"))
        queued += len(messages)
    return queued


def forget(token: str, site: Site, *, now: datetime | None = None) -> None:
    """ "Delete my data": give up the seat, then keep only an anonymous row so the counts stay right."""
    now = now or utcnow()
    with outbox_transaction() as messages:
        talkshow, registration = lock_own(token)
        if registration.status != RegistrationStatus.CANCELLED and talkshow.ends_at >= now:
            had_seat = registration.status == RegistrationStatus.CONFIRMED
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = now
            # The last mail stands alone (no registration_id) and is wiped once sent.
            messages.append(queue("forgotten", registration, talkshow, site, invite="CANCEL" if had_seat else None))
            db.session.flush()
            if had_seat:
                messages.extend(promote_waiting(talkshow, site, now))
        else:
            messages.append(queue("forgotten", registration, talkshow, site))
        _delete_mails_of([registration.id])
        _anonymise(registration, now)


def purge_personal_data(site: Site, *, now: datetime | None = None) -> PurgeResult:
    """AVG: anonymise registrations of talkshows that ended more than ``site.retention_days`` ago; counts stay."""
    now = now or utcnow()
    cutoff = now - timedelta(days=site.retention_days)
    with transaction():
        old = db.session.scalars(
            select(Registration)
            .join(Talkshow, Talkshow.id == Registration.talkshow_id)
            .where(Talkshow.ends_at < cutoff, Registration.anonymised_at.is_(None))
        ).all()
        ids = [r.id for r in old]
        mails = _delete_mails_of(ids)
        for registration in old:
            _anonymise(registration, now)
        mails += mailing.purge_sent(cutoff)
    return PurgeResult(registrations=len(ids), mails=mails)


def _delete_mails_of(registration_ids: list[int]) -> int:
    """Drop every stored mail of these registrations (sent or not); how many went."""
    if not registration_ids:
        return 0
    deleted = db.session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.registration_id.in_(registration_ids))
        .execution_options(synchronize_session=False)
    )
    return cast("CursorResult[Any]", deleted).rowcount or 0


def _anonymise(registration: Registration, now: datetime) -> None:
    """Keep status, affiliation and check-in (the counts); drop everything that points to a person."""
    registration.name = ""
    registration.email = ""
    registration.email_key = None
    registration.organisation = ""
    registration.accessibility_needs = ""
    registration.token_hash = token_hash(new_token())
    registration.checkin_code = new_checkin_code()
    registration.anonymised_at = now
