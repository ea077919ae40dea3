"""Evaluations after a talkshow: who was asked (per registration) and what was answered (per talkshow only).

The two tables are deliberately not linked: ``EvaluationInvitation`` remembers, per registration,
that the mail went out and that an answer was given (so each person answers once), while
``EvaluationAnswer`` holds the score and the text with only the talkshow and the day, so an
answer cannot be traced back to a name.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime
from ..extensions import Model

SCORES = (1, 2, 3, 4, 5)
MAX_ACTION_LENGTH = 1000


class EvaluationInvitation(Model):
    """One per registration: the evaluation mail was queued (``mailed_at``) and/or it was answered."""

    __tablename__ = "evaluation_invitations"

    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True)
    talkshow_id: Mapped[int] = mapped_column(ForeignKey("talkshows.id", ondelete="CASCADE"), index=True)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class EvaluationAnswer(Model):
    """An anonymous answer: a 1-5 score and "what will you do with it?", linked to the talkshow only."""

    __tablename__ = "evaluation_answers"
    __table_args__ = (CheckConstraint("score >= 1 AND score <= 5", name="score_1_to_5"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    talkshow_id: Mapped[int] = mapped_column(ForeignKey("talkshows.id", ondelete="CASCADE"), index=True)
    score: Mapped[int]
    action: Mapped[str] = mapped_column(Text, default="")
    # The day only: a time to the second could be matched with the invitation's ``answered_at``.
    answered_on: Mapped[date] = mapped_column(Date)
