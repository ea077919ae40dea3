"""Queue e-mail inside the caller's transaction; deliver it after the commit; retry with ``flask mail flush``.

The outbox makes "the change happened" and "the mail will be sent" one fact: a mail row is
written in the same transaction as the change that causes it, so a rollback takes the mail
with it and a mail server that is down loses nothing. Delivery claims rows with one
conditional UPDATE (and ``FOR UPDATE SKIP LOCKED`` on PostgreSQL), so two flushers running
at once never send the same row twice.
"""
from __future__ import annotations

import logging
import re
import secrets
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import flask_mail
from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from ..database import utcnow
from ..extensions import db
from ..site import Site
from .models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

CALENDAR_METHODS = ("REQUEST", "CANCEL", "PUBLISH")
QR_CONTENT_ID = "checkin-qr"
LEASE = timedelta(minutes=5)


class MailError(ValueError):
    """A mail cannot be queued as asked (unknown calendar method, a header with a line break)."""


@dataclass(frozen=True)
class FlushResult:
    sent: int
    failed: int
    still_queued: int


def queue_mail(
    *,
    to: str,
    template: str,
    language: str,
    context: dict,
    site: Site,
    calendar: str | None = None,
    calendar_method: str | None = None,
    registration_id: int | None = None,
    qr_code_text: str | None = None,
    erase_after_sending: bool = False,
) -> OutboxMessage:
    """Render ``templates/<template>.subject.txt``, ``.txt`` and ``.html`` in ``language`` and add an outbox row.

    The row joins the caller's session and transaction; nothing is committed here.
    """
    if "\n" in to or "\r" in to:
        raise MailError("line break in a recipient address")
    if calendar is not None:
        calendar_method = (calendar_method or "REQUEST").upper()
        if calendar_method not in CALENDAR_METHODS:
            raise MailError(f"unknown calendar method {calendar_method!r}")
    else:
        calendar_method = None
    values = dict(context, site=site, language=language, qr_content_id=QR_CONTENT_ID if qr_code_text else None)
    with force_locale(language):
        subject = render_template(f"{template}.subject.txt", **values)
        text_body = render_template(f"{template}.txt", **values)
        html_body = render_template(f"{template}.html", **values)
    message = OutboxMessage(
        to_address=to.strip(),
        language=language,
        subject=re.sub(r"\s+", " ", subject).strip()[:300],
        text_body=text_body.strip() + "\n",
        html_body=html_body,
        calendar=calendar,
        calendar_method=calendar_method,
        qr_code_text=qr_code_text,
        status=OutboxStatus.QUEUED,
        attempts=0,
        last_error="",
        registration_id=registration_id,
        erase_after_sending=erase_after_sending,
    )
    db.session.add(message)
    return message


def deliver(message_ids: list[int]) -> None:
    """Try to send these rows now, right after the caller's commit. Never raises: what fails stays queued."""
    ids = [i for i in message_ids if i is not None]
    if not ids:
        return
    pending = db.session().info.get(_COMMITTED)
    if pending:
        pending.difference_update(ids)
    try:
        flush(ids=ids)
    except Exception:  # noqa: BLE001 - the change is committed; the outbox keeps the mail for a later flush
        log.exception("mail delivery after commit failed; the messages stay queued")
        db.session.rollback()


def flush(
    *,
    ids: list[int] | None = None,
    limit: int = 200,
    retry_failed: bool = False,
    site: Site | None = None,
) -> FlushResult:
    """Send queued rows (oldest first). Each sent row is committed on its own, so a crash resends at most one."""
    site = site or Site.from_config(current_app.config)
    if retry_failed:
        retry = update(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED)
        if ids is not None:
            retry = retry.where(OutboxMessage.id.in_(ids))
        db.session.execute(retry.values(status=OutboxStatus.QUEUED).execution_options(synchronize_session=False))
        db.session.commit()
    token, claimed = _claim(ids, limit)
    sent = failed = 0
    if claimed:
        sent, failed = _send_claimed(token, claimed, site)
    waiting = select(db.func.count()).select_from(OutboxMessage).where(OutboxMessage.status == OutboxStatus.QUEUED)
    if ids is not None:
        waiting = waiting.where(OutboxMessage.id.in_(ids))
    still_queued = db.session.scalar(waiting) or 0
    db.session.commit()
    return FlushResult(sent=sent, failed=failed, still_queued=still_queued)


def _claimable(now):
    return (OutboxMessage.status == OutboxStatus.QUEUED) & or_(
        OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now
    )


def _claim(ids: list[int] | None, limit: int) -> tuple[str, list[OutboxMessage]]:
    """Claim up to ``limit`` queued rows for this flusher in one atomic conditional UPDATE, then commit."""
    db.session.commit()  # start from a clean transaction: the claim must be visible to other flushers at once
    now = utcnow()
    token = secrets.token_hex(16)
    candidates = select(OutboxMessage.id).where(_claimable(now)).order_by(OutboxMessage.id).limit(limit)
    if ids is not None:
        candidates = candidates.where(OutboxMessage.id.in_(ids))
    # PostgreSQL: rows another flusher is claiming right now are skipped instead of waited for.
    # SQLite renders no FOR UPDATE; its single writer lock serialises the UPDATE instead.
    candidates = candidates.with_for_update(skip_locked=True)
    claim = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates.scalar_subquery()), _claimable(now))
        .values(claim_token=token, claimed_until=now + LEASE)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(claim)
    db.session.commit()
    rows = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.claim_token == token).order_by(OutboxMessage.id)
    ).all()
    return token, list(rows)


class _Connection(flask_mail.Connection):
    """Flask-Mail's connection with a socket timeout, so a silent mail server cannot hang a request."""

    def configure_host(self) -> smtplib.SMTP | smtplib.SMTP_SSL:
        timeout = current_app.config.get("MAIL_TIMEOUT_SECONDS", 10)
        state = self.mail
        host: smtplib.SMTP | smtplib.SMTP_SSL
        if state.use_ssl:
            host = smtplib.SMTP_SSL(state.server, state.port, timeout=timeout)
        else:
            host = smtplib.SMTP(state.server, state.port, timeout=timeout)
        if state.use_tls:
            host.starttls()
        if state.username and state.password:
            host.login(state.username, state.password)
        return host


class _PrebuiltMessage(flask_mail.Message):
    """A Flask-Mail message whose MIME tree was built with the stdlib ``email`` package.

    Flask-Mail can only put text/plain and text/html alternatives in a multipart/mixed
    wrapper and cannot add parameters such as ``method=REQUEST`` to a part's Content-Type,
    nor relate an inline image to the HTML part. Calendar clients only offer "add to
    calendar" for a ``text/calendar; method=…`` alternative, so the tree is built by
    ``build_mime`` and sent through Flask-Mail's connection (and its ``email_dispatched`` signal).
    """

    def __init__(self, mime: EmailMessage, sender: str, recipient: str) -> None:
        super().__init__(subject=str(mime["Subject"]), recipients=[recipient], sender=sender)
        self.mime = mime

    def as_bytes(self) -> bytes:
        return self.mime.as_bytes(policy=policy.SMTP)

    def as_string(self) -> str:
        return self.mime.as_string(policy=policy.SMTP)


def build_mime(message: OutboxMessage, site: Site) -> EmailMessage:
    """multipart/alternative of text, HTML (multipart/related with the QR image) and the calendar part."""
    mime = EmailMessage(policy=policy.SMTP)
    mime["Subject"] = message.subject
    mime["From"] = site.sender
    mime["To"] = message.to_address
    mime["Date"] = formatdate(localtime=False, usegmt=True)
    mime["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}", domain=site.host)
    mime["Auto-Submitted"] = "auto-generated"
    mime.set_content(message.text_body, subtype="plain", charset="utf-8")
    mime.add_alternative(message.html_body, subtype="html", charset="utf-8")
    if message.qr_code_text:
        html_part = mime.get_payload()[-1]
        html_part.add_related(
            _qr_png(message.qr_code_text), maintype="image", subtype="png", cid=f"<{QR_CONTENT_ID}>",
            disposition="inline", filename="check-in.png",
        )
    if message.calendar:
        mime.add_alternative(
            message.calendar, subtype="calendar", charset="utf-8",
            params={"method": message.calendar_method or "REQUEST"},
        )
    mime["Content-Language"] = message.language  # after set_content, which drops Content-* headers
    return mime


def _qr_png(text: str) -> bytes:
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


_PERMANENT = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def _send_claimed(token: str, claimed: list[OutboxMessage], site: Site) -> tuple[int, int]:
    sent = failed = 0
    try:
        with _Connection(current_app.extensions["mail"]) as connection:
            for message in claimed:
                try:
                    connection.send(_PrebuiltMessage(build_mime(message, site), site.sender, message.to_address))
                except _PERMANENT as error:
                    if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code < 500:
                        _record_failure(token, message.id, error, permanent=False)
                    else:
                        _record_failure(token, message.id, error, permanent=True)
                        failed += 1
                    continue
                _record_sent(token, message.id)
                sent += 1
    except (OSError, smtplib.SMTPException) as error:
        # The server is unreachable or broke off: whatever is still claimed goes back to the queue.
        db.session.rollback()
        leftover = [m.id for m in claimed]
        for message_id in leftover:
            _record_failure(token, message_id, error, permanent=False)
    return sent, failed


def _record_sent(token: str, message_id: int) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claim_token == token)
        .values(
            status=OutboxStatus.SENT, sent_at=utcnow(), attempts=OutboxMessage.attempts + 1,
            claim_token=None, claimed_until=None, last_error="",
        )
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.erase_after_sending.is_(True))
        .values(to_address="", text_body="", html_body="", calendar=None, qr_code_text=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _record_failure(token: str, message_id: int, error: BaseException, *, permanent: bool) -> None:
    """Give the row back (or mark it failed); only the flusher holding the claim may do so."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claim_token == token)
        .values(
            status=OutboxStatus.FAILED if permanent else OutboxStatus.QUEUED,
            attempts=OutboxMessage.attempts + 1,
            claim_token=None, claimed_until=None,
            last_error=f"{type(error).__name__}: {error}"[:1000],
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def purge_sent(before) -> int:
    """Delete sent mails older than ``before`` (they hold names and private links); caller commits."""
    from sqlalchemy import delete

    result = db.session.execute(
        delete(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENT, OutboxMessage.sent_at < before)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


# --- Delivery after any commit --------------------------------------------------------------------
# Features that queue mail inside someone else's transaction (signal receivers) cannot call
# ``deliver`` themselves: the sender commits. So the session remembers the outbox rows it
# flushed, keeps those whose transaction committed, and the request hands them to ``deliver``.

_NEW, _COMMITTED = "outbox_new", "outbox_committed"


@event.listens_for(Session, "after_flush")
def _remember_new_messages(session: Session, _context) -> None:
    ids = [obj.id for obj in session.new if isinstance(obj, OutboxMessage)]
    if ids:
        session.info.setdefault(_NEW, set()).update(ids)


@event.listens_for(Session, "after_commit")
def _keep_committed_messages(session: Session) -> None:
    new = session.info.pop(_NEW, None)
    if new:
        session.info.setdefault(_COMMITTED, set()).update(new)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_messages(session: Session) -> None:
    session.info.pop(_NEW, None)


def deliver_committed() -> None:
    """Deliver what this session committed and nobody delivered yet (called after each request)."""
    ids = db.session().info.pop(_COMMITTED, None)
    if ids:
        deliver(sorted(ids))
