"""Questions from the city: a visitor submits one, an organiser accepts or rejects it and moves it
along; and the lists of questions the public and the organisers see.

Services take plain arguments (the acting user for changes), own their transaction and refuse
with the errors of ``errors.py``. The asker gets a receipt when the question is stored and a mail
when it is accepted or rejected (``mails``): queued in the change's transaction, delivered after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..accounts.models import Role, User
from ..database import slug_taken, transaction, utcnow
from ..domain import require_role
from ..extensions import db
from ..labs.models import Discipline
from ..labs.places import is_stadsdeel, stadsdeel_from_slug, stadsdeel_slug
from ..mailing.services import deliver
from ..series.models import Theme
from ..site import Site, current_site
from ..slugs import unique_slug
from .choices import NOT_POSSIBLE, known, refuse_if_any
from .errors import InvalidTransition, MatchingError, NotFound
from .mails import QUESTION_ACCEPTED, QUESTION_RECEIVED, QUESTION_REJECTED, queue_question_mail
from .models import PUBLIC_STATES, AskerKind, HelpKind, Match, Offer, Question, QuestionState

# Which state may follow which, by hand (confirming a match moves accepted → matched).
TRANSITIONS: dict[QuestionState, tuple[QuestionState, ...]] = {
    QuestionState.SUBMITTED: (QuestionState.ACCEPTED, QuestionState.REJECTED),
    QuestionState.ACCEPTED: (QuestionState.REJECTED,),
    QuestionState.REJECTED: (QuestionState.ACCEPTED,),
    QuestionState.MATCHED: (QuestionState.IN_PROGRESS, QuestionState.DONE),
    QuestionState.IN_PROGRESS: (QuestionState.DONE,),
    QuestionState.DONE: (QuestionState.IN_PROGRESS,),
}
# The organiser's list: submitted questions first (they wait for moderation).
ORGANISER_ORDER = (
    QuestionState.SUBMITTED,
    QuestionState.ACCEPTED,
    QuestionState.MATCHED,
    QuestionState.IN_PROGRESS,
    QuestionState.DONE,
    QuestionState.REJECTED,
)
RESERVED_SLUGS = frozenset({"new"})  # /questions/new is the form, never a question
CITY_WIDE = "stad"  # the stadsdeel filter's value for questions about the whole city


# --- submitting and moderating ---------------------------------------------------------------------


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


def _question_slug_taken() -> Callable[[str], bool]:
    taken = slug_taken(Question)
    return lambda candidate: candidate in RESERVED_SLUGS or taken(candidate)


def submit_question(data: QuestionInput, attempts: int = 3, *, site: Site | None = None) -> Question:
    """A visitor's question, stored as submitted: it shows nowhere until a moderator accepts it.

    The asker gets a receipt (stored with the question, sent after the commit). Two visitors sending
    the same title at once may pick the same free slug; the loser retries. ``site``: the request's
    when not given.
    """
    errors: dict[str, list[Any]] = {}
    if data.stadsdeel and not is_stadsdeel(data.stadsdeel):
        errors["stadsdeel"] = [NOT_POSSIBLE]
    if data.starts_on and data.deadline and data.deadline < data.starts_on:
        errors["deadline"] = [_l("The deadline must be on or after the earliest start.")]
    if db.session.get(Theme, data.theme_id) is None:
        errors["theme"] = [NOT_POSSIBLE]
    disciplines = known(Discipline, data.discipline_ids, "disciplines", errors)
    refuse_if_any(errors)
    for attempt in range(attempts):
        try:
            return _store_question(data, disciplines, site or current_site())
        except IntegrityError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _store_question(data: QuestionInput, disciplines: list[Discipline], site: Site) -> Question:
    with transaction() as session:
        question = Question(
            slug=unique_slug(data.title, _question_slug_taken(), max_length=100),
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
            disciplines=disciplines,
        )
        session.add(question)
        session.flush()
        receipt = queue_question_mail(QUESTION_RECEIVED, question, site)
        session.flush()
        receipt_id = receipt.id
    deliver([receipt_id])
    return question


def change_state(
    question_id: int, state: QuestionState, *, actor: User | None, reason: str = "", site: Site | None = None
) -> Question:
    """Moderate (accept, reject with a reason) or move a matched question along (in progress, done).

    Accepting mails the asker the question's public page; rejecting mails them the reason.
    """
    require_role(actor, Role.ORGANISER)
    mail_ids: list[int] = []
    with transaction() as session:
        question = session.scalar(select(Question).where(Question.id == question_id).with_for_update())
        if question is None:
            raise NotFound(str(question_id))
        if state not in TRANSITIONS.get(question.state, ()):
            raise InvalidTransition()
        if state == QuestionState.REJECTED:
            if not reason.strip():
                message = _l("Please give the reason; the organisers keep it with the question.")
                raise MatchingError.on("reason", message)
            question.rejection_reason = reason.strip()
        elif state == QuestionState.ACCEPTED:
            question.rejection_reason = ""
        if state in (QuestionState.ACCEPTED, QuestionState.REJECTED):
            question.moderated_by_id = actor.id  # type: ignore[union-attr]  # require_role: an actor
            question.moderated_at = utcnow()
        question.state = state
        if state in (QuestionState.ACCEPTED, QuestionState.REJECTED):
            template = QUESTION_ACCEPTED if state == QuestionState.ACCEPTED else QUESTION_REJECTED
            mail = queue_question_mail(template, question, site or current_site(), reason=question.rejection_reason)
            session.flush()
            mail_ids.append(mail.id)
    deliver(mail_ids)
    return question


def accept_question(question_id: int, *, actor: User | None, site: Site | None = None) -> Question:
    return change_state(question_id, QuestionState.ACCEPTED, actor=actor, site=site)


def reject_question(question_id: int, *, actor: User | None, reason: str, site: Site | None = None) -> Question:
    return change_state(question_id, QuestionState.REJECTED, actor=actor, reason=reason, site=site)


# --- reading --------------------------------------------------------------------------------------


def question_query() -> Select:
    """A question with what its page and its matches need, loaded up front."""
    return select(Question).options(
        selectinload(Question.theme),
        selectinload(Question.disciplines),
        selectinload(Question.matches).options(
            selectinload(Match.offer).selectinload(Offer.institution),
            selectinload(Match.lab),
        ),
    )


def public_question(slug: str) -> Question:
    question = db.session.scalar(question_query().where(Question.slug == slug, Question.state.in_(PUBLIC_STATES)))
    if question is None:
        raise NotFound(slug)
    return question


def question_for_organiser(question_id: int) -> Question:
    question = db.session.scalar(question_query().where(Question.id == question_id))
    if question is None:
        raise NotFound(str(question_id))
    return question


@dataclass(frozen=True)
class QuestionFilters:
    theme: str | None = None
    stadsdeel: str | None = None  # a stadsdeel name, or CITY_WIDE
    state: QuestionState | None = None

    def query_args(self) -> dict[str, str]:
        args = {}
        if self.theme:
            args["theme"] = self.theme
        if self.stadsdeel:
            args["stadsdeel"] = CITY_WIDE if self.stadsdeel == CITY_WIDE else stadsdeel_slug(self.stadsdeel)
        if self.state:
            args["state"] = self.state.value
        return args


@dataclass(frozen=True)
class ParsedFilters:
    filters: QuestionFilters
    invalid: tuple[str, ...] = ()


def parse_question_filters(args: Mapping[str, str]) -> ParsedFilters:
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


def state_order(states: Iterable[QuestionState] = PUBLIC_STATES):
    """An ORDER BY term: questions in the order of ``states`` (by default open first, then matched,
    in progress and done), any other state last."""
    positions = {s.value: i for i, s in enumerate(states)}
    return case(positions, value=Question.state, else_=len(positions))


QUESTIONS_PER_PAGE = 30


@dataclass(frozen=True)
class QuestionPage:
    """One page of the public questions: the page's questions, how many match in all, and where we are."""

    questions: list[Question]
    total: int
    page: int
    pages: int


def public_questions(filters: QuestionFilters, page: int = 1, per_page: int = QUESTIONS_PER_PAGE) -> QuestionPage:
    """The public questions matching ``filters``, open first and newest first, one page at a time: a count
    and one LIMITed query, so the cost does not grow with the number of questions. A page past the last
    shows the last."""
    conditions: list[ColumnElement[bool]] = [Question.state.in_(PUBLIC_STATES)]
    if filters.theme:
        conditions.append(Question.theme_id == select(Theme.id).where(Theme.slug == filters.theme).scalar_subquery())
    if filters.stadsdeel == CITY_WIDE:
        conditions.append(Question.stadsdeel == "")
    elif filters.stadsdeel:
        conditions.append(Question.stadsdeel == filters.stadsdeel)
    if filters.state:
        conditions.append(Question.state == filters.state)
    total = db.session.scalar(select(func.count()).select_from(Question).where(*conditions)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    query = (
        select(Question)
        .where(*conditions)
        .options(selectinload(Question.theme), selectinload(Question.disciplines))
        .order_by(state_order(), Question.created_at.desc(), Question.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return QuestionPage(list(db.session.scalars(query)), total, page, pages)


def questions_for_organiser(state: QuestionState | None = None) -> list[Question]:
    """Submitted questions first (they wait for moderation), newest first within a state."""
    query = select(Question).options(selectinload(Question.theme))
    if state is not None:
        query = query.where(Question.state == state)
    return list(db.session.scalars(query.order_by(state_order(ORGANISER_ORDER), Question.created_at.desc())))
