"""A teacher's block of seats at one talkshow, and which registrations joined it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, and_, func, select
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, utcnow
from ..extensions import Model


class ClassBlock(Model):
    """Seats held for a class; the talkshow's ``seats_taken`` counts the seats nobody joined yet (``held``)."""

    __tablename__ = "class_blocks"

    id: Mapped[int] = mapped_column(primary_key=True)
    talkshow_id: Mapped[int] = mapped_column(ForeignKey("talkshows.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the teacher's secret link and of the students' join link.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    join_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    course: Mapped[str] = mapped_column(String(160))
    institution: Mapped[str] = mapped_column(String(160))
    # Seats held (or asked for, on the waiting list); at most this many students join.
    seats: Mapped[int] = mapped_column(default=0)
    joined: Mapped[int] = mapped_column(default=0)
    # The students of a block on the waiting list each join the talkshow's line; it holds no seats.
    waitlisted: Mapped[bool] = mapped_column(default=False)
    teacher_name: Mapped[str] = mapped_column(String(120))
    teacher_email: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8), default="nl")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the teacher was told that the seats nobody joined go back soon, and when they went.
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def held(self) -> int:
        """Seats this block still keeps from the public."""
        if self.waitlisted or self.released_at is not None:
            return 0
        return max(0, self.seats - self.joined)


class ClassMember(Model):
    """A student's registration that took a place in a block."""

    __tablename__ = "class_members"

    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True)
    block_id: Mapped[int] = mapped_column(ForeignKey("class_blocks.id", ondelete="CASCADE"), index=True)


def held_seats(talkshow_id: Any) -> Any:
    """SELECT of the sum of seats the talkshow's blocks hold (part of ``seats_taken``); correlate it."""
    return select(func.coalesce(func.sum(ClassBlock.seats - ClassBlock.joined), 0)).where(
        and_(
            ClassBlock.talkshow_id == talkshow_id,
            ClassBlock.waitlisted.is_(False),
            ClassBlock.released_at.is_(None),
        )
    )
