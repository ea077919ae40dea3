"""Outbox rows: what to send (a template and plain values), rendered and delivered after the commit.

A row records the template, the language and a JSON context of plain values; the text is made
when the mail is sent (``rendering``), by the worker, ``flask mail flush`` or the delivery right
after a request's commit, never inside the transaction that queues it.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, utcnow, value_enum
from ..extensions import Model


class OutboxStatus(enum.StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    # Refused for good (the server rejects the address) or out of tries (MAIL_MAX_ATTEMPTS);
    # ``flask mail flush --retry-failed`` tries again.
    FAILED = "failed"


class OutboxMessage(Model):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_created_at", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(8), default="nl")
    # What to send: ``templates/<template>.subject.txt|.txt|.html``, rendered at delivery from ``context``
    # (plain JSON values: ids, strings) by the renderer its feature registered (``rendering``).
    # NULL: a row queued before migration 0007, whose subject and bodies were rendered when queued.
    template: Mapped[str | None] = mapped_column(String(200))
    context: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The text of the last rendering (filled when a try renders it, for the organiser page and debugging);
    # a row without a template is sent with exactly these.
    subject: Mapped[str] = mapped_column(String(300), default="")
    text_body: Mapped[str] = mapped_column(Text, default="")
    html_body: Mapped[str] = mapped_column(Text, default="")
    # An iCalendar invite sent as an inline text/calendar part (METHOD: REQUEST, CANCEL or PUBLISH):
    # ``calendar_method`` says which kind the renderer builds from the context at delivery; ``calendar``
    # holds text given when queued (or the last rendered invite).
    calendar: Mapped[str | None] = mapped_column(Text)
    calendar_method: Mapped[str | None] = mapped_column(String(10))
    # Text shown as a QR code image inside the HTML part (a check-in link); the PNG is made when sending.
    qr_code_text: Mapped[str | None] = mapped_column(String(500))
    # Extra header lines given when queued, e.g. List-Unsubscribe (RFC 8058) on follow mails; NULL: none.
    headers: Mapped[dict[str, str] | None] = mapped_column(JSON)
    # For mails to people who asked to be forgotten: once sent, address, context and text are wiped.
    erase_after_sending: Mapped[bool] = mapped_column(default=False)
    status: Mapped[OutboxStatus] = mapped_column(
        value_enum(OutboxStatus, length=10),
        default=OutboxStatus.QUEUED,
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # After a failed try the worker waits until then (backing off); NULL = due now. ``flush`` ignores it.
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A flusher claims a row by writing its token and a lease end in one conditional UPDATE, so two
    # flushers never send the same row; a crashed flusher's lease simply runs out.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"), index=True)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.status.value}>"
