"""Demo questions from the city and offers of the four partners, so every matching page shows something real.

Fictional askers (contacts only @example.org), real partner institutions, programmes and
stadsdelen. Idempotent: questions and offers are looked up by slug and never changed once
there; dates are placed relative to the day of the first load. Runs after the series and labs
loaders (it uses their themes, partners, disciplines, labs and talkshows when present).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..database import utcnow
from ..extensions import db
from ..labs.models import Discipline, Lab
from ..series.models import Organisation, Talkshow, Theme
from ..timezones import local_today
from .demo_data import HHS, INHOLLAND, LEIDEN, OFFERS, QUESTIONS
from .matches import candidate_of, need_of
from .models import (
    Match,
    Offer,
    PreferredStadsdeel,
    Question,
    QuestionState,
)
from .scoring import score


def _by_slug(model, slug: str):
    return db.session.scalar(select(model).where(model.slug == slug))


def _index(model) -> dict:
    return {item.slug: item for item in db.session.scalars(select(model))}


def load(today: date | None = None) -> int:
    """Add whatever demo offers and questions are missing; returns how many objects were created."""
    today = today or local_today()
    themes, disciplines = _index(Theme), _index(Discipline)
    organisations, labs, talkshows = _index(Organisation), _index(Lab), _index(Talkshow)
    if not all(slug in organisations for slug in (HHS, INHOLLAND, LEIDEN)) or not themes:
        return 0  # the series demo (partners, themes) was not loaded
    created = 0

    offers: dict[str, Offer] = {}
    for slug, facts in OFFERS.items():
        offer = _by_slug(Offer, slug)
        if offer is None:
            start, end = facts["period"]
            contact_name, contact_email = facts["contact"]
            offer = Offer(
                slug=slug,
                title=facts["title"],
                kind=facts["kind"],
                institution=organisations[facts["institution"]],
                programme=facts["programme"],
                level=facts["level"],
                description=facts["description"],
                period_start=today + timedelta(days=start),
                period_end=today + timedelta(days=end),
                capacity=facts["capacity"],
                remaining_capacity=facts["remaining"],
                capacity_unit=facts["unit"],
                contact_name=contact_name,
                contact_email=contact_email,
                lab=labs.get(facts["lab"]) if facts["lab"] else None,
                disciplines=[disciplines[d] for d in facts["disciplines"] if d in disciplines],
                themes=[themes[t] for t in facts["themes"] if t in themes],
                talkshows=[talkshows[t] for t in facts["talkshows"] if t in talkshows],
                preferred_places=[PreferredStadsdeel(stadsdeel=s) for s in facts["stadsdelen"]],
            )
            db.session.add(offer)
            created += 1
        offers[slug] = offer

    for slug, facts in QUESTIONS.items():
        if _by_slug(Question, slug) is not None:
            continue
        contact_name, contact_email = facts["contact"]
        window = facts["window"]
        moderated = facts["state"] != QuestionState.SUBMITTED
        question = Question(
            slug=slug,
            title=facts["title"],
            description=facts["description"],
            asker_kind=facts["asker"],
            asker_organisation=facts["organisation"],
            theme=themes[facts["theme"]],
            stadsdeel=facts["stadsdeel"],
            wijk=facts["wijk"],
            help_kind=facts["help"],
            starts_on=today + timedelta(days=window[0]) if window else None,
            deadline=today + timedelta(days=window[1]) if window else None,
            contact_name=contact_name,
            contact_email=contact_email,
            state=facts["state"],
            rejection_reason=facts.get("rejection", ""),
            moderated_at=utcnow() if moderated else None,
            disciplines=[disciplines[d] for d in facts["disciplines"] if d in disciplines],
        )
        db.session.add(question)
        created += 1
        for kind, target_slug in facts.get("matched", []):
            target = offers.get(target_slug) if kind == "offer" else labs.get(target_slug)
            if target is None:
                continue
            db.session.add(_demo_match(question, target))
            created += 1
    db.session.commit()
    return created


def _demo_match(question: Question, target: Offer | Lab) -> Match:
    """A confirmed match as an organiser would have made it (score and reasons kept); no mail.

    The demo offers' remaining capacity already counts these matches.
    """
    scored = score(need_of(question), candidate_of(target))
    return Match(
        question=question,
        offer=target if isinstance(target, Offer) else None,
        lab=target if isinstance(target, Lab) else None,
        score=scored.score,
        reasons=[reason.as_stored() for reason in scored.reasons],
        confirmed_at=utcnow(),
    )
