"""Every JSON shape matching hands out: the open data of a question's matches and the map's markers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..labs.models import Lab
from .labels import STATE_LABELS
from .map import question_markers
from .matches import MatchResult
from .models import Question
from .overview import Overview
from .reasons import reason_texts


def matches_json(result: MatchResult) -> dict[str, Any]:
    """The ranked matches and teams of a public question, best first (``/api/questions/<slug>/matches``)."""
    return {
        "matches": [
            {
                "kind": m.kind,
                "slug": m.slug,
                "title": m.candidate.title,
                "score": round(m.score, 3),
                "reasons": reason_texts(m.reasons),
            }
            for m in result.matches
        ],
        "teams": [
            {"members": t.slugs, "disciplines_covered": list(t.disciplines_covered), "score": round(t.score, 3)}
            for t in result.teams
        ],
    }


def lab_marker(lab: Lab, url: str) -> dict[str, Any]:
    return {
        "kind": "lab",
        "title": lab.name,
        "url": url,
        "lat": lab.latitude,
        "lng": lab.longitude,
        "label": lab.stadsdeel,
    }


def overview_markers(
    view: Overview, question_url: Callable[[Question], str], lab_url: Callable[[Lab], str]
) -> list[dict[str, Any]]:
    """The map of /matching: questions at their stadsdeel's centre (never an address), labs where they are."""
    questions = question_markers(
        (w.question.title, question_url(w.question), w.question.stadsdeel, str(STATE_LABELS[w.question.state]))
        for w in view.questions
    )
    labs = [
        lab_marker(lab, lab_url(lab)) for lab in view.labs if lab.latitude is not None and lab.longitude is not None
    ]
    return [m.as_dict() for m in questions] + labs
