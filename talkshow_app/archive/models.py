"""Knowledge outputs, their files, review comments and the audit trail of the editorial board."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import UTCDateTime, utcnow, value_enum
from ..extensions import Model
from .kinds import OutputState, OutputType

if TYPE_CHECKING:
    from ..accounts.models import User
    from ..images.models import StoredImage
    from ..labs.models import Lab
    from ..matching.models import Question
    from ..series.models import Organisation, Speaker, Talkshow, Theme

DEFAULT_LICENCE = "CC BY 4.0"


def _link(name: str, column: str, target: str) -> Table:
    return Table(
        name,
        Model.metadata,
        Column("output_id", ForeignKey("knowledge_outputs.id", ondelete="CASCADE"), primary_key=True),
        Column(column, ForeignKey(f"{target}.id", ondelete="CASCADE"), primary_key=True, index=True),
    )


output_speakers = _link("knowledge_output_speakers", "speaker_id", "speakers")
output_organisations = _link("knowledge_output_organisations", "organisation_id", "organisations")
output_talkshows = _link("knowledge_output_talkshows", "talkshow_id", "talkshows")
output_themes = _link("knowledge_output_themes", "theme_id", "themes")
output_labs = _link("knowledge_output_labs", "lab_id", "labs")
output_questions = _link("knowledge_output_questions", "question_id", "questions")


class KnowledgeOutput(Model):
    __tablename__ = "knowledge_outputs"
    __table_args__ = (
        Index("ix_knowledge_outputs_state_published_on", "state", "published_on"),
        Index("ix_knowledge_outputs_state_published_at", "state", "published_at"),
        # Covers the facet counts (id, type and date of every public output) without reading the wide rows.
        Index("ix_knowledge_outputs_facets", "state", "output_type", "published_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    output_type: Mapped[OutputType] = mapped_column(value_enum(OutputType))
    abstract: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown; rendered and sanitised on display
    language: Mapped[str] = mapped_column(String(8), default="nl")
    licence: Mapped[str] = mapped_column(String(60), default=DEFAULT_LICENCE)
    # Recordings and large media live elsewhere (video platform, repository); we link or embed them.
    media_url: Mapped[str] = mapped_column(String(500), default="")
    transcript_url: Mapped[str] = mapped_column(String(500), default="")
    state: Mapped[OutputState] = mapped_column(value_enum(OutputState), default=OutputState.DRAFT)
    # The date the output carries (a report of March, published in the archive in April).
    published_on: Mapped[date | None] = mapped_column(Date)
    # When it first became public: the feed and the open data sort on this.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Names of authors, themes, talkshows and labs, so a search for them finds the output.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    image_id: Mapped[int | None] = mapped_column(ForeignKey("images.id", ondelete="SET NULL"), index=True)

    speakers: Mapped[list[Speaker]] = relationship(secondary=output_speakers, order_by="Speaker.name")
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=output_organisations, order_by="Organisation.name"
    )
    talkshows: Mapped[list[Talkshow]] = relationship(secondary=output_talkshows, order_by="Talkshow.starts_at")
    themes: Mapped[list[Theme]] = relationship(secondary=output_themes, order_by="Theme.name")
    labs: Mapped[list[Lab]] = relationship(secondary=output_labs, order_by="Lab.name")
    questions: Mapped[list[Question]] = relationship(secondary=output_questions, order_by="Question.title")
    files: Mapped[list[OutputFile]] = relationship(
        back_populates="output", cascade="all, delete-orphan", order_by="OutputFile.id"
    )
    comments: Mapped[list[ReviewComment]] = relationship(
        back_populates="output", cascade="all, delete-orphan", order_by="ReviewComment.created_at"
    )
    audit_entries: Mapped[list[AuditEntry]] = relationship(
        back_populates="output", cascade="all, delete-orphan", order_by="AuditEntry.id.desc()"
    )
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    image: Mapped[StoredImage | None] = relationship()

    @property
    def is_public(self) -> bool:
        return self.state == OutputState.PUBLISHED

    @property
    def year(self) -> int | None:
        return self.published_on.year if self.published_on else None

    def __repr__(self) -> str:
        return f"<KnowledgeOutput {self.slug} {self.state}>"


class OutputFile(Model):
    """An uploaded file: shown under the name people gave it, stored under a random one."""

    __tablename__ = "knowledge_output_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    output_id: Mapped[int] = mapped_column(ForeignKey("knowledge_outputs.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    alt_text: Mapped[str] = mapped_column(String(500), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    output: Mapped[KnowledgeOutput] = relationship(back_populates="files")

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ReviewComment(Model):
    __tablename__ = "knowledge_output_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    output_id: Mapped[int] = mapped_column(ForeignKey("knowledge_outputs.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    output: Mapped[KnowledgeOutput] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()


class AuditEntry(Model):
    """Who changed what and when; never edited, only added."""

    __tablename__ = "knowledge_output_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    output_id: Mapped[int] = mapped_column(ForeignKey("knowledge_outputs.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    output: Mapped[KnowledgeOutput] = relationship(back_populates="audit_entries")
    actor: Mapped[User | None] = relationship()
