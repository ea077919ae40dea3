"""Who proposed an output from outside the editorial board: personal data, never shown publicly."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, utcnow
from ..extensions import Model


class Proposal(Model):
    """The output itself is an ordinary draft on the editors' board; this row says it came from outside, from whom."""

    __tablename__ = "archive_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    output_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_outputs.id", ondelete="CASCADE"), unique=True, index=True
    )
    proposer_name: Mapped[str] = mapped_column(String(120))
    proposer_email: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(8), default="nl")
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Published: the proposer was told, and their name and address are removed at once.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
