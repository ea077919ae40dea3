"""The talkshow's stored seat counters, exact in every transaction, and the seat decision as one UPDATE.

``Talkshow.seats_taken`` and ``Talkshow.waitlist_count`` always equal the talkshow's confirmed and
waiting registrations. Every change of a registration's status made through the ORM (registering,
cancelling, a promotion from the waiting list, an organiser's change, "delete my data", demo data)
moves them in the same flush: ``before_flush`` adds up the changes per talkshow and sends one
``UPDATE talkshows SET seats_taken = seats_taken + :d, …`` for each, so no path can forget.

Registering does not count rows under the lock: ``claim`` is one conditional UPDATE of the talkshow
row that takes its lock, decides (a seat while one is free and nobody waits, else the end of the
line), counts the newcomer and returns what the caller needs. The row it then stores is marked
``counted`` so the flush does not count it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, and_, bindparam, case, event, func, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..series.models import Talkshow
from ..series.public import PUBLIC_STATUSES
from . import capacity
from .models import Registration, RegistrationStatus

_TABLE = cast(Table, Talkshow.__table__)
_PRECOUNTED = "registration_precounted"  # session.info: {InstanceState: status the counters already hold}


@dataclass(frozen=True)
class Claim:
    """The outcome of ``claim``: the newcomer's status, their place in line, and the talkshow's window."""

    talkshow_id: int
    status: RegistrationStatus
    position: int  # place on the waiting list (1 = next); 0 with a seat
    window: capacity.Window


def _shift(seats: Any, waiting: Any) -> dict[str, Any]:
    """SET values that move both counters; ``updated_at`` stays: a registration does not edit the talkshow."""
    return {
        "seats_taken": _TABLE.c.seats_taken + seats,
        "waitlist_count": _TABLE.c.waitlist_count + waiting,
        "updated_at": _TABLE.c.updated_at,
    }


def _claim_statement(which: ColumnElement[bool]) -> Any:
    """The seat claim's UPDATE for the talkshow(s) ``which`` selects, built once (bound parameters)."""
    free = and_(_TABLE.c.seats_taken < _TABLE.c.capacity, _TABLE.c.waitlist_count == 0)
    return (
        update(_TABLE)
        .where(which)
        .values(_shift(case((free, 1), else_=0), case((free, 0), else_=1)))
        .returning(
            _TABLE.c.id,
            _TABLE.c.waitlist_count,
            _TABLE.c.status,
            _TABLE.c.starts_at,
            _TABLE.c.ends_at,
            _TABLE.c.registration_opens_at,
            _TABLE.c.registration_closes_at,
        )
    )


# Built at import: a registration only binds the id or the address (SQLAlchemy caches their SQL).
_CLAIM_BY_ID = _claim_statement(_TABLE.c.id == bindparam("claimed_talkshow_id"))
_CLAIM_PUBLIC = _claim_statement(
    and_(_TABLE.c.slug == bindparam("public_slug"), _TABLE.c.status.in_([status.value for status in PUBLIC_STATUSES]))
)


def claim(talkshow_id: int | None = None, *, public_slug: str | None = None) -> Claim | None:
    """Take a seat if one is free and nobody waits ahead, else a place at the end of the line: one UPDATE.

    The talkshow is named by its id or, for the public form, by its address among the public
    talkshows (``public_slug``), so registering needs no separate lookup before the claim.

    The UPDATE locks the talkshow's row until the commit, so one talkshow's claims happen one at a
    time. Both sides of the CASE read the row as it was, so a seat was taken exactly when the
    waiting list is still empty afterwards. None when there is no such talkshow. The caller checks
    ``window`` and raises when registration is closed: the rollback takes the claim back.
    """
    if public_slug is not None:
        row = db.session.execute(_CLAIM_PUBLIC, {"public_slug": public_slug}).one_or_none()
    else:
        row = db.session.execute(_CLAIM_BY_ID, {"claimed_talkshow_id": talkshow_id}).one_or_none()
    if row is None:
        return None
    claimed_id, waiting, status, starts_at, ends_at, opens_at, closes_at = row
    seated = waiting == 0
    window = capacity.Window(
        status=status.value, starts_at=starts_at, ends_at=ends_at, opens_at=opens_at, closes_at=closes_at
    )
    return Claim(
        talkshow_id=int(claimed_id),
        status=RegistrationStatus.CONFIRMED if seated else RegistrationStatus.WAITLISTED,
        position=0 if seated else int(waiting),
        window=window,
    )


def give_back(talkshow_id: int, claimed: Claim) -> None:
    """Undo a claim that stores no registration (the address was already registered); caller holds the lock."""
    seats, waiting = (1, 0) if claimed.status == RegistrationStatus.CONFIRMED else (0, 1)
    db.session.execute(update(_TABLE).where(_TABLE.c.id == talkshow_id).values(_shift(-seats, -waiting)))


def mark_counted(registration: Registration) -> None:
    """The counters already hold this registration at its current status (``claim`` counted it)."""
    db.session().info.setdefault(_PRECOUNTED, {})[inspect(registration)] = registration.status


def current(talkshow_id: int) -> tuple[int, int, int]:
    """Capacity, seats taken and people waiting, as stored now (after this session's pending changes)."""
    row = db.session.execute(
        select(Talkshow.capacity, Talkshow.seats_taken, Talkshow.waitlist_count).where(Talkshow.id == talkshow_id)
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


# --- Keeping the counters exact at every flush -------------------------------------------------


def _weight(status: RegistrationStatus | None) -> tuple[int, int]:
    if status == RegistrationStatus.CONFIRMED:
        return 1, 0
    if status == RegistrationStatus.WAITLISTED:
        return 0, 1
    return 0, 0


def _before(state: Any, history_of: str) -> Any:
    """The committed value of an attribute (what the database holds), None for a new row."""
    if state.key is None:
        return None
    history = state.attrs[history_of].history
    if history.deleted:
        return history.deleted[0]
    if history.unchanged:
        return history.unchanged[0]
    return getattr(state.obj(), history_of)


@event.listens_for(Session, "before_flush")
def _count_status_changes(session: Session, _context: Any, _instances: Any) -> None:
    precounted: dict[Any, RegistrationStatus] = session.info.get(_PRECOUNTED, {})
    deltas: dict[int, list[int]] = {}

    def add(talkshow_id: int | None, status: RegistrationStatus | None, sign: int) -> None:
        seats, waiting = _weight(status)
        if talkshow_id is not None and (seats or waiting):
            delta = deltas.setdefault(talkshow_id, [0, 0])
            delta[0] += sign * seats
            delta[1] += sign * waiting

    deleted = set(session.deleted)
    for registration in [*session.new, *session.dirty, *deleted]:
        if not isinstance(registration, Registration):
            continue
        state = inspect(registration)
        if state in precounted:
            add(registration.talkshow_id, precounted.pop(state), -1)
        elif state.key is not None and registration not in deleted and not _moved(state):
            continue  # a persistent row whose status and talkshow stay: nothing to count
        else:
            add(_before(state, "talkshow_id"), _before(state, "status"), -1)
        if registration not in deleted:
            add(registration.talkshow_id, registration.status, +1)
    for talkshow_id, (seats, waiting) in sorted(deltas.items()):
        if seats or waiting:
            _apply(session, talkshow_id, seats, waiting)


def _moved(state: Any) -> bool:
    return bool(state.attrs.status.history.has_changes() or state.attrs.talkshow_id.history.has_changes())


def _apply(session: Session, talkshow_id: int, seats: int, waiting: int) -> None:
    statement = (
        update(_TABLE)
        .where(_TABLE.c.id == talkshow_id)
        .values(_shift(seats, waiting))
        .returning(_TABLE.c.seats_taken, _TABLE.c.waitlist_count)
    )
    row = session.connection().execute(statement).one_or_none()
    loaded = session.identity_map.get(session.identity_key(Talkshow, talkshow_id))
    if row is not None and loaded is not None:  # what this session holds of the talkshow stays true
        set_committed_value(loaded, "seats_taken", row[0])
        set_committed_value(loaded, "waitlist_count", row[1])


@event.listens_for(Session, "after_rollback")
def _forget_precounted(session: Session) -> None:
    session.info.pop(_PRECOUNTED, None)


# --- Checking ----------------------------------------------------------------------------------


def _counted(status: RegistrationStatus) -> Any:
    return (
        select(func.count())
        .where(Registration.talkshow_id == Talkshow.id, Registration.status == status)
        .correlate(Talkshow)
        .scalar_subquery()
    )


def _seated() -> Any:
    """Confirmed rows plus the seats classes hold that no student took yet (``classes``)."""
    from ..classes.models import held_seats  # the classes feature builds on this one

    return _counted(RegistrationStatus.CONFIRMED) + held_seats(Talkshow.id).correlate(Talkshow).scalar_subquery()


def mismatches() -> list[tuple[str, int, int, int, int]]:
    """Talkshows whose counters differ from their rows: (slug, seats stored, counted, waiting stored, counted)."""
    confirmed, waiting = _seated(), _counted(RegistrationStatus.WAITLISTED)
    rows = db.session.execute(
        select(Talkshow.slug, Talkshow.seats_taken, confirmed, Talkshow.waitlist_count, waiting)
        .where((Talkshow.seats_taken != confirmed) | (Talkshow.waitlist_count != waiting))
        .order_by(Talkshow.slug)
    ).all()
    return [(slug, int(a), int(b), int(c), int(d)) for slug, a, b, c, d in rows]


def recount() -> int:
    """Set every talkshow's counters from its rows (after a repair by hand); how many were wrong. Caller commits."""
    wrong = len(mismatches())
    confirmed, waiting = _seated(), _counted(RegistrationStatus.WAITLISTED)
    db.session.execute(
        update(Talkshow)
        .values(seats_taken=confirmed, waitlist_count=waiting, updated_at=Talkshow.updated_at)
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()
    return wrong
