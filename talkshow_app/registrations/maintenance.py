"""Keeping house: reminders before a talkshow, and personal data removed (on request, or after the retention period)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from ..database import transaction, utcnow
from ..extensions import db
from ..mailing import services as mailing
from ..mailing.erasure import erase_leftovers, erase_mail_of, erase_undeliverable
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
            lock_talkshow(talkshow_id)  # a second run waits here and then finds nothing left to do
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
                messages.append(queue("reminder", registration, site, token=token, invite="REQUEST"))
        queued += len(messages)
    return queued


def forget(token: str, site: Site, *, now: datetime | None = None) -> None:
    """ "Delete my data": give up the seat, then keep only an anonymous row so the counts stay right.

    Every stored mail of the person goes, sent or not; only the goodbye is left, which is wiped once
    sent, and removed at once if the mail server refuses it for good.
    """
    now = now or utcnow()
    with outbox_transaction() as messages:
        talkshow, registration = lock_own(token)
        erase_mail_of([registration.id], [registration.email])
        if registration.status != RegistrationStatus.CANCELLED and talkshow.ends_at >= now:
            had_seat = registration.status == RegistrationStatus.CONFIRMED
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = now
            # The last mail stands alone (no registration_id) and is wiped once sent.
            goodbye = queue("forgotten", registration, site, invite="CANCEL" if had_seat else None)
            messages.append(goodbye)
            db.session.flush()
            if had_seat:
                messages.extend(promote_waiting(talkshow, site, now))
        else:
            goodbye = queue("forgotten", registration, site)
            messages.append(goodbye)
        _anonymise(registration, now)
        db.session.flush()
        goodbye_id = goodbye.id
    # Delivered right after the commit: a permanent refusal leaves nothing to keep.
    with transaction():
        erase_undeliverable([goodbye_id])


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
        mails = erase_mail_of(ids, [r.email for r in old])
        for registration in old:
            _anonymise(registration, now)
        mails += mailing.purge_sent(cutoff)
        mails += erase_leftovers(cutoff)
    return PurgeResult(registrations=len(ids), mails=mails)


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
