"""Send queued outbox rows: claim them atomically, render and send each, record the outcome and the next try.

Delivery claims rows with one conditional UPDATE (and ``FOR UPDATE SKIP LOCKED`` on PostgreSQL)
that writes a claim token and a lease end, so two senders running at once (request, worker,
``flask mail flush``) never send the same row twice; a sender that dies mid-send leaves its rows
to whoever comes after the lease. A failed try is recorded on the row with its reason; the row
stays queued until ``next_attempt_at`` (a growing delay, see ``retry``) or, out of tries or
refused for good, becomes ``failed``. Each row is rendered just before it is sent (``rendering``);
a row that cannot be rendered (what it is about is gone, a template error) fails alone, with the reason.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from ..database import utcnow
from ..extensions import db
from ..site import Site
from .mime import Connection, prebuilt
from .models import OutboxMessage, OutboxStatus
from .rendering import RenderedMail, render
from .retry import describe, is_permanent, next_attempt

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
DEFAULT_MAX_ATTEMPTS = 8


@dataclass(frozen=True)
class Failure:
    """One delivery that did not succeed in this run."""

    message_id: int
    reason: str
    retry_at: datetime | None  # None: failed for good

    @property
    def will_retry(self) -> bool:
        return self.retry_at is not None


@dataclass(frozen=True)
class FlushResult:
    sent: int
    failed: int  # failed for good in this run (refused, or out of tries)
    still_queued: int
    retrying: int = 0  # failed in this run, queued again for a later try
    failures: tuple[Failure, ...] = ()
    claimed: int = 0
    locked: int = 0  # queued rows another sender holds a lease on right now
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        """Nothing this run tried to send failed."""
        return not self.failures


@dataclass(frozen=True)
class OutboxCounts:
    queued: int
    due: int  # queued and not waiting for a retry or another sender's lease
    retry_later: int
    locked: int
    failed: int
    sent: int
    oldest_queued_at: datetime | None


def flush(
    *,
    ids: list[int] | None = None,
    limit: int = 200,
    retry_failed: bool = False,
    site: Site | None = None,
    due_only: bool = False,
    stop: Callable[[], bool] | None = None,
) -> FlushResult:
    """Send queued rows (oldest first). Each outcome is committed on its own, so a crash resends at most one.

    ``due_only`` (the worker) leaves rows alone whose retry time has not come; without it (``flask mail
    flush``, delivery right after a commit) every queued row is tried now. ``stop`` is asked before each
    message; when it answers true the rest of the claim is given back at once.
    """
    site = site or Site.from_config(current_app.config)
    if retry_failed:
        retry = update(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED)
        if ids is not None:
            retry = retry.where(OutboxMessage.id.in_(ids))
        db.session.execute(
            retry.values(status=OutboxStatus.QUEUED, next_attempt_at=None).execution_options(synchronize_session=False)
        )
        db.session.commit()
    token, claimed = _claim(ids, limit, due_only=due_only)
    sent, failures = (0, []) if not claimed else _send_claimed(token, claimed, site, stop)
    now = utcnow()
    queued = select(func.count(), func.max(OutboxMessage.claimed_until)).where(
        OutboxMessage.status == OutboxStatus.QUEUED
    )
    if ids is not None:
        queued = queued.where(OutboxMessage.id.in_(ids))
    still_queued = db.session.execute(queued).one()[0] or 0
    locked, locked_until = db.session.execute(
        queued.where(OutboxMessage.claim_token.is_not(None), OutboxMessage.claimed_until > now)
    ).one()
    db.session.commit()
    return FlushResult(
        sent=sent,
        failed=sum(1 for f in failures if not f.will_retry),
        still_queued=still_queued,
        retrying=sum(1 for f in failures if f.will_retry),
        failures=tuple(failures),
        claimed=len(claimed),
        locked=locked or 0,
        locked_until=locked_until,
    )


def _claimable(now: datetime, *, due_only: bool):
    free = (OutboxMessage.status == OutboxStatus.QUEUED) & or_(
        OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now
    )
    if due_only:
        free = free & or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now)
    return free


def _claim(ids: list[int] | None, limit: int, *, due_only: bool) -> tuple[str, list[OutboxMessage]]:
    """Claim up to ``limit`` queued rows for this sender in one atomic conditional UPDATE, then commit."""
    db.session.commit()  # start from a clean transaction: the claim must be visible to other senders at once
    now = utcnow()
    token = secrets.token_hex(16)
    claimable = _claimable(now, due_only=due_only)
    candidates = select(OutboxMessage.id).where(claimable).order_by(OutboxMessage.id).limit(limit)
    if ids is not None:
        candidates = candidates.where(OutboxMessage.id.in_(ids))
    # PostgreSQL: rows another sender is claiming right now are skipped instead of waited for.
    # SQLite renders no FOR UPDATE; its single writer lock serialises the UPDATE instead.
    candidates = candidates.with_for_update(skip_locked=True)
    claim = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates.scalar_subquery()), claimable)
        .values(claim_token=token, claimed_until=now + LEASE)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(claim)
    db.session.commit()
    rows = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.claim_token == token).order_by(OutboxMessage.id)
    ).all()
    return token, list(rows)


# A 5xx/4xx answer to one message; anything else (OSError, a broken connection) ends the whole batch.
_MESSAGE_REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def _send_claimed(
    token: str, claimed: list[OutboxMessage], site: Site, stop: Callable[[], bool] | None
) -> tuple[int, list[Failure]]:
    max_attempts = int(current_app.config.get("MAIL_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))
    tries = {message.id: message.attempts + 1 for message in claimed}  # this try's number, per row
    pending = [message.id for message in claimed]
    by_id = {message.id: message for message in claimed}
    sent = 0
    failures: list[Failure] = []
    try:
        with Connection(current_app.extensions["mail"]) as connection:
            while pending and not (stop and stop()):
                message_id = pending[0]
                message = by_id[message_id]
                try:
                    rendered = render(message, site)
                    outgoing = prebuilt(message, site, rendered)
                except Exception as error:  # noqa: BLE001 - a row that cannot become a mail must not block the rest
                    # What the mail is about is gone, or a template broke: that row fails for good. A database
                    # error while reading is tried again later (if the database is away, recording it raises).
                    database_error = isinstance(error, SQLAlchemyError)
                    if database_error:
                        db.session.rollback()
                    pending.pop(0)
                    failures.append(
                        _record_failure(token, message_id, tries[message_id], max_attempts, error, not database_error)
                    )
                    continue
                text = rendered if message.template is not None else None
                try:
                    connection.send(outgoing)
                except _MESSAGE_REFUSED as error:
                    pending.pop(0)
                    failures.append(
                        _record_failure(
                            token, message_id, tries[message_id], max_attempts, error, is_permanent(error), text
                        )
                    )
                    continue
                pending.pop(0)
                _record_sent(token, message_id, text)
                sent += 1
    except (OSError, smtplib.SMTPException) as error:
        # The server is unreachable or broke off: whatever is still claimed waits for a later try.
        db.session.rollback()
        while pending:
            message_id = pending.pop(0)
            failures.append(_record_failure(token, message_id, tries[message_id], max_attempts, error, False))
    if pending:  # asked to stop: give the rest back now rather than after the lease
        _release(token, pending)
    return sent, failures


def _rendered_columns(rendered: RenderedMail | None) -> dict[str, Any]:
    """The text this try rendered, kept on the row for the organiser page and for debugging."""
    if rendered is None:
        return {}
    return {
        "subject": rendered.subject,
        "text_body": rendered.text_body,
        "html_body": rendered.html_body,
        "calendar": rendered.calendar,
    }


def _record_sent(token: str, message_id: int, rendered: RenderedMail | None) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claim_token == token)
        .values(
            status=OutboxStatus.SENT,
            sent_at=utcnow(),
            attempts=OutboxMessage.attempts + 1,
            claim_token=None,
            claimed_until=None,
            next_attempt_at=None,
            last_error="",
            **_rendered_columns(rendered),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.erase_after_sending.is_(True))
        .values(to_address="", context=None, text_body="", html_body="", calendar=None, qr_code_text=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _record_failure(
    token: str,
    message_id: int,
    this_try: int,
    max_attempts: int,
    error: BaseException,
    permanent: bool,
    rendered: RenderedMail | None = None,
) -> Failure:
    """Put the row back with its next try time, or mark it failed; only the sender holding the claim may."""
    reason = describe(error)
    retry_at = None if permanent else next_attempt(this_try, max_attempts, utcnow())
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claim_token == token)
        .values(
            status=OutboxStatus.QUEUED if retry_at else OutboxStatus.FAILED,
            attempts=OutboxMessage.attempts + 1,
            claim_token=None,
            claimed_until=None,
            next_attempt_at=retry_at,
            last_error=reason,
            **_rendered_columns(rendered),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    outcome = f"next try at {retry_at:%Y-%m-%d %H:%M:%S} UTC" if retry_at else "failed for good"
    # The reason and the row's id only: never the text of the mail.
    log.warning("mail %s not delivered (try %s of %s, %s): %s", message_id, this_try, max_attempts, outcome, reason)
    return Failure(message_id=message_id, reason=reason, retry_at=retry_at)


def _release(token: str, message_ids: list[int]) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(message_ids), OutboxMessage.claim_token == token)
        .values(claim_token=None, claimed_until=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def counts(now: datetime | None = None) -> OutboxCounts:
    """How many mails wait, and why; how many failed for good and were sent (``flask mail status``)."""
    now = now or utcnow()
    queued = OutboxMessage.status == OutboxStatus.QUEUED
    locked = queued & OutboxMessage.claim_token.is_not(None) & (OutboxMessage.claimed_until > now)
    later = queued & ~locked & OutboxMessage.next_attempt_at.is_not(None) & (OutboxMessage.next_attempt_at > now)

    def number(condition) -> int:
        return db.session.scalar(select(func.count()).select_from(OutboxMessage).where(condition)) or 0

    result = OutboxCounts(
        queued=number(queued),
        due=number(_claimable(now, due_only=True)),
        retry_later=number(later),
        locked=number(locked),
        failed=number(OutboxMessage.status == OutboxStatus.FAILED),
        sent=number(OutboxMessage.status == OutboxStatus.SENT),
        oldest_queued_at=db.session.scalar(select(func.min(OutboxMessage.created_at)).where(queued)),
    )
    db.session.commit()
    return result


def next_due(now: datetime | None = None) -> datetime | None:
    """The earliest moment a queued row becomes due (a retry time or a lease end), possibly already past.

    A past moment means "due now": a retry time or lease end that came between the last claim and this
    question (retries of one failed batch fall within milliseconds) is taken at once, not a poll later.
    """
    now = now or utcnow()
    queued = OutboxMessage.status == OutboxStatus.QUEUED
    unleased = or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now)
    retry = db.session.scalar(select(func.min(OutboxMessage.next_attempt_at)).where(queued, unleased))
    lease = db.session.scalar(
        select(func.min(OutboxMessage.claimed_until)).where(queued, OutboxMessage.claimed_until.is_not(None))
    )
    db.session.commit()
    moments = [moment for moment in (retry, lease) if moment is not None]
    return min(moments) if moments else None
