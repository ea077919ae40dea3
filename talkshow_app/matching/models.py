"""Questions from the city, education and research offers, and the matches organisers confirm."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow, value_enum
from ..extensions import Model
from ..labs.models import Discipline, Lab
from ..series.models import Organisation, Talkshow, Theme

if TYPE_CHECKING:
    from ..accounts.models import User


class AskerKind(enum.StrEnum):
    RESIDENT = "resident"
    ORGANISATION = "organisation"
    MUNICIPALITY = "municipality"


class HelpKind(enum.StrEnum):
    RESEARCH = "research"
    STUDENT_PROJECT = "student_project"
    DESIGN = "design"
    ADVICE = "advice"


class QuestionState(enum.StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    MATCHED = "matched"
    IN_PROGRESS = "in_progress"
    DONE = "done"


# What the public may see: everything a moderator has let through.
PUBLIC_STATES = (QuestionState.ACCEPTED, QuestionState.MATCHED, QuestionState.IN_PROGRESS, QuestionState.DONE)
# Still looking for someone to take it on.
OPEN_STATES = (QuestionState.ACCEPTED,)


class OfferKind(enum.StrEnum):
    COURSE = "course"
    MINOR = "minor"
    THESIS_TRACK = "thesis_track"
    INTERNSHIP = "internship"
    RESEARCH_GROUP = "research_group"
    LAB_CAPACITY = "lab_capacity"


class Level(enum.StrEnum):
    MBO = "mbo"
    HBO_BACHELOR = "hbo_bachelor"
    HBO_MASTER = "hbo_master"
    WO_BACHELOR = "wo_bachelor"
    WO_MASTER = "wo_master"
    RESEARCH = "research"  # staff researchers, PhD candidates


class CapacityUnit(enum.StrEnum):
    TEAMS = "teams"
    STUDENTS = "students"


def _link_table(left: str, right: str) -> Table:
    """A many-to-many table ``<left>_<right>s`` of ``<left>_id`` and ``<right>_id``, gone with either row."""
    return Table(
        f"{left}_{right}s",
        Model.metadata,
        Column(f"{left}_id", ForeignKey(f"{left}s.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{right}_id", ForeignKey(f"{right}s.id", ondelete="CASCADE"), primary_key=True),
    )


question_disciplines = _link_table("question", "discipline")
offer_disciplines = _link_table("offer", "discipline")
offer_themes = _link_table("offer", "theme")
offer_talkshows = _link_table("offer", "talkshow")


class Question(Model):
    """A question from a resident, organisation or municipal department, in their own words.

    The contact fields are for organisers only: never rendered on public pages or in JSON.
    """

    __tablename__ = "questions"
    __table_args__ = (
        CheckConstraint("deadline IS NULL OR starts_on IS NULL OR deadline >= starts_on", name="deadline_after_start"),
        Index("ix_questions_state_created_at", "state", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    asker_kind: Mapped[AskerKind] = mapped_column(value_enum(AskerKind))
    asker_organisation: Mapped[str] = mapped_column(String(160), default="")
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="RESTRICT"), index=True)
    # One of labs.places.STADSDELEN, or "" for a city-wide question.
    stadsdeel: Mapped[str] = mapped_column(String(40), default="", index=True)
    wijk: Mapped[str] = mapped_column(String(80), default="")
    help_kind: Mapped[HelpKind] = mapped_column(value_enum(HelpKind))
    starts_on: Mapped[date | None] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date)
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str] = mapped_column(String(254))
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    language: Mapped[str] = mapped_column(String(5), default="nl")  # the asker's language, for mails
    state: Mapped[QuestionState] = mapped_column(value_enum(QuestionState), default=QuestionState.SUBMITTED)
    rejection_reason: Mapped[str] = mapped_column(Text, default="")
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    theme: Mapped[Theme] = relationship()
    disciplines: Mapped[list[Discipline]] = relationship(secondary=question_disciplines, order_by=Discipline.name)
    moderated_by: Mapped[User | None] = relationship()
    matches: Mapped[list[Match]] = relationship(
        back_populates="question", cascade="all, delete-orphan", order_by="Match.confirmed_at"
    )

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def is_city_wide(self) -> bool:
        return not self.stadsdeel

    def __repr__(self) -> str:
        return f"<Question {self.slug} {self.state}>"


class PreferredStadsdeel(Model):
    """A stadsdeel an offer prefers to work in (none at all: the whole city)."""

    __tablename__ = "offer_stadsdelen"

    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True)
    stadsdeel: Mapped[str] = mapped_column(String(40), primary_key=True)

    offer: Mapped[Offer] = relationship(back_populates="preferred_places")


class Offer(Model):
    """What a partner institution can bring to questions: a course, minor, thesis track, … with capacity."""

    __tablename__ = "offers"
    __table_args__ = (
        CheckConstraint("period_end >= period_start", name="period_end_after_start"),
        CheckConstraint("capacity >= 0", name="capacity_not_negative"),
        CheckConstraint("remaining_capacity >= 0 AND remaining_capacity <= capacity", name="remaining_within_capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[OfferKind] = mapped_column(value_enum(OfferKind))
    institution_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="RESTRICT"), index=True)
    programme: Mapped[str] = mapped_column(String(160))
    level: Mapped[Level] = mapped_column(value_enum(Level))
    description: Mapped[str] = mapped_column(Text, default="")
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    capacity: Mapped[int] = mapped_column(default=1)
    capacity_unit: Mapped[CapacityUnit] = mapped_column(value_enum(CapacityUnit), default=CapacityUnit.TEAMS)
    remaining_capacity: Mapped[int] = mapped_column(default=1)
    # Organisers may close an offer before it is full (the programme changed, the term is planned).
    is_open: Mapped[bool] = mapped_column(default=True)
    contact_name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str] = mapped_column(String(254))
    lab_id: Mapped[int | None] = mapped_column(ForeignKey("labs.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    institution: Mapped[Organisation] = relationship()
    lab: Mapped[Lab | None] = relationship()
    disciplines: Mapped[list[Discipline]] = relationship(secondary=offer_disciplines, order_by=Discipline.name)
    themes: Mapped[list[Theme]] = relationship(secondary=offer_themes, order_by=(Theme.position, Theme.name))
    talkshows: Mapped[list[Talkshow]] = relationship(secondary=offer_talkshows, order_by=Talkshow.starts_at)
    preferred_places: Mapped[list[PreferredStadsdeel]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", order_by=PreferredStadsdeel.stadsdeel
    )
    matches: Mapped[list[Match]] = relationship(back_populates="offer")

    @property
    def preferred_stadsdelen(self) -> list[str]:
        return [p.stadsdeel for p in self.preferred_places]

    @property
    def is_full(self) -> bool:
        return self.remaining_capacity <= 0

    @property
    def is_available(self) -> bool:
        return self.is_open and not self.is_full

    def __repr__(self) -> str:
        return f"<Offer {self.slug}>"


class Match(Model):
    """A match an organiser confirmed: the question goes to this offer or lab.

    ``reasons`` keeps the structured reasons at the moment of confirming (code, fits, values),
    so the record says why, even after the offer changes.
    """

    __tablename__ = "matches"
    __table_args__ = (
        CheckConstraint("(offer_id IS NULL) <> (lab_id IS NULL)", name="offer_or_lab"),
        CheckConstraint("score >= 0 AND score <= 1", name="score_in_range"),
        UniqueConstraint("question_id", "offer_id", name="uq_matches_question_offer"),
        UniqueConstraint("question_id", "lab_id", name="uq_matches_question_lab"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="RESTRICT"), index=True)
    lab_id: Mapped[int | None] = mapped_column(ForeignKey("labs.id", ondelete="RESTRICT"), index=True)
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    question: Mapped[Question] = relationship(back_populates="matches")
    offer: Mapped[Offer | None] = relationship(back_populates="matches")
    lab: Mapped[Lab | None] = relationship()
    confirmed_by: Mapped[User | None] = relationship()

    @property
    def kind(self) -> str:
        return "offer" if self.offer_id is not None else "lab"

    @property
    def target_title(self) -> str:
        if self.offer is not None:
            return self.offer.title
        return self.lab.name if self.lab is not None else ""

    def __repr__(self) -> str:
        return f"<Match q={self.question_id} offer={self.offer_id} lab={self.lab_id}>"


class MatchCandidate(Model):
    """One kept candidate of a public question's stored ranking (see ``ranking`` and ``candidate_scores``).

    Kept up to date in the transaction that changes the question, offer or lab, so pages read the
    best candidates with one ORDER BY instead of scoring every offer and lab on each request.
    """

    __tablename__ = "match_candidates"
    __table_args__ = (
        CheckConstraint("(offer_id IS NULL) <> (lab_id IS NULL)", name="offer_or_lab"),
        UniqueConstraint("question_id", "offer_id", name="uq_match_candidates_question_offer"),
        UniqueConstraint("question_id", "lab_id", name="uq_match_candidates_question_lab"),
        Index("ix_match_candidates_ranking", "question_id", "score", "slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"))
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    lab_id: Mapped[int | None] = mapped_column(ForeignKey("labs.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # "offer" | "lab"
    slug: Mapped[str] = mapped_column(String(120))  # the candidate's slug: the ranking's tie-break
    score: Mapped[float] = mapped_column(Float)
    available: Mapped[bool] = mapped_column(default=True)


class MatchRanking(Model):
    """A public question's stored ranking: how full its two kept prefixes are and their last scores.

    A question without this row has no stored ranking (not public, or not scored yet): it is ranked live.
    """

    __tablename__ = "match_rankings"

    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    count_best: Mapped[int] = mapped_column(default=0)
    floor_best: Mapped[float] = mapped_column(Float, default=0.0)
    count_available: Mapped[int] = mapped_column(default=0)
    floor_available: Mapped[float] = mapped_column(Float, default=0.0)
