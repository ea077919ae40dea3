"""A registration: one person's seat (or place in line) at one talkshow."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow, value_enum
from ..extensions import Model

if TYPE_CHECKING:
    from ..series.models import Talkshow


class RegistrationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class Affiliation(enum.StrEnum):
    STUDENT = "student"
    DOCENT = "docent"
    ONDERZOEKER = "onderzoeker"
    BEWONER = "bewoner"
    GEMEENTE = "gemeente"
    ONDERNEMER = "ondernemer"
    ANDERS = "anders"


class Registration(Model):
    __tablename__ = "registrations"
    __table_args__ = (
        # One registration per e-mail address per talkshow; NULL once the personal data is purged.
        UniqueConstraint("talkshow_id", "email_key", name="uq_registrations_talkshow_email"),
        Index("ix_registrations_talkshow_status", "talkshow_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    talkshow_id: Mapped[int] = mapped_column(ForeignKey("talkshows.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    # The address lower-cased: the key for "same person registers twice".
    email_key: Mapped[str | None] = mapped_column(String(254))
    affiliation: Mapped[Affiliation | None] = mapped_column(value_enum(Affiliation))
    organisation: Mapped[str] = mapped_column(String(160), default="")
    accessibility_needs: Mapped[str] = mapped_column(String(500), default="")
    # The language the person registered in: every later mail speaks it.
    language: Mapped[str] = mapped_column(String(8), default="nl")
    # active_history: the talkshow's seat counter needs the old status even when it was not loaded.
    status: Mapped[RegistrationStatus] = mapped_column(value_enum(RegistrationStatus), active_history=True)
    # SHA-256 of the secret link's token; the token itself is only ever in the registrant's mail.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # What the QR code in the confirmation mail carries; it only works for logged-in organisers.
    checkin_code: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # The moment the person joined the queue: the waiting list is served in this order.
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    talkshow: Mapped[Talkshow] = relationship()

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def __repr__(self) -> str:
        return f"<Registration {self.id} {self.status.value}>"
