"""What other features' pages show of matching: a talkshow's open questions and offers, a lab's questions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..series.models import Talkshow
from .models import OPEN_STATES, PUBLIC_STATES, Match, Offer, Question


@dataclass(frozen=True)
class TalkshowLinks:
    open_questions: list[Question]
    offers: list[Offer]


def talkshow_links(talkshow_id: int, theme_id: int, limit: int = 5) -> TalkshowLinks:
    """Open questions of the talkshow's theme (to take into the curriculum) and the offers whose
    students attend this talkshow; three queries."""
    questions = list(
        db.session.scalars(
            select(Question)
            .where(Question.theme_id == theme_id, Question.state.in_(OPEN_STATES))
            .order_by(Question.created_at.desc(), Question.id.desc())
            .limit(limit)
        )
    )
    offers = list(
        db.session.scalars(
            select(Offer)
            .where(Offer.talkshows.any(Talkshow.id == talkshow_id))
            .options(selectinload(Offer.institution))
            .order_by(Offer.title)
        )
    )
    return TalkshowLinks(questions, offers)


def lab_questions(lab_id: int) -> list[Question]:
    """Public questions matched to the lab itself or to an offer that runs in it; one query."""
    query = (
        select(Question)
        .where(
            Question.state.in_(PUBLIC_STATES),
            Question.matches.any(or_(Match.lab_id == lab_id, Match.offer.has(Offer.lab_id == lab_id))),
        )
        .order_by(Question.created_at.desc(), Question.id.desc())
    )
    return list(db.session.scalars(query))
