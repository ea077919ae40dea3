"""Use cases of matching: questions from the city, offers, ranked matches, confirming a match.

Services take plain arguments (the acting user, a Site when mail goes out), own the transaction
and raise a MatchingError the view turns into a message. Reading pages load everything in a
fixed number of queries and hand plain values to the pure ``scoring`` module.
"""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..database import utcnow
from ..extensions import db
from ..labs.models import Discipline, Lab, LabStatus
from ..labs.places import STADSDELEN, is_stadsdeel, stadsdeel_from_slug
from ..series.models import Organisation, Talkshow, Theme
from ..site import Site
from ..slugs import unique_slug
from . import scoring
from .models import (
    OPEN_STATES,
    PUBLIC_STATES,
    AskerKind,
    CapacityUnit,
    HelpKind,
    Level,
    Match,
    Offer,
    OfferKind,
    PreferredStadsdeel,
    Question,
    QuestionState,
)
from .wording import reasons_for_storage

log = logging.getLogger(__name__)

MAX_MATCHES_SHOWN = 10


class MatchingError(Exception):
    """A use case refused; the message says why in words for the organiser or visitor."""


class NotFound(MatchingError, LookupError):
    """No such question, offer or lab (or not for this audience)."""


class InvalidTransition(MatchingError):
    """The question cannot go to that state from where it is."""


class OfferFull(MatchingError):
    """The offer has no capacity left or is closed."""


class AlreadyMatched(MatchingError):
    """This question is already matched to that offer or lab."""


class OfferInUse(MatchingError):
    """The offer has confirmed matches and cannot be deleted; close it instead."""


# Which state may follow which, by hand (matching itself moves accepted → matched).
TRANSITIONS: dict[QuestionState, tuple[QuestionState, ...]] = {
    QuestionState.SUBMITTED: (QuestionState.ACCEPTED, QuestionState.REJECTED),
    QuestionState.ACCEPTED: (QuestionState.REJECTED,),
    QuestionState.REJECTED: (QuestionState.ACCEPTED,),
    QuestionState.MATCHED: (QuestionState.IN_PROGRESS, QuestionState.DONE),
    QuestionState.IN_PROGRESS: (QuestionState.DONE,),
    QuestionState.DONE: (QuestionState.IN_PROGRESS,),
}
CONFIRMABLE_STATES = (QuestionState.ACCEPTED, QuestionState.MATCHED, QuestionState.IN_PROGRESS)


# --- questions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionInput:
    title: str
    description: str
    asker_kind: AskerKind
    theme_id: int
    help_kind: HelpKind
    contact_name: str
    contact_email: str
    asker_organisation: str = ""
    stadsdeel: str = ""  # "" is city-wide
    wijk: str = ""
    discipline_ids: tuple[int, ...] = ()
    starts_on: date | None = None
    deadline: date | None = None
    contact_phone: str = ""
    language: str = "nl"


RESERVED_SLUGS = frozenset({"new"})  # /questions/new is the form, never a question


def _slug_taken(model) -> Callable[[str], bool]:
    return lambda candidate: candidate in RESERVED_SLUGS or (
        db.session.scalar(select(model.id).where(model.slug == candidate)) is not None
    )


def _disciplines(ids: Iterable[int]) -> list[Discipline]:
    ids = sorted(set(ids))
    if not ids:
        return []
    found = list(db.session.scalars(select(Discipline).where(Discipline.id.in_(ids))))
    if len(found) != len(ids):
        raise MatchingError("unknown discipline")
    return found


def submit_question(data: QuestionInput, attempts: int = 3) -> Question:
    """A visitor's question, stored as submitted: it shows nowhere until a moderator accepts it.

    Two visitors sending the same title at once may pick the same free slug; the loser retries.
    """
    for attempt in range(attempts):
        try:
            return _store_question(data)
        except IntegrityError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _store_question(data: QuestionInput) -> Question:
    if data.stadsdeel and not is_stadsdeel(data.stadsdeel):
        raise MatchingError("unknown stadsdeel")
    if data.starts_on and data.deadline and data.deadline < data.starts_on:
        raise MatchingError("deadline before start")
    if db.session.get(Theme, data.theme_id) is None:
        raise MatchingError("unknown theme")
    try:
        question = Question(
            slug=unique_slug(data.title, _slug_taken(Question), max_length=100),
            title=data.title.strip(),
            description=data.description.strip(),
            asker_kind=data.asker_kind,
            asker_organisation=data.asker_organisation.strip(),
            theme_id=data.theme_id,
            stadsdeel=data.stadsdeel,
            wijk=data.wijk.strip() if data.stadsdeel else "",
            help_kind=data.help_kind,
            starts_on=data.starts_on,
            deadline=data.deadline,
            contact_name=data.contact_name.strip(),
            contact_email=data.contact_email.strip(),
            contact_phone=data.contact_phone.strip(),
            language=data.language if data.language in ("nl", "en") else "nl",
            state=QuestionState.SUBMITTED,
            disciplines=_disciplines(data.discipline_ids),
        )
        db.session.add(question)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return question


def _question_for_update(question_id: int) -> Question:
    question = db.session.scalar(select(Question).where(Question.id == question_id).with_for_update())
    if question is None:
        raise NotFound(str(question_id))
    return question


def change_state(question_id: int, state: QuestionState, *, actor: User, reason: str = "") -> Question:
    """Moderate (accept, reject with a reason) or move a matched question along (in progress, done)."""
    question = _question_for_update(question_id)
    if state not in TRANSITIONS.get(question.state, ()):
        db.session.rollback()
        raise InvalidTransition(f"{question.state.value} → {state.value}")
    if state == QuestionState.REJECTED:
        if not reason.strip():
            db.session.rollback()
            raise MatchingError("a rejection needs a reason")
        question.rejection_reason = reason.strip()
    elif state == QuestionState.ACCEPTED:
        question.rejection_reason = ""
    if state in (QuestionState.ACCEPTED, QuestionState.REJECTED):
        question.moderated_by_id = actor.id
        question.moderated_at = utcnow()
    question.state = state
    db.session.commit()
    return question


def accept_question(question_id: int, *, actor: User) -> Question:
    return change_state(question_id, QuestionState.ACCEPTED, actor=actor)


def reject_question(question_id: int, *, actor: User, reason: str) -> Question:
    return change_state(question_id, QuestionState.REJECTED, actor=actor, reason=reason)


def _question_query() -> Select:
    return select(Question).options(
        selectinload(Question.theme),
        selectinload(Question.disciplines),
        selectinload(Question.matches).options(
            selectinload(Match.offer).selectinload(Offer.institution),
            selectinload(Match.lab),
        ),
    )


def public_question(slug: str) -> Question:
    question = db.session.scalar(_question_query().where(Question.slug == slug, Question.state.in_(PUBLIC_STATES)))
    if question is None:
        raise NotFound(slug)
    return question


def question_for_organiser(question_id: int) -> Question:
    question = db.session.scalar(_question_query().where(Question.id == question_id))
    if question is None:
        raise NotFound(str(question_id))
    return question


@dataclass(frozen=True)
class QuestionFilters:
    theme: str | None = None
    stadsdeel: str | None = None  # a stadsdeel name, or CITY_WIDE
    state: QuestionState | None = None

    def query_args(self) -> dict[str, str]:
        from ..labs.places import stadsdeel_slug

        args = {}
        if self.theme:
            args["theme"] = self.theme
        if self.stadsdeel:
            args["stadsdeel"] = CITY_WIDE if self.stadsdeel == CITY_WIDE else stadsdeel_slug(self.stadsdeel)
        if self.state:
            args["state"] = self.state.value
        return args


CITY_WIDE = "stad"


@dataclass(frozen=True)
class ParsedFilters:
    filters: QuestionFilters
    invalid: tuple[str, ...] = ()


def parse_question_filters(args) -> ParsedFilters:
    """Filters from the URL; unknown values are named (the view answers 400), never guessed."""
    invalid: list[str] = []
    theme = (args.get("theme") or "").strip() or None
    if theme and db.session.scalar(select(Theme.id).where(Theme.slug == theme)) is None:
        invalid.append("theme")
        theme = None
    raw_place = (args.get("stadsdeel") or "").strip()
    stadsdeel: str | None = None
    if raw_place:
        stadsdeel = CITY_WIDE if raw_place == CITY_WIDE else stadsdeel_from_slug(raw_place)
        if stadsdeel is None:
            invalid.append("stadsdeel")
    raw_state = (args.get("state") or "").strip()
    state = None
    if raw_state:
        try:
            state = QuestionState(raw_state)
        except ValueError:
            state = None
        if state not in PUBLIC_STATES:
            invalid.append("state")
            state = None
    return ParsedFilters(QuestionFilters(theme=theme, stadsdeel=stadsdeel, state=state), tuple(invalid))


def _state_order():
    """Open questions first, then matched, in progress and done."""
    from sqlalchemy import case

    return case({s.value: i for i, s in enumerate(PUBLIC_STATES)}, value=Question.state, else_=len(PUBLIC_STATES))


def public_questions(filters: QuestionFilters) -> list[Question]:
    query = select(Question).where(Question.state.in_(PUBLIC_STATES)).options(
        selectinload(Question.theme), selectinload(Question.disciplines)
    )
    if filters.theme:
        query = query.join(Question.theme).where(Theme.slug == filters.theme)
    if filters.stadsdeel == CITY_WIDE:
        query = query.where(Question.stadsdeel == "")
    elif filters.stadsdeel:
        query = query.where(Question.stadsdeel == filters.stadsdeel)
    if filters.state:
        query = query.where(Question.state == filters.state)
    return list(db.session.scalars(query.order_by(_state_order(), Question.created_at.desc(), Question.id.desc())))


def questions_for_organiser(state: QuestionState | None = None) -> list[Question]:
    """Submitted questions first (they wait for moderation), newest first within a state."""
    order = [QuestionState.SUBMITTED, QuestionState.ACCEPTED, QuestionState.MATCHED, QuestionState.IN_PROGRESS,
             QuestionState.DONE, QuestionState.REJECTED]
    from sqlalchemy import case

    query = select(Question).options(selectinload(Question.theme))
    if state is not None:
        query = query.where(Question.state == state)
    query = query.order_by(case({s.value: i for i, s in enumerate(order)}, value=Question.state), Question.created_at.desc())
    return list(db.session.scalars(query))


# --- matching -------------------------------------------------------------------------------------


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
    today = today or date.today()
    return Candidates(
        offers={o.slug: o for o in _candidate_offers(today)},
        labs={lab.slug: lab for lab in _candidate_labs()},
    )


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
    query = _question_query().where(Question.id == question_id)
    if public:
        query = query.where(Question.state.in_(PUBLIC_STATES))
    question = db.session.scalar(query)
    if question is None:
        raise NotFound(str(question_id))
    return rank_question(question, load_candidates(today))


def public_matches(slug: str, today: date | None = None) -> MatchResult:
    return rank_question(public_question(slug), load_candidates(today))


def confirm_match(question_id: int, *, kind: str, slug: str, actor: User, site: Site, today: date | None = None) -> Match:
    """An organiser confirms: the match is stored with its score and reasons, the question becomes
    matched, an offer's remaining capacity goes down by one (refused when it is full), and the
    asker and the offer's (or lab's) contact each get an e-mail, queued in the same transaction.
    """
    from ..mailing.services import deliver, queue_mail

    if kind not in ("offer", "lab"):
        raise NotFound(kind)
    question = db.session.scalar(_question_query().where(Question.id == question_id))
    if question is None:
        raise NotFound(str(question_id))
    if question.state not in CONFIRMABLE_STATES:
        raise InvalidTransition(question.state.value)
    if (kind, slug) in _confirmed_keys(question):
        raise AlreadyMatched(slug)
    candidates = load_candidates(today)
    target = candidates.target(kind, slug)
    if target is None:
        raise NotFound(slug)
    need = need_of(question)
    scored = scoring.score(need, offer_candidate(target) if isinstance(target, Offer) else lab_candidate(target))
    try:
        if isinstance(target, Offer):
            # One conditional UPDATE: two organisers confirming at once cannot take the last place twice.
            taken = db.session.execute(
                update(Offer)
                .where(Offer.id == target.id, Offer.is_open.is_(True), Offer.remaining_capacity > 0)
                .values(remaining_capacity=Offer.remaining_capacity - 1)
                .execution_options(synchronize_session=False)
            ).rowcount
            if taken != 1:
                raise OfferFull(slug)
            db.session.refresh(target, ["remaining_capacity"])
        match = Match(
            question=question,
            offer=target if isinstance(target, Offer) else None,
            lab=target if isinstance(target, Lab) else None,
            score=scored.score,
            reasons=reasons_for_storage(scored.reasons),
            confirmed_by_id=actor.id,
            confirmed_at=utcnow(),
        )
        db.session.add(match)
        if question.state == QuestionState.ACCEPTED:
            question.state = QuestionState.MATCHED
        messages = _queue_match_mails(question, target, site, queue_mail)
        db.session.commit()
    except IntegrityError as error:
        # Another organiser confirmed the same pair a moment earlier (unique question+offer/lab).
        db.session.rollback()
        raise AlreadyMatched(slug) from error
    except Exception:
        db.session.rollback()
        raise
    deliver([m.id for m in messages])
    return match


def _queue_match_mails(question: Question, target: Offer | Lab, site: Site, queue_mail) -> list:
    # Paths from shared/CONTRACT.md (stable), made absolute on the Site: no request needed here.
    if isinstance(target, Offer):
        target_title, partner = target.title, target.institution.name
        target_contact, target_email = target.contact_name, target.contact_email
        target_path = None
    else:
        target_title, partner = target.name, ", ".join(p.name for p in target.partners)
        target_contact, target_email = target.contact_name, target.contact_email
        target_path = f"/labs/{target.slug}"
    context = {
        "question": question,
        "question_url": site.link(f"/questions/{question.slug}"),
        "target_title": target_title,
        "target_partner": partner,
        "target_url": site.link(target_path) if target_path else None,
        "target_contact_name": target_contact,
        "target_contact_email": target_email,
    }
    template = "matching/email/match_confirmed"
    messages = [
        queue_mail(to=question.contact_email, template=template, language=question.language,
                   context=dict(context, recipient="asker"), site=site)
    ]
    if target_email:
        messages.append(
            queue_mail(to=target_email, template=template, language="nl",
                       context=dict(context, recipient="offer"), site=site)
        )
    db.session.flush()
    return messages


# --- offers ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfferInput:
    title: str
    kind: OfferKind
    institution_id: int
    programme: str
    level: Level
    period_start: date
    period_end: date
    capacity: int
    capacity_unit: CapacityUnit
    contact_name: str
    contact_email: str
    description: str = ""
    remaining_capacity: int | None = None  # None: as many as the capacity
    is_open: bool = True
    discipline_ids: tuple[int, ...] = ()
    theme_ids: tuple[int, ...] = ()
    stadsdelen: tuple[str, ...] = ()
    lab_id: int | None = None
    talkshow_ids: tuple[int, ...] = ()


def _by_ids(model, ids: Iterable[int]) -> list:
    ids = sorted(set(ids))
    if not ids:
        return []
    found = list(db.session.scalars(select(model).where(model.id.in_(ids))))
    if len(found) != len(ids):
        raise MatchingError(f"unknown {model.__tablename__}")
    return found


def _apply_offer(offer: Offer, data: OfferInput) -> None:
    if data.period_end < data.period_start:
        raise MatchingError("period ends before it starts")
    if data.capacity < 0:
        raise MatchingError("negative capacity")
    remaining = data.capacity if data.remaining_capacity is None else data.remaining_capacity
    if not 0 <= remaining <= data.capacity:
        raise MatchingError("remaining capacity outside 0..capacity")
    if any(not is_stadsdeel(s) for s in data.stadsdelen):
        raise MatchingError("unknown stadsdeel")
    if db.session.get(Organisation, data.institution_id) is None:
        raise MatchingError("unknown institution")
    if data.lab_id is not None and db.session.get(Lab, data.lab_id) is None:
        raise MatchingError("unknown lab")
    offer.title = data.title.strip()
    offer.kind = data.kind
    offer.institution_id = data.institution_id
    offer.programme = data.programme.strip()
    offer.level = data.level
    offer.description = data.description.strip()
    offer.period_start, offer.period_end = data.period_start, data.period_end
    offer.capacity, offer.remaining_capacity = data.capacity, remaining
    offer.capacity_unit = data.capacity_unit
    offer.is_open = data.is_open
    offer.contact_name, offer.contact_email = data.contact_name.strip(), data.contact_email.strip()
    offer.lab_id = data.lab_id
    offer.disciplines = _by_ids(Discipline, data.discipline_ids)
    offer.themes = _by_ids(Theme, data.theme_ids)
    offer.talkshows = _by_ids(Talkshow, data.talkshow_ids)
    wanted = [s for s in STADSDELEN if s in set(data.stadsdelen)]
    kept = {p.stadsdeel: p for p in offer.preferred_places}
    offer.preferred_places = [kept.get(s) or PreferredStadsdeel(stadsdeel=s) for s in wanted]


def create_offer(data: OfferInput) -> Offer:
    try:
        offer = Offer(slug=unique_slug(data.title, _slug_taken(Offer), max_length=100))
        _apply_offer(offer, data)
        db.session.add(offer)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return offer


def update_offer(offer_id: int, data: OfferInput) -> Offer:
    offer = offer_for_organiser(offer_id)
    try:
        _apply_offer(offer, data)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return offer


def delete_offer(offer_id: int) -> None:
    offer = offer_for_organiser(offer_id)
    if db.session.scalar(select(func.count(Match.id)).where(Match.offer_id == offer.id)):
        raise OfferInUse(offer.slug)
    db.session.delete(offer)
    db.session.commit()


def offer_for_organiser(offer_id: int) -> Offer:
    offer = db.session.scalar(
        select(Offer)
        .where(Offer.id == offer_id)
        .options(
            selectinload(Offer.institution),
            selectinload(Offer.themes),
            selectinload(Offer.disciplines),
            selectinload(Offer.preferred_places),
            selectinload(Offer.talkshows),
            selectinload(Offer.lab),
        )
    )
    if offer is None:
        raise NotFound(str(offer_id))
    return offer


def offers_for_organiser() -> list[Offer]:
    query = select(Offer).options(
        selectinload(Offer.institution),
        selectinload(Offer.themes),
        selectinload(Offer.disciplines),
        selectinload(Offer.preferred_places),
    )
    return list(db.session.scalars(query.order_by(Offer.period_start.desc(), Offer.slug)))


# --- choices for forms ----------------------------------------------------------------------------


def themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.name)))


def disciplines() -> list[Discipline]:
    return list(db.session.scalars(select(Discipline).order_by(Discipline.name)))


def institutions() -> list[Organisation]:
    """Partners first; any organisation may offer."""
    return list(db.session.scalars(select(Organisation).order_by(Organisation.is_partner.desc(), Organisation.name)))


def labs() -> list[Lab]:
    return list(db.session.scalars(select(Lab).order_by(Lab.name)))


def talkshows() -> list[Talkshow]:
    return list(db.session.scalars(select(Talkshow).order_by(Talkshow.starts_at.desc())))


# --- the overview: demand beside supply -----------------------------------------------------------


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


def overview(today: date | None = None) -> Overview:
    """Counts per theme and per stadsdeel, every public question with its best candidate, and the
    labs for the map; a fixed number of queries whatever the number of questions and offers."""
    today = today or date.today()
    questions = list(
        db.session.scalars(
            select(Question)
            .where(Question.state.in_(PUBLIC_STATES))
            .options(
                selectinload(Question.theme),
                selectinload(Question.disciplines),
                selectinload(Question.matches).options(selectinload(Match.offer), selectinload(Match.lab)),
            )
            .order_by(_state_order(), Question.created_at, Question.id)
        )
    )
    candidates = load_candidates(today)
    available_offers = [o for o in candidates.offers.values() if o.is_available]
    labs_list = list(candidates.labs.values())
    all_themes = themes()

    open_questions = [q for q in questions if q.state in OPEN_STATES]
    theme_demand = Counter(q.theme_id for q in open_questions)
    theme_offers = Counter(t.id for o in available_offers for t in o.themes)
    theme_labs = Counter(t.id for lab in labs_list for t in lab.themes)
    by_theme = [
        SupplyRow(t.slug, t.name, theme_demand[t.id], theme_offers[t.id], theme_labs[t.id]) for t in all_themes
    ]

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


# --- links across the app -------------------------------------------------------------------------


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



def question_exists(question_id: int) -> bool:
    return db.session.scalar(select(Question.id).where(Question.id == question_id)) is not None
