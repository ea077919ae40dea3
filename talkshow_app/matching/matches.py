"""Ranked matches for a question, and an organiser confirming one.

Reading loads everything in a fixed number of queries and hands plain values to the pure
``scoring`` module. Confirming stores the match with its score and reasons, takes a place of
the offer and queues the e-mails to both contacts, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..accounts.models import Role, User
from ..database import transaction, utcnow
from ..domain import require_role
from ..extensions import db
from ..labs.models import Lab, LabStatus
from ..mailing.models import OutboxMessage
from ..mailing.services import deliver, queue_mail
from ..site import Site
from ..timezones import local_today
from . import scoring
from .candidate_scores import mark_offer_changed, stored_candidates
from .errors import AlreadyMatched, CandidateGone, InvalidTransition, NotFound, OfferFull
from .mails import MATCH_CONFIRMED
from .models import PUBLIC_STATES, Match, Offer, Question, QuestionState
from .questions import public_question, question_query

MAX_MATCHES_SHOWN = 10
CONFIRMABLE_STATES = (QuestionState.ACCEPTED, QuestionState.MATCHED, QuestionState.IN_PROGRESS)


# --- from rows to the plain values scoring works on -------------------------------------------------


def need_of(question: Question) -> scoring.Need:
    return scoring.Need(
        theme=question.theme.slug,
        theme_name=question.theme.name,
        disciplines=frozenset(d.name for d in question.disciplines),
        stadsdeel=question.stadsdeel or None,
        wijk=question.wijk or None,
        starts_on=question.starts_on,
        deadline=question.deadline,
    )


def offer_candidate(offer: Offer) -> scoring.Candidate:
    wijken = frozenset({offer.lab.wijk}) if offer.lab is not None and offer.lab.wijk else frozenset()
    return scoring.Candidate(
        kind="offer",
        slug=offer.slug,
        title=offer.title,
        institutions=frozenset({offer.institution.name}),
        themes=frozenset(t.slug for t in offer.themes),
        disciplines=frozenset(d.name for d in offer.disciplines),
        stadsdelen=frozenset(offer.preferred_stadsdelen),
        wijken=wijken,
        period_start=offer.period_start,
        period_end=offer.period_end,
        remaining=offer.remaining_capacity,
    )


def lab_candidate(lab: Lab) -> scoring.Candidate:
    return scoring.Candidate(
        kind="lab",
        slug=lab.slug,
        title=lab.name,
        institutions=frozenset(p.name for p in lab.partners),
        themes=frozenset(t.slug for t in lab.themes),
        disciplines=frozenset(d.name for d in lab.disciplines),
        stadsdelen=frozenset({lab.stadsdeel}) if lab.stadsdeel else frozenset(),
        wijken=frozenset({lab.wijk}) if lab.wijk else frozenset(),
    )


def candidate_of(target: Offer | Lab) -> scoring.Candidate:
    return offer_candidate(target) if isinstance(target, Offer) else lab_candidate(target)


def _candidate_offers(today: date) -> list[Offer]:
    """Open offers whose period has not ended (full ones too: shown, marked full)."""
    query = (
        select(Offer)
        .where(Offer.is_open.is_(True), Offer.period_end >= today)
        .options(
            selectinload(Offer.institution),
            selectinload(Offer.themes),
            selectinload(Offer.disciplines),
            selectinload(Offer.preferred_places),
            selectinload(Offer.lab),
        )
        .order_by(Offer.slug)
    )
    return list(db.session.scalars(query))


def _candidate_labs() -> list[Lab]:
    query = (
        select(Lab)
        .where(Lab.status == LabStatus.ACTIVE)
        .options(selectinload(Lab.partners), selectinload(Lab.themes), selectinload(Lab.disciplines))
        .order_by(Lab.slug)
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class Candidates:
    offers: dict[str, Offer]
    labs: dict[str, Lab]

    def all(self) -> list[scoring.Candidate]:
        return [offer_candidate(o) for o in self.offers.values()] + [lab_candidate(lab) for lab in self.labs.values()]

    def target(self, kind: str, slug: str) -> Offer | Lab | None:
        return self.offers.get(slug) if kind == "offer" else self.labs.get(slug) if kind == "lab" else None


def load_candidates(today: date | None = None) -> Candidates:
    today = today or local_today()
    return Candidates(
        offers={o.slug: o for o in _candidate_offers(today)},
        labs={lab.slug: lab for lab in _candidate_labs()},
    )


# --- ranking --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchResult:
    question: Question
    matches: list[scoring.Match]
    teams: list[scoring.Team]
    candidates: Candidates
    confirmed: set[tuple[str, str]] = field(default_factory=set)  # (kind, slug) already confirmed

    def is_confirmed(self, match: scoring.Match) -> bool:
        return (match.kind, match.slug) in self.confirmed


def _confirmed_keys(question: Question) -> set[tuple[str, str]]:
    keys = set()
    for match in question.matches:
        if match.offer is not None:
            keys.add(("offer", match.offer.slug))
        elif match.lab is not None:
            keys.add(("lab", match.lab.slug))
    return keys


def rank_question(question: Question, candidates: Candidates, limit: int | None = MAX_MATCHES_SHOWN) -> MatchResult:
    need = need_of(question)
    ranked = scoring.rank(need, candidates.all())
    return MatchResult(
        question=question,
        matches=ranked[:limit] if limit else ranked,
        teams=scoring.teams(need, ranked),
        candidates=candidates,
        confirmed=_confirmed_keys(question),
    )


def matches_for(question_id: int, *, public: bool = False, today: date | None = None) -> MatchResult:
    """Ranked matches and teams for a question, in a fixed number of queries whatever the data size."""
    query = question_query().where(Question.id == question_id)
    if public:
        query = query.where(Question.state.in_(PUBLIC_STATES))
    question = db.session.scalar(query)
    if question is None:
        raise NotFound(str(question_id))
    return rank_question(question, ranked_candidates(question.id, today))


def public_matches(slug: str, today: date | None = None) -> MatchResult:
    question = public_question(slug)
    return rank_question(question, ranked_candidates(question.id, today))


def ranked_candidates(question_id: int, today: date | None = None) -> Candidates:
    """The question's kept candidates from its stored ranking (see ``candidate_scores``): the same
    ranking as scoring every candidate, in a fixed number of queries; every candidate when the question
    has no stored ranking (not public, not scored yet) or the stored one went stale by date."""
    today = today or local_today()
    stored = stored_candidates(db.session, question_id, today) if today == local_today() else None
    if stored is None:
        return load_candidates(today)
    offers, labs = stored
    return Candidates(offers=offers, labs=labs)


# --- confirming -----------------------------------------------------------------------------------


def confirm_match(
    question_id: int, *, kind: str, slug: str, actor: User | None, site: Site, today: date | None = None
) -> Match:
    """An organiser confirms: the match is stored with its score and reasons, the question becomes
    matched, an offer's remaining capacity goes down by one (refused when it is full), and the
    asker and the offer's (or lab's) contact each get an e-mail, queued in the same transaction.
    """
    require_role(actor, Role.ORGANISER)
    try:
        with transaction():
            match, messages = _confirm(question_id, kind, slug, actor, site, today)  # type: ignore[arg-type]
    except IntegrityError as error:
        # Another organiser confirmed the same pair a moment earlier (unique question+offer/lab).
        raise AlreadyMatched() from error
    deliver([m.id for m in messages])
    return match


def _confirm(
    question_id: int, kind: str, slug: str, actor: User, site: Site, today: date | None
) -> tuple[Match, list[OutboxMessage]]:
    question = db.session.scalar(question_query().where(Question.id == question_id))
    if question is None:
        raise NotFound(str(question_id))
    if kind not in ("offer", "lab"):
        raise CandidateGone()
    if question.state not in CONFIRMABLE_STATES:
        raise InvalidTransition()
    if (kind, slug) in _confirmed_keys(question):
        raise AlreadyMatched()
    target = load_candidates(today).target(kind, slug)
    if target is None:
        raise CandidateGone()
    scored = scoring.score(need_of(question), candidate_of(target))
    if isinstance(target, Offer):
        _take_a_place(target)
        mark_offer_changed(db.session, target.id)  # its room changed by a bulk UPDATE the session does not see
    match = Match(
        question=question,
        offer=target if isinstance(target, Offer) else None,
        lab=target if isinstance(target, Lab) else None,
        score=scored.score,
        reasons=[reason.as_stored() for reason in scored.reasons],
        confirmed_by_id=actor.id,
        confirmed_at=utcnow(),
    )
    db.session.add(match)
    if question.state == QuestionState.ACCEPTED:
        question.state = QuestionState.MATCHED
    return match, _queue_match_mails(question, target, site)


def _take_a_place(offer: Offer) -> None:
    """One conditional UPDATE: two organisers confirming at once cannot take the last place twice."""
    taken = db.session.execute(
        update(Offer)
        .where(Offer.id == offer.id, Offer.is_open.is_(True), Offer.remaining_capacity > 0)
        .values(remaining_capacity=Offer.remaining_capacity - 1)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]  # an UPDATE's CursorResult
    if taken != 1:
        raise OfferFull()
    db.session.refresh(offer, ["remaining_capacity"])


def _queue_match_mails(question: Question, target: Offer | Lab, site: Site) -> list[OutboxMessage]:
    """Only what to send is stored here (plain values); ``mails`` renders it when it is sent."""
    if isinstance(target, Offer):
        target_title, partner = target.title, target.institution.name
        target_path = None
    else:
        target_title, partner = target.name, ", ".join(p.name for p in target.partners)
        target_path = f"/labs/{target.slug}"  # a path from shared/CONTRACT.md, made absolute on the Site when sent
    db.session.flush()  # the context names the question by its id
    context = {
        "question_id": question.id,
        "target_title": target_title,
        "target_partner": partner,
        "target_path": target_path,
        "target_contact_name": target.contact_name,
        "target_contact_email": target.contact_email,
    }
    messages = [
        queue_mail(
            to=question.contact_email,
            template=MATCH_CONFIRMED,
            language=question.language,
            context=dict(context, recipient="asker"),
            site=site,
        )
    ]
    if target.contact_email:
        messages.append(
            queue_mail(
                to=target.contact_email,
                template=MATCH_CONFIRMED,
                language="nl",
                context=dict(context, recipient="offer"),
                site=site,
            )
        )
    db.session.flush()
    return messages
