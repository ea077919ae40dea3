from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow, value_enum
from ..extensions import Model

if TYPE_CHECKING:
    from ..images.models import StoredImage
    from ..labs.models import Lab


class TalkshowStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class SpeakerPart(enum.StrEnum):
    HOST = "host"
    GUEST = "guest"
    RESEARCHER = "researcher"
    STUDENT = "student"
    RESIDENT = "resident"


class Theme(Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(7), default="#1d4f91")
    is_core: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    talkshows: Mapped[list[Talkshow]] = relationship(back_populates="theme")

    def display_name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name

    def __repr__(self) -> str:
        return f"<Theme {self.slug}>"


class Organisation(Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    short_name: Mapped[str] = mapped_column(String(40), default="")
    website: Mapped[str] = mapped_column(String(255), default="")
    is_partner: Mapped[bool] = mapped_column(default=False)

    speakers: Mapped[list[Speaker]] = relationship(back_populates="organisation")

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class Venue(Model):
    __tablename__ = "venues"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    address: Mapped[str] = mapped_column(String(255))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]

    talkshows: Mapped[list[Talkshow]] = relationship(back_populates="venue")

    def __repr__(self) -> str:
        return f"<Venue {self.slug}>"


class Speaker(Model):
    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role_title: Mapped[str] = mapped_column(String(160), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"), index=True)
    bio: Mapped[str] = mapped_column(Text, default="")
    # An uploaded, re-encoded photo (talkshow_app/images); external photo addresses are not used (the CSP blocks them).
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("images.id", ondelete="SET NULL"), index=True)

    organisation: Mapped[Organisation | None] = relationship(back_populates="speakers")
    photo: Mapped[StoredImage | None] = relationship()
    appearances: Mapped[list[TalkshowSpeaker]] = relationship(back_populates="speaker", cascade="all, delete-orphan")
    # The link table belongs to the labs feature (labs build on the series, not the other way round).
    labs: Mapped[list[Lab]] = relationship(secondary="speaker_labs", back_populates="speakers", order_by="Lab.name")

    def __repr__(self) -> str:
        return f"<Speaker {self.slug}>"


class Talkshow(Model):
    __tablename__ = "talkshows"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        Index("ix_talkshows_status_starts_at", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="RESTRICT"), index=True)
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id", ondelete="SET NULL"), index=True)
    capacity: Mapped[int] = mapped_column(default=0)
    # Confirmed and waiting registrations, exact in every transaction (registrations/counter.py).
    seats_taken: Mapped[int] = mapped_column(default=0, server_default="0")
    waitlist_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Classes (talkshow_app/classes): the largest block one teacher may book (0: none), and how many
    # hours before the start the seats nobody in a block took return to the public.
    class_max: Mapped[int] = mapped_column(default=30, server_default="30")
    class_release_hours: Mapped[int] = mapped_column(default=48, server_default="48")
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    livestream_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[TalkshowStatus] = mapped_column(value_enum(TalkshowStatus), default=TalkshowStatus.DRAFT)
    # Rises with every change of time, venue or status, so calendars replace their copy.
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What the organiser told the registrants when calling it off (shown in the cancellation mail).
    cancellation_reason: Mapped[str | None] = mapped_column(Text)
    image_id: Mapped[int | None] = mapped_column(ForeignKey("images.id", ondelete="SET NULL"), index=True)

    theme: Mapped[Theme] = relationship(back_populates="talkshows")
    image: Mapped[StoredImage | None] = relationship()
    venue: Mapped[Venue | None] = relationship(back_populates="talkshows")
    speaker_links: Mapped[list[TalkshowSpeaker]] = relationship(
        back_populates="talkshow", cascade="all, delete-orphan", order_by="TalkshowSpeaker.position"
    )

    @property
    def is_published(self) -> bool:
        return self.status == TalkshowStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == TalkshowStatus.CANCELLED

    def __repr__(self) -> str:
        return f"<Talkshow {self.slug}>"


class TalkshowSpeaker(Model):
    """A speaker's part in one talkshow (host, guest, …), in the order they are introduced."""

    __tablename__ = "talkshow_speakers"
    __table_args__ = (UniqueConstraint("talkshow_id", "speaker_id", name="uq_talkshow_speakers_pair"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    talkshow_id: Mapped[int] = mapped_column(ForeignKey("talkshows.id", ondelete="CASCADE"), index=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), index=True)
    part: Mapped[SpeakerPart] = mapped_column(value_enum(SpeakerPart), default=SpeakerPart.GUEST)
    position: Mapped[int] = mapped_column(default=0)

    talkshow: Mapped[Talkshow] = relationship(back_populates="speaker_links")
    speaker: Mapped[Speaker] = relationship(back_populates="appearances")
