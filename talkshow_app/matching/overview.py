"""The /matching page: demand beside supply, per theme and per stadsdeel, and who still waits."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..labs.models import Lab
from ..labs.places import STADSDELEN
from ..timezones import local_today
from . import scoring
from .choices import themes
from .matches import load_candidates, need_of
from .models import OPEN_STATES, PUBLIC_STATES, Match, Question
from .questions import CITY_WIDE, state_order


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
class WaitingQuestion:
    question: Question
    best: scoring.Match | None  # open questions: the best available, relevant candidate

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
    questions: list[WaitingQuestion]  # unmatched (open) first, then the rest
    labs: list[Lab]
    offers_total: int


def _public_questions() -> list[Question]:
    query = (
        select(Question)
        .where(Question.state.in_(PUBLIC_STATES))
        .options(
            selectinload(Question.theme),
            selectinload(Question.disciplines),
            selectinload(Question.matches).options(selectinload(Match.offer), selectinload(Match.lab)),
        )
        .order_by(state_order(), Question.created_at, Question.id)
    )
    return list(db.session.scalars(query))


def overview(today: date | None = None) -> Overview:
    """Counts per theme and per stadsdeel, every public question with its best candidate, and the
    labs for the map; a fixed number of queries whatever the number of questions and offers."""
    questions = _public_questions()
    candidates = load_candidates(today or local_today())
    available_offers = [o for o in candidates.offers.values() if o.is_available]
    labs_list = list(candidates.labs.values())

    open_questions = [q for q in questions if q.state in OPEN_STATES]
    theme_demand = Counter(q.theme_id for q in open_questions)
    theme_offers = Counter(t.id for o in available_offers for t in o.themes)
    theme_labs = Counter(t.id for lab in labs_list for t in lab.themes)
    by_theme = [SupplyRow(t.slug, t.name, theme_demand[t.id], theme_offers[t.id], theme_labs[t.id]) for t in themes()]

    place_demand = Counter(q.stadsdeel for q in open_questions)
    place_offers = Counter(s for o in available_offers for s in o.preferred_stadsdelen)
    place_labs = Counter(lab.stadsdeel for lab in labs_list if lab.stadsdeel)
    by_stadsdeel = [SupplyRow(s, s, place_demand[s], place_offers[s], place_labs[s]) for s in STADSDELEN]
    city_wide = SupplyRow(
        CITY_WIDE, "", place_demand[""], sum(1 for o in available_offers if not o.preferred_stadsdelen), 0
    )

    # Only open questions still look for someone; the pool scores just the candidates sharing a
    # theme or discipline, so the overview stays fast with many questions and offers.
    pool = scoring.Pool(candidates.all())
    waiting = [
        WaitingQuestion(q, scoring.best_available(need_of(q), pool) if q.state in OPEN_STATES else None)
        for q in questions
    ]
    return Overview(
        by_theme=by_theme,
        by_stadsdeel=by_stadsdeel,
        city_wide=city_wide,
        questions=waiting,
        labs=labs_list,
        offers_total=len(available_offers),
    )
