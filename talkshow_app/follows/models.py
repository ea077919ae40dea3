"""Followers (an address and what it follows), publication events and the items a follower is owed.

A publish writes ONE ``PublicationEvent`` row in its own transaction, whatever the number of
followers (``events``); ``sending`` later fans it out into ``FollowItem`` rows with one
INSERT … SELECT and groups a follower's items into one mail.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow, value_enum
from ..extensions import Model
from ..series.models import Theme


class Frequency(enum.StrEnum):
    DIRECT = "direct"  # at most one mail a day, an hour after the first publication in it
    WEEKLY = "weekly"  # one digest a week


class SubjectKind(enum.StrEnum):
    TALKSHOW = "talkshow"
    OUTPUT = "output"


class Follower(Model):
    __tablename__ = "followers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # normalised, lower case
    language: Mapped[str] = mapped_column(String(8), default="nl")
    # The secret link: derived from ``link_key`` with the app's secret key (``tokens``), so every mail can
    # carry it again; only its hash is looked up, a leaked database alone gives no working link.
    link_key: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    everything: Mapped[bool] = mapped_column(default=False)
    frequency: Mapped[Frequency] = mapped_column(value_enum(Frequency, 10), default=Frequency.DIRECT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # NULL until the link in the confirmation mail is used; renewed by the follower, purged a year after.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # The last confirmation or "already following" mail: another is not sent within the throttle.
    link_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    themes: Mapped[list[Theme]] = relationship(secondary="follower_themes", order_by=(Theme.position, Theme.name))
    stadsdelen: Mapped[list[FollowerStadsdeel]] = relationship(
        cascade="all, delete-orphan", order_by="FollowerStadsdeel.stadsdeel"
    )

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def stadsdeel_names(self) -> list[str]:
        return [s.stadsdeel for s in self.stadsdelen]

    def __repr__(self) -> str:
        return f"<Follower {self.id}>"


class FollowerTheme(Model):
    __tablename__ = "follower_themes"

    follower_id: Mapped[int] = mapped_column(ForeignKey("followers.id", ondelete="CASCADE"), primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True, index=True)


class FollowerStadsdeel(Model):
    __tablename__ = "follower_stadsdelen"

    follower_id: Mapped[int] = mapped_column(ForeignKey("followers.id", ondelete="CASCADE"), primary_key=True)
    stadsdeel: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)  # one of labs.places.STADSDELEN


class PublicationEvent(Model):
    """A talkshow or an output went public; fanned out to followers by ``flask follows send``."""

    __tablename__ = "publication_events"
    __table_args__ = (Index("ix_publication_events_fanned_out_at", "fanned_out_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SubjectKind] = mapped_column(value_enum(SubjectKind, 10))
    subject_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    fanned_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FollowItem(Model):
    """One publication a follower is told about, once: mailed (``mailed_at``) in one grouped mail."""

    __tablename__ = "follow_items"
    __table_args__ = (
        UniqueConstraint("follower_id", "kind", "subject_id", name="uq_follow_items_once"),
        Index("ix_follow_items_pending", "mailed_at", "follower_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    follower_id: Mapped[int] = mapped_column(ForeignKey("followers.id", ondelete="CASCADE"))
    kind: Mapped[SubjectKind] = mapped_column(value_enum(SubjectKind, 10))
    subject_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
