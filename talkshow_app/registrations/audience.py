"""Mail the audience of one talkshow: confirmed people, the waiting list or both, each with their own link.

The mails go through the outbox (template ``registrations/email/audience``); every recipient gets a freshly
minted personal link (``notifications.queue`` rotates it, and the mail says the old link stopped working).
The log of what was sent is read back from the outbox rows.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..accounts.models import Role, User
from ..domain import NotFound, require_role
from ..extensions import db
from ..mailing.models import OutboxMessage, OutboxStatus
from ..series.models import Talkshow
from ..site import Site
from . import mails, notifications
from .errors import RegistrationError
from .models import Registration, RegistrationStatus

KIND = "audience"
SUBJECT_MAX, TEXT_MAX = 150, 5000


class Audience(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    BOTH = "both"

    @property
    def statuses(self) -> tuple[RegistrationStatus, ...]:
        if self is Audience.BOTH:
            return (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)
        return (RegistrationStatus(self.value),)


@dataclass(frozen=True)
class AudienceMessage:
    audience: str
    subject: str
    text: str


@dataclass(frozen=True)
class SentBatch:
    """One mailing as the log shows it."""

    queued_at: datetime
    subject: str
    recipients: int
    delivered: int
    failed: int


def _talkshow(talkshow_id: int) -> Talkshow:
    talkshow = db.session.get(Talkshow, talkshow_id)
    if talkshow is None:
        raise NotFound(str(talkshow_id))
    return talkshow


def checked(message: AudienceMessage) -> tuple[Audience, str, str]:
    """The audience, subject and text, or a RegistrationError with a message per field; nothing is stored."""
    errors: dict[str, list[object]] = {}
    audience = next((a for a in Audience if a.value == message.audience), None)
    if audience is None:
        errors["audience"] = [_l("Choose who gets the mail.")]
    subject, text = message.subject.strip(), message.text.strip()
    if not subject:
        errors["subject"] = [_l("Enter a subject.")]
    elif len(subject) > SUBJECT_MAX or "\n" in subject or "\r" in subject:
        errors["subject"] = [_l("The subject can be at most %(max)d characters on one line.", max=SUBJECT_MAX)]
    if not text:
        errors["text"] = [_l("Enter the text of the mail.")]
    elif len(text) > TEXT_MAX:
        errors["text"] = [_l("The text can be at most %(max)d characters.", max=TEXT_MAX)]
    if errors or audience is None:  # no audience means errors["audience"]
        raise RegistrationError(errors)
    return audience, subject, text


def recipients(talkshow_id: int, audience: Audience, actor: User | None) -> list[Registration]:
    require_role(actor, Role.ORGANISER)
    _talkshow(talkshow_id)
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.talkshow_id == talkshow_id,
                Registration.status.in_(audience.statuses),
                Registration.anonymised_at.is_(None),
            )
            .order_by(Registration.id)
        )
    )


def mail_audience(talkshow_id: int, message: AudienceMessage, actor: User | None, site: Site) -> int:
    """Queue the mail for everyone in the audience; returns how many people get it."""
    require_role(actor, Role.ORGANISER)
    audience, subject, text = checked(message)
    with notifications.outbox_transaction() as outgoing:
        people = recipients(talkshow_id, audience, actor)
        if not people:
            raise RegistrationError({"audience": [_l("Nobody is in this group yet.")]})
        for registration in people:
            outgoing.append(notifications.queue(KIND, registration, site, subject=subject, text=text))
    return len(people)


def sent_log(talkshow_id: int, actor: User | None) -> list[SentBatch]:
    """What was mailed to this talkshow's audience, newest first (rows the outbox has purged drop out)."""
    require_role(actor, Role.ORGANISER)
    rows = db.session.execute(
        select(OutboxMessage.created_at, OutboxMessage.context, OutboxMessage.status)
        .join(Registration, Registration.id == OutboxMessage.registration_id)
        .where(Registration.talkshow_id == talkshow_id, OutboxMessage.template == mails.template(KIND))
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id)
    ).all()
    batches: dict[tuple[str, str], list[tuple[datetime, OutboxStatus]]] = {}
    for created_at, context, status in rows:
        subject = str(((context or {}).get("extra") or {}).get("subject", ""))
        batches.setdefault((created_at.strftime("%Y-%m-%d %H:%M"), subject), []).append((created_at, status))
    return [
        SentBatch(
            queued_at=items[0][0],
            subject=subject,
            recipients=len(items),
            delivered=sum(1 for _at, status in items if status == OutboxStatus.SENT),
            failed=sum(1 for _at, status in items if status == OutboxStatus.FAILED),
        )
        for (_minute, subject), items in batches.items()
    ]
