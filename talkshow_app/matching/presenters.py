"""Every JSON shape matching hands out: the open data of a question's matches and the map's markers."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

from ..api import schemas
from ..urls import public_url
from .labels import STATE_LABELS
from .map import question_markers
from .matches import MatchResult
from .models import Offer, Question
from .overview import Overview
from .reasons import reason_texts


def _unit(score: float) -> float:
    """A score as the open data promises it: 0..1, three decimals."""
    return round(min(max(float(score), 0.0), 1.0), 3)


def matches_json(result: MatchResult) -> schemas.Matches:
    """The ranked matches and teams of a public question, best first (``/api/questions/<slug>/matches``)."""
    return schemas.Matches(
        matches=[
            schemas.MatchItem(
                kind=cast(schemas.MatchKind, m.kind),
                slug=m.slug,
                title=m.candidate.title,
                score=_unit(m.score),
                reasons=reason_texts(m.reasons),
            )
            for m in result.matches
        ],
        teams=[
            schemas.Team(members=t.slugs, disciplines_covered=list(t.disciplines_covered), score=_unit(t.score))
            for t in result.teams
        ],
    )


def question_json(question: Question) -> schemas.Question:
    """One public question in /api/questions: never who asked it or how to reach them."""
    return schemas.Question(
        slug=question.slug,
        title=question.title,
        description=question.description,
        state=question.state.value,
        theme=schemas.ThemeRef(slug=question.theme.slug, name=question.theme.name),
        stadsdeel=question.stadsdeel or None,
        disciplines=[d.name for d in question.disciplines],
        help_kind=question.help_kind.value,
        starts_on=question.starts_on,
        deadline=question.deadline,
        url=public_url("matching.question", slug=question.slug),
        matches_url=public_url("matching.api_matches", slug=question.slug),
    )


def offer_json(offer: Offer) -> schemas.Offer:
    """One offer in /api/offers: what it is and when, never its contact person."""
    return schemas.Offer(
        slug=offer.slug,
        title=offer.title,
        kind=offer.kind.value,
        institution=offer.institution.name,
        programme=offer.programme,
        level=offer.level.value,
        description=offer.description,
        period_start=offer.period_start,
        period_end=offer.period_end,
        capacity=offer.capacity,
        capacity_unit=offer.capacity_unit.value,
        available=offer.is_available,
        lab=offer.lab.slug if offer.lab else None,
        themes=[t.slug for t in offer.themes],
        disciplines=[d.name for d in offer.disciplines],
        stadsdelen=list(offer.preferred_stadsdelen),
    )


def lab_marker(lab: Any, url: str) -> dict[str, Any]:
    """A lab (a model or a row with its name, stadsdeel and location) as a marker."""
    return {
        "kind": "lab",
        "title": lab.name,
        "url": url,
        "lat": lab.latitude,
        "lng": lab.longitude,
        "label": lab.stadsdeel,
    }


def overview_markers(view: Overview, question_url: Callable[[Question], str]) -> list[dict[str, Any]]:
    """The questions on the map of /matching, at their stadsdeel's centre (never an address)."""
    questions = question_markers(
        (w.question.title, question_url(w.question), w.question.stadsdeel, str(STATE_LABELS[w.question.state]))
        for w in view.questions
    )
    return [m.as_dict() for m in questions]


def map_lab_markers(labs: Iterable[Any], lab_url: Callable[[Any], str]) -> list[dict[str, Any]]:
    """The labs on the map of /matching, where they are (``/matching/labs.json``)."""
    return [lab_marker(lab, lab_url(lab)) for lab in labs if lab.latitude is not None and lab.longitude is not None]
