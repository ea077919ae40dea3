"""The organiser's view of the outbox: what waits or failed and why, and trying one again now.

Addresses are shown masked (``n***@example.org``): the page is for seeing that mail flows, not
for reading who registered. Retrying only puts the row back in the queue, due now; the worker
(or ``flask mail flush``) sends it, never the organiser's request.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, select, update

from ..accounts.models import Role
from ..database import transaction, utcnow
from ..domain import Actor, DomainError, NotFound, require_role
from ..extensions import db
from .delivery import OutboxCounts, counts
from .models import OutboxMessage, OutboxStatus

SHOWN = 200  # at most this many rows on the page, failed ones first


class AlreadySent(DomainError):
    """The mail went out meanwhile: there is nothing to retry."""

    def __init__(self) -> None:
        super().__init__({"": [_l("This mail has been sent meanwhile; there is nothing to retry.")]})


@dataclass(frozen=True)
class WaitingMail:
    id: int
    recipient: str  # masked
    kind: str  # the template, e.g. "registrations/email/confirmed"
    subject: str  # the last rendered subject; "" when it was never rendered
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime | None
    last_error: str
    created_at: datetime
    being_sent: bool  # a sender holds a live lease on it right now


@dataclass(frozen=True)
class OutboxOverview:
    mails: list[WaitingMail]
    counts: OutboxCounts
    more: int  # waiting or failed mails not shown


def mask_address(address: str) -> str:
    """``nina@example.org`` → ``n***@example.org``; an erased address shows as a dash."""
    local, at, domain = address.strip().rpartition("@")
    if not at:
        return "—" if not address.strip() else address.strip()[:1] + "***"
    return f"{local[:1]}***@{domain}" if local else f"***@{domain}"


def kind_of(message: OutboxMessage) -> str:
    return message.template or ""


def waiting_mails(actor: Actor | None, *, now: datetime | None = None, limit: int = SHOWN) -> OutboxOverview:
    """Failed and queued mails (failed first, then the oldest), with the outbox's counts."""
    require_role(actor, Role.ORGANISER)
    now = now or utcnow()
    waiting = OutboxMessage.status.in_((OutboxStatus.FAILED, OutboxStatus.QUEUED))
    failed_first = case((OutboxMessage.status == OutboxStatus.FAILED, 0), else_=1)
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(waiting)
        .order_by(failed_first, OutboxMessage.created_at, OutboxMessage.id)
        .limit(limit)
    ).all()
    mails = [
        WaitingMail(
            id=row.id,
            recipient=mask_address(row.to_address),
            kind=kind_of(row),
            subject=row.subject,
            status=row.status,
            attempts=row.attempts,
            next_attempt_at=row.next_attempt_at,
            last_error=row.last_error,
            created_at=row.created_at,
            being_sent=bool(row.claim_token and row.claimed_until and row.claimed_until > now),
        )
        for row in rows
    ]
    totals = counts(now)
    return OutboxOverview(mails=mails, counts=totals, more=max(totals.queued + totals.failed - len(mails), 0))


def retry_now(message_id: int, actor: Actor | None, *, now: datetime | None = None) -> None:
    """Put a failed or queued mail back in the queue, due now (its tries so far are kept)."""
    require_role(actor, Role.ORGANISER)
    now = now or utcnow()
    with transaction():
        status = db.session.scalar(select(OutboxMessage.status).where(OutboxMessage.id == message_id))
        if status is None:
            raise NotFound(str(message_id))
        changed = db.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                OutboxMessage.status.in_((OutboxStatus.FAILED, OutboxStatus.QUEUED)),
            )
            .values(status=OutboxStatus.QUEUED, next_attempt_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount  # type: ignore[attr-defined]  # an UPDATE's CursorResult
        if changed != 1:
            raise AlreadySent()
