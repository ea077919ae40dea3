"""The stored rankings of public questions (``match_candidates``, ``match_rankings``), kept up to date.

When a question, offer or lab changes, the rows of that one entity are recomputed in the same
transaction, just before it commits (a session event, so every path that changes one - forms,
services, demo data, tests' factories - is covered and a page never shows a stale ranking):

* a question is ranked anew against all candidates (O(candidates), through ``ranking.Index``);
* an offer or lab is scored against every public question (O(questions)) and merged into the
  rankings it enters or leaves; a question whose full ranking loses a kept candidate is ranked anew.

Synchronous, not queued: both are linear in the data, and a deferred job would leave pages that
read the table wrong until the worker ran. Many changed candidates at once (an import, demo data)
rebuild everything instead, as ``flask matching rescore`` does.

Offers whose period ends are dropped by date, not by a change: readers filter them out and rank a
question live when an expired offer was among the kept candidates of a full ranking (rare; the nightly
``flask matching rescore`` clears them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, delete, event, insert, select
from sqlalchemy.orm import Session, scoped_session, selectinload

from ..labs.models import Discipline, Lab, LabStatus
from ..series.models import Theme
from ..timezones import local_today
from . import ranking, scoring
from .models import PUBLIC_STATES, Match, MatchCandidate, MatchRanking, Offer, PreferredStadsdeel, Question
from .models import question_disciplines as question_disciplines_table

SessionLike = Session | scoped_session[Any]
CANDIDATES = cast(Table, MatchCandidate.__table__)  # Core inserts: many rows in one executemany
RANKINGS = cast(Table, MatchRanking.__table__)
PENDING = "matching.changes"
BUSY = "matching.busy"
REBUILD_ABOVE = 25  # changed offers and labs in one transaction above which everything is rebuilt
CHUNK = 500


@dataclass
class Changes:
    questions: set[int] = field(default_factory=set)
    offers: set[int] = field(default_factory=set)
    labs: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.questions or self.offers or self.labs)


# --- loading plain values -------------------------------------------------------------------------


def _chunks(values: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def public_needs(session: SessionLike, question_ids: Iterable[int] | None = None) -> dict[int, scoring.Need]:
    """What matching needs of public questions (all, or these), read as columns: no ORM objects."""
    query = (
        select(
            Question.id,
            Theme.slug,
            Theme.name,
            Question.stadsdeel,
            Question.wijk,
            Question.starts_on,
            Question.deadline,
        )
        .join(Theme, Question.theme_id == Theme.id)
        .where(Question.state.in_(PUBLIC_STATES))
    )
    link = select(question_disciplines_table.c.question_id, Discipline.name).join(
        Discipline, Discipline.id == question_disciplines_table.c.discipline_id
    )
    rows: list[Any] = []
    names: dict[int, set[str]] = {}
    if question_ids is None:
        rows = list(session.execute(query))
        wanted = link.join(Question, Question.id == question_disciplines_table.c.question_id).where(
            Question.state.in_(PUBLIC_STATES)
        )
        for question_id, name in session.execute(wanted):
            names.setdefault(question_id, set()).add(name)
    else:
        for chunk in _chunks(sorted(set(question_ids))):
            rows.extend(session.execute(query.where(Question.id.in_(chunk))))
            for question_id, name in session.execute(link.where(question_disciplines_table.c.question_id.in_(chunk))):
                names.setdefault(question_id, set()).add(name)
    return {
        row[0]: scoring.Need(
            theme=row[1],
            theme_name=row[2],
            disciplines=frozenset(names.get(row[0], ())),
            stadsdeel=row[3] or None,
            wijk=row[4] or None,
            starts_on=row[5],
            deadline=row[6],
        )
        for row in rows
    }


def offer_query():
    return select(Offer).options(
        selectinload(Offer.institution),
        selectinload(Offer.themes),
        selectinload(Offer.disciplines),
        selectinload(Offer.preferred_places),
        selectinload(Offer.lab),
    )


def lab_query():
    return select(Lab).options(selectinload(Lab.partners), selectinload(Lab.themes), selectinload(Lab.disciplines))


def offer_is_candidate(offer: Offer, today: date) -> bool:
    """The same rule as the live ranking: open offers whose period has not ended (full ones too)."""
    return offer.is_open and offer.period_end >= today


def lab_is_candidate(lab: Lab) -> bool:
    return lab.status == LabStatus.ACTIVE


def _universe(session: SessionLike, today: date) -> tuple[list[scoring.Candidate], dict[tuple[str, str], int]]:
    from .matches import lab_candidate, offer_candidate

    offers = session.scalars(offer_query().where(Offer.is_open.is_(True), Offer.period_end >= today))
    labs = session.scalars(lab_query().where(Lab.status == LabStatus.ACTIVE))
    candidates, ids = [], {}
    for offer in offers:
        candidates.append(offer_candidate(offer))
        ids[("offer", offer.slug)] = offer.id
    for lab in labs:
        candidates.append(lab_candidate(lab))
        ids[("lab", lab.slug)] = lab.id
    return candidates, ids


# --- writing --------------------------------------------------------------------------------------


def _row(question_id: int, entry: ranking.Entry, ids: dict[tuple[str, str], int]) -> dict[str, Any]:
    target = ids[(entry.kind, entry.slug)]
    return {
        "question_id": question_id,
        "offer_id": target if entry.kind == "offer" else None,
        "lab_id": target if entry.kind == "lab" else None,
        "kind": entry.kind,
        "slug": entry.slug,
        "score": entry.score,
        "available": entry.available,
    }


def _ranking_row(question_id: int, kept: ranking.Kept) -> dict[str, Any]:
    return {
        "question_id": question_id,
        "count_best": kept.count_best,
        "floor_best": kept.floor_best,
        "count_available": kept.count_available,
        "floor_available": kept.floor_available,
    }


def _replace(session: SessionLike, results: dict[int, ranking.Kept], ids: dict[tuple[str, str], int]) -> None:
    """Store these questions' kept sets in place of what they had."""
    question_ids = sorted(results)
    for chunk in _chunks(question_ids):
        session.execute(delete(MatchCandidate).where(MatchCandidate.question_id.in_(chunk)))
        session.execute(delete(MatchRanking).where(MatchRanking.question_id.in_(chunk)))
    rows = [_row(q, e, ids) for q in question_ids for e in results[q].entries]
    for start in range(0, len(rows), 5000):
        session.execute(insert(CANDIDATES), rows[start : start + 5000])
    if question_ids:
        session.execute(insert(RANKINGS), [_ranking_row(q, results[q]) for q in question_ids])


def rank_questions(session: SessionLike, question_ids: Iterable[int] | None, today: date | None = None) -> int:
    """Rank these questions (None: all) anew against every candidate; non-public ones lose their ranking."""
    today = today or local_today()
    wanted = None if question_ids is None else set(question_ids)
    needs = public_needs(session, wanted)
    if wanted is None:
        session.execute(delete(MatchCandidate))
        session.execute(delete(MatchRanking))
    else:
        for chunk in _chunks(sorted(wanted - set(needs))):
            session.execute(delete(MatchCandidate).where(MatchCandidate.question_id.in_(chunk)))
            session.execute(delete(MatchRanking).where(MatchRanking.question_id.in_(chunk)))
    if not needs:
        return 0
    candidates, ids = _universe(session, today)
    index = ranking.Index(candidates)
    _replace(session, {q: index.kept_for(need) for q, need in needs.items()}, ids)
    return len(needs)


def rebuild(session: SessionLike, today: date | None = None) -> int:
    """Every public question ranked anew (``flask matching rescore``); the number of questions."""
    return rank_questions(session, None, today)


def _entries(session: SessionLike, question_ids: list[int]) -> dict[int, list[tuple[ranking.Entry, int]]]:
    """The stored kept entries of these questions, with the offer's or lab's id."""
    found: dict[int, list[tuple[ranking.Entry, int]]] = {}
    columns = (
        MatchCandidate.question_id,
        MatchCandidate.kind,
        MatchCandidate.slug,
        MatchCandidate.score,
        MatchCandidate.available,
        MatchCandidate.offer_id,
        MatchCandidate.lab_id,
    )
    for chunk in _chunks(question_ids):
        for q, kind, slug, value, available, offer_id, lab_id in session.execute(
            select(*columns).where(MatchCandidate.question_id.in_(chunk))
        ):
            found.setdefault(q, []).append((ranking.Entry(kind, slug, value, available), int(offer_id or lab_id or 0)))
    return found


def rescore_candidate(
    session: SessionLike, kind: str, target_id: int, needs: dict[int, scoring.Need], today: date
) -> set[int]:
    """Merge one changed offer or lab into every public question's ranking; the questions to rank anew."""
    from .matches import lab_candidate, offer_candidate

    column = MatchCandidate.offer_id if kind == "offer" else MatchCandidate.lab_id
    candidate: scoring.Candidate | None = None
    if kind == "offer":
        offer = session.scalar(offer_query().where(Offer.id == target_id))
        if offer is not None and offer_is_candidate(offer, today):
            candidate = offer_candidate(offer)
    else:
        lab = session.scalar(lab_query().where(Lab.id == target_id))
        if lab is not None and lab_is_candidate(lab):
            candidate = lab_candidate(lab)
    olds = {
        q: ranking.Entry(kind, slug, value, available)
        for q, slug, value, available in session.execute(
            select(
                MatchCandidate.question_id, MatchCandidate.slug, MatchCandidate.score, MatchCandidate.available
            ).where(column == target_id)
        )
    }
    fills = {
        row[0]: row[1:]
        for row in session.execute(
            select(
                MatchRanking.question_id,
                MatchRanking.count_best,
                MatchRanking.floor_best,
                MatchRanking.count_available,
                MatchRanking.floor_available,
            )
        )
    }
    touched: dict[int, tuple[ranking.Entry | None, ranking.Entry | None]] = {}
    for q, need in needs.items():
        fill = fills.get(q)
        if fill is None:
            continue  # not ranked yet: read live until it is
        new = None
        if candidate is not None and (
            need.theme in candidate.themes or (need.disciplines and need.disciplines & candidate.disciplines)
        ):
            available = candidate.remaining is None or candidate.remaining > 0
            new = ranking.Entry(kind, candidate.slug, scoring.quick_score(need, candidate), available)
        old = olds.get(q)
        if old == new or (old is None and (new is None or not ranking.may_enter(new, *fill))):
            continue
        touched[q] = (old, new)
    if not touched:
        return set()
    stored = _entries(session, sorted(touched))
    anew: set[int] = set()
    results: dict[int, ranking.Kept] = {}
    ids: dict[tuple[str, str], int] = {}
    if candidate is not None:
        ids[(kind, candidate.slug)] = target_id
    for q, (old, new) in touched.items():
        entries = stored.get(q, [])
        ids.update({(e.kind, e.slug): target for e, target in entries})
        kept = ranking.merge([e for e, _ in entries], old, new, was_full=fills[q][0] >= ranking.KEEP_BEST)
        if kept is None:
            anew.add(q)
        else:
            results[q] = kept
    _replace(session, results, ids)
    return anew


def apply(session: SessionLike, changes: Changes, today: date | None = None) -> None:
    """Bring the stored rankings up to date after these changes (inside the caller's transaction)."""
    today = today or local_today()
    if changes.labs:
        linked = session.scalars(select(Offer.id).where(Offer.lab_id.in_(sorted(changes.labs))))
        changes.offers.update(linked)  # an offer takes its lab's wijk
    if len(changes.offers) + len(changes.labs) > REBUILD_ABOVE:
        rebuild(session, today)
        return
    anew = set(changes.questions)
    if changes.offers or changes.labs:
        needs = public_needs(session)
        for offer_id in sorted(changes.offers):
            anew |= rescore_candidate(session, "offer", offer_id, needs, today)
        for lab_id in sorted(changes.labs):
            anew |= rescore_candidate(session, "lab", lab_id, needs, today)
    if anew:
        rank_questions(session, anew, today)


# --- noticing changes -----------------------------------------------------------------------------


def _pending(session: SessionLike) -> Changes:
    changes = session.info.get(PENDING)
    if changes is None:
        changes = session.info[PENDING] = Changes()
    return changes


def _note(session: Session, objects: Iterable[Any], deleted: bool = False) -> None:
    changes = _pending(session)
    for obj in objects:
        if isinstance(obj, Question) and not deleted:
            changes.questions.add(obj.id)
        elif isinstance(obj, Offer):
            changes.offers.add(obj.id)
        elif isinstance(obj, Lab):
            changes.labs.add(obj.id)
        elif isinstance(obj, PreferredStadsdeel | Match) and obj.offer_id is not None:
            changes.offers.add(obj.offer_id)  # a place preferred, or a place taken by a confirmed match


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, flush_context: Any, instances: Any) -> None:
    """A deleted offer or lab takes its rows along (ON DELETE CASCADE): its questions are ranked anew."""
    if session.info.get(BUSY):
        return
    gone = [obj for obj in session.deleted if isinstance(obj, Offer | Lab) and obj.id is not None]
    if not gone:
        return
    with session.no_autoflush:
        for obj in gone:
            column = MatchCandidate.offer_id if isinstance(obj, Offer) else MatchCandidate.lab_id
            _pending(session).questions.update(
                session.scalars(select(MatchCandidate.question_id).where(column == obj.id))
            )


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush_context: Any) -> None:
    if session.info.get(BUSY):
        return
    _note(session, session.new)
    _note(session, (obj for obj in session.dirty if session.is_modified(obj)))
    _note(session, session.deleted, deleted=True)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.info.get(BUSY):
        return
    if session.new or session.dirty or session.deleted:
        session.flush()
    changes = session.info.pop(PENDING, None)
    if not changes:
        return
    session.info[BUSY] = True
    try:
        apply(session, changes)
    finally:
        session.info.pop(BUSY, None)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def mark_offer_changed(session: SessionLike, offer_id: int) -> None:
    """For changes made with a bulk UPDATE, which the session does not see (a match taking a place)."""
    _pending(session).offers.add(offer_id)


def rescore_all(session: SessionLike, today: date | None = None) -> int:
    """Rebuild every stored ranking in its own transaction (the CLI, demo data, the benchmark)."""
    session.info[BUSY] = True
    try:
        count = rebuild(session, today)
        session.commit()
    finally:
        session.info.pop(BUSY, None)
        session.info.pop(PENDING, None)
    return count


# --- reading --------------------------------------------------------------------------------------


def stored_candidates(
    session: SessionLike, question_id: int, today: date
) -> tuple[dict[str, Offer], dict[str, Lab]] | None:
    """The kept offers and labs of a question's stored ranking (by slug), in a fixed number of queries;
    None when it has none, or when an offer among them has ended since while more may wait outside."""
    count_best = session.scalar(select(MatchRanking.count_best).where(MatchRanking.question_id == question_id))
    if count_best is None:
        return None
    rows = session.execute(
        select(MatchCandidate.offer_id, MatchCandidate.lab_id).where(MatchCandidate.question_id == question_id)
    ).all()
    offer_ids = [offer_id for offer_id, _ in rows if offer_id is not None]
    lab_ids = [lab_id for _, lab_id in rows if lab_id is not None]
    offers = session.scalars(offer_query().where(Offer.id.in_(offer_ids)).order_by(Offer.slug)).all()
    labs = session.scalars(lab_query().where(Lab.id.in_(lab_ids)).order_by(Lab.slug)).all()
    fresh_offers = {o.slug: o for o in offers if offer_is_candidate(o, today)}
    fresh_labs = {lab.slug: lab for lab in labs if lab_is_candidate(lab)}
    stale = len(fresh_offers) + len(fresh_labs) < len(rows)
    if stale and count_best >= ranking.KEEP_BEST:
        return None
    return fresh_offers, fresh_labs
