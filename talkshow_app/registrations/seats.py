"""Seats and the waiting list: register, cancel, move the line up, count; one talkshow's seats change one at a time.

Each talkshow stores its seats taken and people waiting (``counter``): registering decides with one
conditional UPDATE of that row, and every other change of a status moves the counters in the same
transaction, so no seat change counts registrations under the lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select, text
from sqlalchemy.orm import joinedload, selectinload

from ..database import utcnow
from ..extensions import db
from ..mailing.models import OutboxMessage
from ..series.models import Talkshow
from ..site import Site
from . import capacity, counter
from .errors import NotFound, RegistrationClosed, RegistrationError
from .inputs import RegistrationInput, clean_input, normalise_email
from .mails import personal_invite
from .models import Affiliation, Registration, RegistrationStatus
from .notifications import outbox_transaction, queue
from .tokens import new_checkin_code, new_token, rotate_token, token_hash

# A promotion only happens while the talkshow still takes place.
_NO_PROMOTION = {capacity.Closed.CANCELLED, capacity.Closed.PAST, capacity.Closed.NOT_PUBLISHED}


@dataclass(frozen=True)
class SeatCounts:
    confirmed: int = 0
    waitlisted: int = 0
    cancelled: int = 0
    checked_in: int = 0
    # Share of confirmed people who did not check in; only for talkshows that are over.
    no_show_rate: float | None = None


@dataclass(frozen=True)
class RegistrationResult:
    """What happened; the public page shows the same text whatever ``outcome`` is."""

    outcome: str  # "new", "again" (same address: link mailed again) or "reactivated"
    registration_id: int
    status: RegistrationStatus


@dataclass(frozen=True)
class Availability:
    """What the talkshow page's registration panel shows: free seats, or why registration is closed."""

    counts: SeatCounts
    seats_left: int
    closed: capacity.Closed | None


def seat_counts(talkshow_ids: list[int]) -> dict[int, SeatCounts]:
    """Counts per talkshow in one grouped query; every asked id is in the answer (zeros when nobody registered)."""
    ids = sorted(set(talkshow_ids))
    if not ids:
        return {}

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = (
        select(
            Talkshow.id,
            Talkshow.ends_at,
            count(Registration.status == RegistrationStatus.CONFIRMED),
            count(Registration.status == RegistrationStatus.WAITLISTED),
            count(Registration.status == RegistrationStatus.CANCELLED),
            count(Registration.checked_in_at.is_not(None)),
        )
        .select_from(Talkshow)
        .outerjoin(Registration, Registration.talkshow_id == Talkshow.id)
        .where(Talkshow.id.in_(ids))
        .group_by(Talkshow.id, Talkshow.ends_at)
    )
    now = utcnow()
    result = {talkshow_id: SeatCounts() for talkshow_id in ids}
    for talkshow_id, ends_at, confirmed, waitlisted, cancelled, checked_in in db.session.execute(query):
        past = ends_at is not None and ends_at < now
        result[talkshow_id] = SeatCounts(
            confirmed=int(confirmed),
            waitlisted=int(waitlisted),
            cancelled=int(cancelled),
            checked_in=int(checked_in),
            no_show_rate=capacity.no_show_rate(int(confirmed), int(checked_in)) if past else None,
        )
    return result


def closed_reason(talkshow: Talkshow, now: datetime | None = None) -> capacity.Closed | None:
    window = capacity.Window(
        status=talkshow.status.value,
        starts_at=talkshow.starts_at,
        ends_at=talkshow.ends_at,
        opens_at=talkshow.registration_opens_at,
        closes_at=talkshow.registration_closes_at,
    )
    return capacity.registration_closed_reason(window, now or utcnow())


def availability(talkshow: Talkshow) -> Availability:
    counts = seat_counts([talkshow.id])[talkshow.id]
    seated = max(counts.confirmed, talkshow.seats_taken or 0)  # with the seats classes hold (``classes``)
    return Availability(counts, max(0, talkshow.capacity - seated), closed_reason(talkshow))


# --- Serialising one talkshow's seats ----------------------------------------------------------


def lock_talkshow(talkshow_id: int) -> Talkshow:
    """Start the write transaction that serialises every seat change of this talkshow, and load it.

    Call it first inside ``transaction()``. PostgreSQL: ``SELECT … FOR UPDATE`` on the talkshow
    row. SQLite ignores FOR UPDATE, so the transaction starts with ``BEGIN IMMEDIATE``: it takes
    the database's write lock before the counters are read, and a competing change waits
    (busy_timeout) instead of reading the same counters. Registering needs no SELECT for this: its
    seat decision (``counter.claim``) is the UPDATE that takes the row's lock.
    """
    query = (
        select(Talkshow)
        .where(Talkshow.id == talkshow_id)
        .options(selectinload(Talkshow.venue), selectinload(Talkshow.theme))
        .execution_options(populate_existing=True)
    )
    if not _begin_write():
        query = query.with_for_update(of=Talkshow)
    talkshow = db.session.scalar(query)
    if talkshow is None:
        raise NotFound(str(talkshow_id))
    return talkshow


def _begin_write() -> bool:
    """SQLite: start this use case's transaction with the database's write lock (True); PostgreSQL: nothing."""
    session = db.session
    if session.get_bind().dialect.name != "sqlite":
        return False
    session.rollback()  # this use case owns the transaction: start a fresh one that holds the write lock
    session.execute(text("BEGIN IMMEDIATE"))
    return True


def promote_waiting(talkshow: Talkshow, site: Site, now: datetime) -> list[OutboxMessage]:
    """Give free seats to the front of the waiting list, in order; caller holds the talkshow's lock.

    The stored counters are read after this transaction's pending changes (autoflush); the promoted
    rows move them at the next flush (``counter``).
    """
    if closed_reason(talkshow, now) in _NO_PROMOTION:
        return []
    room, confirmed, waitlisted = counter.current(talkshow.id)
    number = capacity.seats_to_promote(confirmed, room, waitlisted)
    if number == 0:
        return []
    lucky = db.session.scalars(
        select(Registration)
        .where(Registration.talkshow_id == talkshow.id, Registration.status == RegistrationStatus.WAITLISTED)
        .order_by(Registration.queued_at, Registration.id)
        .limit(number)
    ).all()
    messages = []
    for registration in lucky:
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        token = rotate_token(registration)
        messages.append(queue("promoted", registration, site, token=token, invite="REQUEST"))
    return messages


def release_seat(
    registration: Registration,
    talkshow: Talkshow,
    site: Site,
    now: datetime,
    *,
    by_organiser: bool,
    token: str | None = None,
) -> list[OutboxMessage]:
    """Cancel a registration (caller holds the lock); a freed seat goes to the next in line.

    ``token``: the person's current link when they cancel themselves (it keeps working); without
    it the cancellation mail carries a freshly minted link (``notifications.queue``).
    """
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    had_seat = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    invite = "CANCEL" if had_seat else None
    messages = [queue("cancelled", registration, site, token=token, invite=invite, by_organiser=by_organiser)]
    db.session.flush()
    if had_seat:
        messages += promote_waiting(talkshow, site, now)
    return messages


def on_capacity_changed(talkshow: Talkshow, site: Site, now: datetime | None = None) -> list[OutboxMessage]:
    """More seats: the waiting list moves up in order (the organiser's transaction already locks the row)."""
    db.session.flush()
    return promote_waiting(talkshow, site, now or utcnow())


# --- Registering -------------------------------------------------------------------------------


def register(
    talkshow_id: int, data: RegistrationInput, site: Site, *, now: datetime | None = None
) -> RegistrationResult:
    """Register someone: a seat while one is free, else the waiting list; the same address never twice."""
    return place(talkshow_id, clean_input(data), site, now=now or utcnow(), check_window=True)


def register_public(
    slug: str, data: RegistrationInput, site: Site, *, now: datetime | None = None
) -> RegistrationResult:
    """``register`` through the public form: the talkshow is the public one at this address (else NotFound).

    The address is resolved by the seat claim itself, so a registration costs no lookup before it.
    """
    return place(None, clean_input(data), site, now=now or utcnow(), check_window=True, public_slug=slug)


def place(
    talkshow_id: int | None,
    clean: RegistrationInput,
    site: Site,
    *,
    now: datetime,
    check_window: bool,
    public_slug: str | None = None,
) -> RegistrationResult:
    """Store checked input; organisers may place people outside the online window (not when cancelled or past).

    The talkshow's row is locked from the seat decision (``counter.claim``, one UPDATE) to the commit;
    under it only the check for the same address and the inserts run. Nothing is rendered or sent here.
    """
    with outbox_transaction() as messages:
        _begin_write()
        claimed = counter.claim(talkshow_id, public_slug=public_slug)
        if claimed is None:
            raise NotFound(public_slug or str(talkshow_id))
        talkshow_id = claimed.talkshow_id
        reason = capacity.registration_closed_reason(claimed.window, now)
        if reason is not None and (check_window or reason in {capacity.Closed.CANCELLED, capacity.Closed.PAST}):
            raise RegistrationClosed(reason)  # the rollback takes the claim back
        existing = db.session.scalar(
            select(Registration).where(
                Registration.talkshow_id == talkshow_id, Registration.email_key == clean.email.lower()
            )
        )
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            counter.give_back(talkshow_id, claimed)
            token = rotate_token(existing)
            messages.append(queue("again", existing, site, token=token, registered_again=True))
            return RegistrationResult("again", existing.id, existing.status)
        if existing is not None:  # came back after cancelling: a new place, at the end of the line
            registration, outcome = existing, "reactivated"
            registration.cancelled_at = None
            registration.checked_in_at = None
        else:
            registration, outcome = Registration(talkshow_id=talkshow_id, checkin_code=new_checkin_code()), "new"
            db.session.add(registration)
        token = new_token()
        _fill(registration, clean, claimed.status, token, now)
        counter.mark_counted(registration)
        if claimed.status == RegistrationStatus.CONFIRMED:
            messages.append(queue("confirmed", registration, site, token=token, invite="REQUEST"))
        else:
            messages.append(queue("waitlisted", registration, site, token=token, position=claimed.position))
        return RegistrationResult(outcome, registration.id, claimed.status)


def _fill(
    registration: Registration, clean: RegistrationInput, status: RegistrationStatus, token: str, now: datetime
) -> None:
    registration.name = clean.name
    registration.email = clean.email
    registration.email_key = clean.email.lower()
    registration.affiliation = Affiliation(clean.affiliation) if clean.affiliation else None
    registration.organisation = clean.organisation
    registration.accessibility_needs = clean.accessibility_needs
    registration.language = clean.language
    registration.status = status
    registration.token_hash = token_hash(token)
    registration.queued_at = now
    registration.created_at = registration.created_at or now
    registration.consent_at = now if clean.consent else None
    registration.confirmed_at = now if status == RegistrationStatus.CONFIRMED else None


def resend_link(talkshow_id: int, email: str, site: Site) -> None:
    """Mail a fresh link to whoever registered with this address; says nothing about whether anyone did."""
    address = normalise_email(email)
    with outbox_transaction() as messages:
        talkshow = lock_talkshow(talkshow_id)
        registration = db.session.scalar(
            select(Registration).where(
                Registration.talkshow_id == talkshow.id,
                Registration.email_key == address.lower(),
                Registration.anonymised_at.is_(None),
            )
        )
        if registration is not None:
            messages.append(queue("again", registration, site, token=rotate_token(registration)))


# --- The registrant's own page -----------------------------------------------------------------


def by_token(token: str) -> Registration:
    if not token or len(token) > 200:
        raise NotFound("token")
    registration = db.session.scalar(
        select(Registration)
        .where(Registration.token_hash == token_hash(token), Registration.anonymised_at.is_(None))
        .options(joinedload(Registration.talkshow).options(selectinload(Talkshow.venue), selectinload(Talkshow.theme)))
    )
    if registration is None:
        raise NotFound("token")
    return registration


def lock_own(token: str) -> tuple[Talkshow, Registration]:
    """Inside the use case's transaction: the talkshow of this link, locked, and its registration read afresh."""
    found = by_token(token)
    registration_id, talkshow_id = found.id, found.talkshow_id
    talkshow = lock_talkshow(talkshow_id)
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration is None:
        raise NotFound("token")
    return talkshow, registration


def cancel(token: str, site: Site, *, now: datetime | None = None) -> Registration:
    """The registrant gives up their seat or place in line; the next in line gets the seat."""
    now = now or utcnow()
    with outbox_transaction() as messages:
        talkshow, registration = lock_own(token)
        if registration.talkshow.ends_at < now:
            raise RegistrationError.on("", _l("This talkshow is over; there is nothing left to cancel."))
        messages.extend(release_seat(registration, talkshow, site, now, by_organiser=False, token=token))
    return registration


def invite_for(token: str, site: Site) -> tuple[Registration, str]:
    """The personal calendar file to download (PUBLISH: downloads never pose as an invitation)."""
    registration = by_token(token)
    if registration.status != RegistrationStatus.CONFIRMED and not registration.talkshow.is_cancelled:
        raise NotFound("no seat")
    return registration, personal_invite(registration.talkshow, registration, site, "PUBLISH")
