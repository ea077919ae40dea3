"""What waits for someone in the organiser area: counts for the board's panel.

One constant SQL statement (scalar subqueries), whatever the number of rows; each count is shown
only to people who may act on it (the route that does the work, ``navigation.may_open``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from ..archive.kinds import OutputState
from ..archive.models import KnowledgeOutput
from ..domain import Actor
from ..extensions import db
from ..labs.freshness import stale_before
from ..labs.models import Lab, LabStatus
from ..mailing.models import OutboxMessage, OutboxStatus
from ..matching.models import Question, QuestionState
from ..proposals.models import Proposal
from .navigation import may_open


@dataclass(frozen=True)
class Counts:
    questions_to_moderate: int
    outputs_in_review: int
    stale_labs: int
    failed_mail: int
    proposals_waiting: int


def counts(today: date) -> Counts:
    """Every count in one statement."""
    row = db.session.execute(
        select(
            select(func.count(Question.id)).where(Question.state == QuestionState.SUBMITTED).scalar_subquery(),
            select(func.count(KnowledgeOutput.id))
            .where(KnowledgeOutput.state == OutputState.IN_REVIEW)
            .scalar_subquery(),
            select(func.count(Lab.id))
            .where(
                Lab.status == LabStatus.ACTIVE,
                or_(Lab.last_checked_on.is_(None), Lab.last_checked_on < stale_before(today)),
            )
            .scalar_subquery(),
            select(func.count(OutboxMessage.id)).where(OutboxMessage.status == OutboxStatus.FAILED).scalar_subquery(),
            # A proposal from outside waits while its output is still a draft nobody has taken up.
            select(func.count(Proposal.id))
            .join(KnowledgeOutput, KnowledgeOutput.id == Proposal.output_id)
            .where(KnowledgeOutput.state == OutputState.DRAFT)
            .scalar_subquery(),
        )
    ).one()
    return Counts(*(int(value or 0) for value in row))


@dataclass(frozen=True)
class Waiting:
    key: str
    count: int
    label: Any
    href: str


def waiting_for(user: Actor | None, today: date) -> list[Waiting]:
    """The counts this person can act on (zero counts included, so the panel also says "nothing waits")."""
    found = counts(today)
    # (key, count, label, where to look, the route that does the work)
    rows: tuple[tuple[str, int, Any, tuple[str, dict[str, Any]], str], ...] = (
        (
            "questions",
            found.questions_to_moderate,
            _l("Questions to moderate"),
            ("matching_manage.questions", {"state": QuestionState.SUBMITTED.value}),
            "matching_manage.change_state",
        ),
        (
            "review",
            found.outputs_in_review,
            _l("Outputs in review"),
            ("archive.manage_board", {"state": OutputState.IN_REVIEW.value}),
            "archive.manage_transition",
        ),
        (
            "proposals",
            found.proposals_waiting,
            _l("Archive proposals waiting"),
            ("archive.manage_board", {"state": OutputState.DRAFT.value}),
            "archive.manage_edit",
        ),
        ("labs", found.stale_labs, _l("Labs to check again"), ("labs_manage.index", {}), "labs_manage.checked"),
        ("mail", found.failed_mail, _l("Mails that failed"), ("mailing_manage.index", {}), "mailing_manage.retry"),
    )
    return [
        Waiting(key, count, label, url_for(target, **values))
        for key, count, label, (target, values), action in rows
        if may_open(user, target) and may_open(user, action)
    ]
