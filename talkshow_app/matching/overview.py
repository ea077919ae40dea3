"""The /matching page: demand beside supply, per theme and per stadsdeel, and who still waits; its map's labs.

Counts come from GROUP BYs in SQL, the best fit of each listed open question from its stored ranking
(``candidate_scores``), so the page costs the same number of queries and nearly the same time however
many questions, offers and labs there are. The list shows the first ``QUESTIONS_SHOWN`` questions
(open first); /questions lists them all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, exists, func, literal, select, union_all
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..labs.models import Lab, LabStatus, lab_themes
from ..labs.places import STADSDELEN
from ..timezones import local_today
from . import ranking, scoring
from .choices import themes
from .matches import load_candidates, need_of
from .models import (
    OPEN_STATES,
    PUBLIC_STATES,
    Match,
    MatchCandidate,
    MatchRanking,
    Offer,
    PreferredStadsdeel,
    Question,
    offer_themes,
)
from .questions import CITY_WIDE

QUESTIONS_SHOWN = 50


@dataclass(frozen=True)
class SupplyRow:
    key: str
    label: str
    open_questions: int
    offers: int
    labs: int

    @property
    def waiting_without_offer(self) -> bool:
        """Open questions here, and no open offer for them (labs are listed beside, not counted)."""
        return self.open_questions > 0 and self.offers == 0


@dataclass(frozen=True)
class BestFit:
    """The best available, relevant candidate of an open question, as the list shows it."""

    kind: str
    slug: str
    title: str
    score: float

    @classmethod
    def of(cls, match: scoring.Match | None) -> BestFit | None:
        return None if match is None else cls(match.kind, match.slug, match.candidate.title, match.score)


@dataclass(frozen=True)
class WaitingQuestion:
    question: Question
    best: BestFit | None  # open questions only

    @property
    def is_open(self) -> bool:
        return self.question.state in OPEN_STATES

    @property
    def without_offer(self) -> bool:
        return self.is_open and self.best is None


@dataclass(frozen=True)
class Overview:
    by_theme: list[SupplyRow]
    by_stadsdeel: list[SupplyRow]
    city_wide: SupplyRow
    questions: list[WaitingQuestion]  # the first QUESTIONS_SHOWN: unmatched (open) first, then the rest
    offers_total: int
    questions_total: int = 0


def _shown_questions() -> list[Question]:
    """The first QUESTIONS_SHOWN public questions, open first: one LIMITed query per state on the
    (state, created_at) index, so the cost does not grow with the number of questions."""
    firsts = [
        select(Question.id, literal(position).label("position"), Question.created_at)
        .where(Question.state == state)
        .order_by(Question.created_at, Question.id)
        .limit(QUESTIONS_SHOWN)
        .subquery()
        for position, state in enumerate(PUBLIC_STATES)
    ]
    picked = union_all(*(select(first.c.id, first.c.position, first.c.created_at) for first in firsts)).subquery()
    order = {
        question_id: index
        for index, (question_id,) in enumerate(
            db.session.execute(
                select(picked.c.id).order_by(picked.c.position, picked.c.created_at, picked.c.id).limit(QUESTIONS_SHOWN)
            )
        )
    }
    query = (
        select(Question)
        .where(Question.id.in_(order))
        .options(
            selectinload(Question.theme),
            selectinload(Question.disciplines),
            selectinload(Question.matches).options(selectinload(Match.offer), selectinload(Match.lab)),
        )
    )
    return sorted(db.session.scalars(query), key=lambda q: order[q.id])


def _counts(query: Any) -> Counter[Any]:
    return Counter(dict(db.session.execute(query).all()))


def _best_stored(questions: list[Question], today: date) -> tuple[dict[int, BestFit | None], list[Question]]:
    """The best available candidate of each open question from its stored ranking, and the questions
    whose ranking cannot tell (none stored, or its best kept ones ended since while it is full)."""
    open_ids = [q.id for q in questions if q.state in OPEN_STATES]
    fills = dict(
        db.session.execute(
            select(MatchRanking.question_id, MatchRanking.count_best).where(MatchRanking.question_id.in_(open_ids))
        ).all()
    )
    rows = db.session.execute(
        select(
            MatchCandidate.question_id,
            MatchCandidate.kind,
            MatchCandidate.slug,
            MatchCandidate.score,
            Offer.title,
            Offer.is_open,
            Offer.period_end,
            Lab.name,
            Lab.status,
        )
        .outerjoin(Offer, Offer.id == MatchCandidate.offer_id)
        .outerjoin(Lab, Lab.id == MatchCandidate.lab_id)
        .where(MatchCandidate.question_id.in_(open_ids), MatchCandidate.available.is_(True))
        .order_by(MatchCandidate.question_id, MatchCandidate.score.desc(), MatchCandidate.slug, MatchCandidate.kind)
    ).all()
    firsts: dict[int, BestFit] = {}
    stale: set[int] = set()
    for question_id, kind, slug, value, title, is_open, period_end, name, status in rows:
        if question_id in firsts:
            continue
        if kind == "offer" and is_open and period_end >= today:
            firsts[question_id] = BestFit(kind, slug, title, value)
        elif kind == "lab" and status == LabStatus.ACTIVE:
            firsts[question_id] = BestFit(kind, slug, name, value)
        else:
            stale.add(question_id)  # ended or closed since it was scored
    best: dict[int, BestFit | None] = {}
    live = []
    for question in questions:
        if question.id not in open_ids:
            continue
        if question.id not in fills or (question.id in stale and fills[question.id] >= ranking.KEEP_BEST):
            live.append(question)
        else:
            best[question.id] = firsts.get(question.id)
    return best, live


def overview(today: date | None = None) -> Overview:
    """Counts per theme and per stadsdeel, the first public questions with their best candidate, and the
    labs for the map; a fixed number of queries whatever the number of questions and offers."""
    today = today or local_today()
    questions = _shown_questions()
    is_open = Question.state.in_(OPEN_STATES)
    offer_free = and_(Offer.is_open.is_(True), Offer.remaining_capacity > 0, Offer.period_end >= today)
    lab_active = Lab.status == LabStatus.ACTIVE

    theme_demand = _counts(select(Question.theme_id, func.count()).where(is_open).group_by(Question.theme_id))
    theme_offers = _counts(
        select(offer_themes.c.theme_id, func.count())
        .join(Offer, Offer.id == offer_themes.c.offer_id)
        .where(offer_free)
        .group_by(offer_themes.c.theme_id)
    )
    theme_labs = _counts(
        select(lab_themes.c.theme_id, func.count())
        .join(Lab, Lab.id == lab_themes.c.lab_id)
        .where(lab_active)
        .group_by(lab_themes.c.theme_id)
    )
    by_theme = [SupplyRow(t.slug, t.name, theme_demand[t.id], theme_offers[t.id], theme_labs[t.id]) for t in themes()]

    place_demand = _counts(select(Question.stadsdeel, func.count()).where(is_open).group_by(Question.stadsdeel))
    place_offers = _counts(
        select(PreferredStadsdeel.stadsdeel, func.count())
        .join(Offer, Offer.id == PreferredStadsdeel.offer_id)
        .where(offer_free)
        .group_by(PreferredStadsdeel.stadsdeel)
    )
    place_labs = _counts(
        select(Lab.stadsdeel, func.count()).where(lab_active, Lab.stadsdeel != "").group_by(Lab.stadsdeel)
    )
    by_stadsdeel = [SupplyRow(s, s, place_demand[s], place_offers[s], place_labs[s]) for s in STADSDELEN]
    anywhere = ~exists().where(PreferredStadsdeel.offer_id == Offer.id)
    offers_total, city_wide_offers, questions_total = db.session.execute(
        select(
            select(func.count()).select_from(Offer).where(offer_free).scalar_subquery(),
            select(func.count()).select_from(Offer).where(offer_free, anywhere).scalar_subquery(),
            select(func.count()).select_from(Question).where(Question.state.in_(PUBLIC_STATES)).scalar_subquery(),
        )
    ).one()
    city_wide = SupplyRow(CITY_WIDE, "", place_demand[""], city_wide_offers, 0)

    best, live = _best_stored(questions, today)
    if live:  # not ranked yet (just after the upgrade) or stale by date: score these few live
        pool = scoring.Pool(load_candidates(today).all())
        best.update({q.id: BestFit.of(scoring.best_available(need_of(q), pool)) for q in live})
    return Overview(
        by_theme=by_theme,
        by_stadsdeel=by_stadsdeel,
        city_wide=city_wide,
        questions=[WaitingQuestion(q, best.get(q.id)) for q in questions],
        offers_total=offers_total,
        questions_total=questions_total,
    )


def map_labs() -> list[Any]:
    """The active labs with a location, for the map of /matching: plain rows of slug, name, stadsdeel,
    latitude and longitude (not ORM objects). Served apart from the page (``/matching/labs.json``), so
    the page's cost does not grow with the number of labs and the map's data is cached on its own."""
    return list(
        db.session.execute(
            select(Lab.slug, Lab.name, Lab.stadsdeel, Lab.latitude, Lab.longitude)
            .where(Lab.status == LabStatus.ACTIVE, Lab.latitude.is_not(None), Lab.longitude.is_not(None))
            .order_by(Lab.slug)
        )
    )
