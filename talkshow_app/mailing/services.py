"""Queue e-mail inside the caller's transaction; render and deliver it after the commit; the worker retries.

The outbox makes "the change happened" and "the mail will be sent" one fact: a mail row is
written in the same transaction as the change that causes it, so a rollback takes the mail
with it and a mail server that is down loses nothing. A row records what to send (template and
plain values); the text, the QR image and the invite are made when it is sent (``rendering``).
Sending (``delivery``) claims rows atomically, so a request, ``flask mail worker`` and
``flask mail flush`` never send one row twice.
On PostgreSQL every transaction that adds outbox rows sends a NOTIFY on ``NOTIFY_CHANNEL`` at its
commit (none on rollback), which wakes the worker at once.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from flask import current_app
from sqlalchemy import CursorResult, delete, event, text
from sqlalchemy.orm import Session

from ..extensions import db
from ..site import Site
from . import rendering
from .delivery import LEASE, FlushResult, flush
from .mime import build_mime
from .models import OutboxMessage, OutboxStatus

__all__ = ["LEASE", "FlushResult", "MailError", "build_mime", "deliver", "deliver_committed", "flush", "queue_mail"]

log = logging.getLogger(__name__)

CALENDAR_METHODS = ("REQUEST", "CANCEL", "PUBLISH")
NOTIFY_CHANNEL = "talkshow_outbox"
# Set by ``mime.build_mime`` itself; extra headers may not replace them.
PROTECTED_HEADERS = {"subject", "from", "to", "cc", "bcc", "date", "message-id", "content-type", "mime-version"}


class MailError(ValueError):
    """A mail cannot be queued as asked (unknown calendar method, a header with a line break)."""


def queue_mail(
    *,
    to: str,
    template: str,
    language: str,
    context: Mapping[str, Any],
    site: Site,
    calendar: str | None = None,
    calendar_method: str | None = None,
    registration_id: int | None = None,
    qr_code_text: str | None = None,
    erase_after_sending: bool = False,
    headers: Mapping[str, str] | None = None,
) -> OutboxMessage:
    """Add an outbox row that says what to send; nothing is rendered and nothing is committed here.

    ``context`` holds plain JSON values (ids, strings, numbers); at delivery the renderer registered
    for ``template`` turns them into the values of ``templates/<template>.subject.txt``, ``.txt`` and
    ``.html`` (``rendering``). ``calendar_method`` asks that renderer for an invite of that kind
    (REQUEST, CANCEL, PUBLISH); ``calendar`` gives a ready invite instead. The row joins the
    caller's session and transaction. ``headers`` adds header lines (``List-Unsubscribe``), sent as given.
    """
    if "\n" in to or "\r" in to:
        raise MailError("line break in a recipient address")
    if calendar is not None or calendar_method is not None:
        calendar_method = (calendar_method or "REQUEST").upper()
        if calendar_method not in CALENDAR_METHODS:
            raise MailError(f"unknown calendar method {calendar_method!r}")
    extra = {str(name): str(value) for name, value in (headers or {}).items()}
    if any(ch in item for pair in extra.items() for item in pair for ch in "\r\n") or any(
        not name or ":" in name or name.lower() in PROTECTED_HEADERS for name in extra
    ):
        raise MailError("an extra header with a line break, a colon in its name or replacing a standard header")
    if not rendering.is_registered(template):
        raise MailError(f"no renderer is registered for the template {template!r}")
    try:
        stored = json.loads(json.dumps(dict(context)))
    except (TypeError, ValueError) as error:
        raise MailError(f"the context of {template!r} must hold plain values: {error}") from error
    message = OutboxMessage(
        to_address=to.strip(),
        language=language,
        template=template,
        context=stored,
        subject="",
        text_body="",
        html_body="",
        calendar=calendar,
        calendar_method=calendar_method,
        qr_code_text=qr_code_text,
        status=OutboxStatus.QUEUED,
        attempts=0,
        last_error="",
        registration_id=registration_id,
        erase_after_sending=erase_after_sending,
        headers=extra or None,
    )
    db.session.add(message)
    return message


def deliver(message_ids: list[int]) -> None:
    """Try to send these rows now, right after the caller's commit. Never raises: what fails stays queued.

    With ``MAIL_SEND_AFTER_REQUEST`` off the web process only queues and ``flask mail worker`` sends.
    """
    ids = [i for i in message_ids if i is not None]
    if not ids:
        return
    pending = db.session().info.get(_COMMITTED)
    if pending:
        pending.difference_update(ids)
    if not current_app.config.get("MAIL_SEND_AFTER_REQUEST", False):
        return
    try:
        flush(ids=ids)
    except Exception:  # noqa: BLE001 - the change is committed; the outbox keeps the mail for the worker
        log.exception("mail delivery after commit failed; the messages stay queued")
        db.session.rollback()


def purge_sent(before) -> int:
    """Delete sent mails older than ``before`` (they hold names and private links); caller commits."""
    result: CursorResult = db.session.execute(  # type: ignore[assignment]  # a DELETE answers a CursorResult
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
        connection = session.connection()
        if connection.dialect.name == "postgresql":
            # Transactional: listeners hear it at the commit, never after a rollback; repeats fold into one.
            connection.execute(text("SELECT pg_notify(:channel, '')"), {"channel": NOTIFY_CHANNEL})


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
