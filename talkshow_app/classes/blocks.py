"""Booking a class's block of seats, students joining it, and the unused seats going back to the public.

A block holds its seats in the talkshow's ``seats_taken`` (``ClassBlock.held``), decided under the
same lock of the talkshow's row as every single registration (``seats.lock_talkshow`` and
``counter.claim``), so blocks and single registrations together never pass the capacity.
A student who joins takes one of the block's held seats: the seat moves from the block to the
registration and the counter stays. After the release (``release_due``) or for a block on the
waiting list, a student joins the talkshow's own line (``counter.claim``), still at most ``seats``.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import Table, select, update

from ..database import utcnow
from ..extensions import db
from ..mailing.models import OutboxMessage
from ..registrations import counter, seats
from ..registrations.errors import NotFound, RegistrationClosed, RegistrationError
from ..registrations.inputs import RegistrationInput, clean_input
from ..registrations.models import Registration, RegistrationStatus
from ..registrations.notifications import outbox_transaction, queue
from ..registrations.tokens import new_checkin_code, new_token, token_hash
from ..series.models import Organisation, Talkshow
from ..site import Site
from . import mails
from .inputs import BlockInput, clean_block
from .models import ClassBlock, ClassMember

_TALKSHOWS = cast(Table, Talkshow.__table__)
_BLOCKS = cast(Table, ClassBlock.__table__)


class DoesNotFit(RegistrationError):
    """Fewer seats are free than the class needs: the teacher chooses (``BlockInput.if_full``)."""

    def __init__(self, free: int):
        message = _l(
            "Only %(free)d seats are left. Choose: take those seats, or put the class on the waiting list.", free=free
        )
        super().__init__({"if_full": [message if free else NO_SEATS]})
        self.free = free


NO_SEATS = _l("No seats are left. You can put the class on the waiting list.")


@dataclass(frozen=True)
class Booked:
    block_id: int
    token: str  # the teacher's secret link
    join_token: str  # the students' join link
    seats: int
    waitlisted: bool


def join_token_of(token: str) -> str:
    """The students' join link follows from the teacher's (never stored): the teacher's page can always show it."""
    digest = hashlib.sha256(b"class-join:" + token.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _free(talkshow_id: int) -> int:
    capacity, taken, waiting = counter.current(talkshow_id)
    return 0 if waiting else max(0, capacity - taken)


def book(talkshow_id: int, data: BlockInput, site: Site, *, now: datetime | None = None) -> Booked:
    """Hold seats for a class, all of them, the seats that remain, or none on the waiting list (teacher's choice)."""
    now = now or utcnow()
    clean = clean_block(data)
    with outbox_transaction() as messages:
        talkshow = seats.lock_talkshow(talkshow_id)  # the seat decision of this talkshow, serialised
        reason = seats.closed_reason(talkshow, now)
        if reason is not None:
            raise RegistrationClosed(reason)
        if talkshow.class_max <= 0:
            raise RegistrationError.on("", _l("This talkshow takes no class bookings."))
        if clean.students > talkshow.class_max:
            message = _l("A class can book at most %(max)d seats for this talkshow.", max=talkshow.class_max)
            raise RegistrationError.on("students", message)
        free = _free(talkshow.id)
        number, waitlisted = clean.students, False
        if number > free:
            if clean.if_full == "remaining" and free > 0:
                number = free
            elif clean.if_full == "waitlist":
                waitlisted = True
            else:
                raise DoesNotFit(free)
        if not waitlisted:
            _hold(talkshow.id, number)
        token = new_token()
        join_token = join_token_of(token)
        block = ClassBlock(
            talkshow_id=talkshow.id,
            token_hash=token_hash(token),
            join_token_hash=token_hash(join_token),
            course=clean.course,
            institution=clean.institution,
            seats=number,
            waitlisted=waitlisted,
            teacher_name=clean.teacher_name,
            teacher_email=clean.teacher_email,
            language=clean.language,
            consent_at=now,
            created_at=now,
        )
        db.session.add(block)
        db.session.flush()
        messages.append(mails.queue("booked", block, site, token=token, join_token=join_token))
        return Booked(block.id, token, join_token, number, waitlisted)


def _hold(talkshow_id: int, number: int) -> None:
    """Count ``number`` seats as taken, only while they fit: the guard repeats the decision in the UPDATE."""
    table = _TALKSHOWS
    result = db.session.execute(
        update(table)
        .where(table.c.id == talkshow_id, table.c.seats_taken + number <= table.c.capacity)
        .values(seats_taken=table.c.seats_taken + number, updated_at=table.c.updated_at)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise DoesNotFit(_free(talkshow_id))


# --- Students --------------------------------------------------------------------------------------


def by_join_token(join_token: str) -> ClassBlock:
    return _by(ClassBlock.join_token_hash, join_token)


def by_token(token: str) -> ClassBlock:
    return _by(ClassBlock.token_hash, token)


def _by(column, token: str) -> ClassBlock:
    if not token or len(token) > 200:
        raise NotFound("token")
    block = db.session.scalar(select(ClassBlock).where(column == token_hash(token)))
    if block is None:
        raise NotFound("token")
    return block


CLASS_FULL = _l("Every place of this class is taken. Ask your teacher, or register for the talkshow yourself.")


def join(join_token: str, data: RegistrationInput, site: Site, *, now: datetime | None = None) -> Registration:
    """A student registers inside the block: one of its held seats, or (after the release) the talkshow's line."""
    now = now or utcnow()
    clean = clean_input(data)
    with outbox_transaction() as messages:
        block = by_join_token(join_token)
        block_id, talkshow_id = block.id, block.talkshow_id
        talkshow = seats.lock_talkshow(talkshow_id)
        reason = seats.closed_reason(talkshow, now)
        if reason is not None:
            raise RegistrationClosed(reason)
        existing = db.session.scalar(
            select(Registration.id).where(
                Registration.talkshow_id == talkshow.id, Registration.email_key == clean.email.lower()
            )
        )
        if existing is not None:
            raise RegistrationError.on(
                "email", _l("This address is already registered for this talkshow; the link is in your mail.")
            )
        if _take(block_id, holding=True):
            status = RegistrationStatus.CONFIRMED  # the block's seat becomes the student's
        elif _take(block_id, holding=False):
            claimed = counter.claim(talkshow.id)
            if claimed is None:  # cannot happen: the talkshow is locked above; say so rather than assume
                raise NotFound(str(talkshow.id))
            status = claimed.status
        else:
            raise RegistrationError.on("", CLASS_FULL)
        registration = Registration(talkshow_id=talkshow.id, checkin_code=new_checkin_code())
        db.session.add(registration)
        token = new_token()
        seats._fill(registration, clean, status, token, now)  # noqa: SLF001 - the same fields as a registration
        counter.mark_counted(registration)
        db.session.flush()
        db.session.add(ClassMember(registration_id=registration.id, block_id=block_id))
        if status == RegistrationStatus.CONFIRMED:
            messages.append(queue("confirmed", registration, site, token=token, invite="REQUEST"))
        else:
            messages.append(queue("waitlisted", registration, site, token=token, position=_position(talkshow.id)))
    return registration


def _take(block_id: int, *, holding: bool) -> bool:
    """One place of the block, in one conditional UPDATE: never more students than ``seats``."""
    table = _BLOCKS
    condition = [table.c.id == block_id, table.c.joined < table.c.seats]
    if holding:
        condition += [table.c.released_at.is_(None), table.c.waitlisted.is_(False)]
    result = db.session.execute(update(table).where(*condition).values(joined=table.c.joined + 1))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def _position(talkshow_id: int) -> int:
    return counter.current(talkshow_id)[2]


# --- The release of unused seats --------------------------------------------------------------------


def release_moment(talkshow: Talkshow) -> datetime:
    return talkshow.starts_at - timedelta(hours=max(0, talkshow.class_release_hours))


def release_due(site: Site, *, now: datetime | None = None) -> int:
    """Give the unused seats of every block whose moment has come back to the public; how many blocks.

    Idempotent: a released block holds nothing and is skipped. The freed seats go to the front of
    the waiting list in order (``seats.promote_waiting``), in the talkshow's lock.
    """
    now = now or utcnow()
    candidates = db.session.execute(
        select(ClassBlock.id, ClassBlock.talkshow_id)
        .join(Talkshow, Talkshow.id == ClassBlock.talkshow_id)
        .where(ClassBlock.released_at.is_(None), ClassBlock.waitlisted.is_(False), Talkshow.ends_at > now)
        .order_by(ClassBlock.id)
    ).all()
    db.session.rollback()
    _warn_due(site, now)
    released = 0
    for block_id, talkshow_id in candidates:
        with outbox_transaction() as messages:
            talkshow = seats.lock_talkshow(talkshow_id)
            block = db.session.get(ClassBlock, block_id, populate_existing=True)
            if block is None or block.released_at is not None or release_moment(talkshow) > now:
                continue
            messages.extend(_release(block, talkshow, site, now))
            released += 1
    return released


WARNING = timedelta(days=1)


def _warn_due(site: Site, now: datetime) -> None:
    """A day before the release, tell each teacher whose block still holds unused seats; once."""
    blocks = db.session.scalars(
        select(ClassBlock)
        .join(Talkshow, Talkshow.id == ClassBlock.talkshow_id)
        .where(
            ClassBlock.warned_at.is_(None),
            ClassBlock.released_at.is_(None),
            ClassBlock.waitlisted.is_(False),
            ClassBlock.joined < ClassBlock.seats,
            Talkshow.ends_at > now,
        )
        .order_by(ClassBlock.id)
    ).all()
    due = [(block.id, release_moment(talkshow)) for block in blocks if (talkshow := _talkshow(block))]
    db.session.rollback()
    for block_id, moment in due:
        if not moment - WARNING <= now < moment:
            continue
        with outbox_transaction() as messages:
            block = db.session.get(ClassBlock, block_id, populate_existing=True, with_for_update=True)
            if block is None or block.warned_at is not None:
                continue
            block.warned_at = now
            messages.append(mails.queue("release_soon", block, site, release_at=moment.isoformat(), unused=block.held))


def _talkshow(block: ClassBlock) -> Talkshow | None:
    return db.session.get(Talkshow, block.talkshow_id)


def _release(block: ClassBlock, talkshow: Talkshow, site: Site, now: datetime) -> list[OutboxMessage]:
    unused = block.held
    block.released_at = now
    if unused:
        table = _TALKSHOWS
        db.session.execute(
            update(table)
            .where(table.c.id == talkshow.id)
            .values(seats_taken=table.c.seats_taken - unused, updated_at=table.c.updated_at)
        )
    db.session.flush()
    return seats.promote_waiting(talkshow, site, now)


# --- Privacy -------------------------------------------------------------------------------------------


def purge_personal_data(site: Site, *, now: datetime | None = None) -> int:
    """With the registrations (``flask privacy purge``): forget the teachers of talkshows past the retention period.

    The block keeps its course, institution and numbers (the counts); its links stop working.
    """
    now = now or utcnow()
    cutoff = now - timedelta(days=site.retention_days)
    with outbox_transaction():
        old = db.session.scalars(
            select(ClassBlock)
            .join(Talkshow, Talkshow.id == ClassBlock.talkshow_id)
            .where(Talkshow.ends_at < cutoff, ClassBlock.teacher_email != "")
        ).all()
        for block in old:
            block.teacher_name = ""
            block.teacher_email = ""
            block.token_hash = token_hash(new_token())
            block.join_token_hash = token_hash(new_token())
        return len(old)


# --- The teacher's page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    name: str
    status: RegistrationStatus
    attended: bool


def members(block: ClassBlock) -> list[Member]:
    rows = db.session.execute(
        select(Registration.name, Registration.status, Registration.checked_in_at)
        .join(ClassMember, ClassMember.registration_id == Registration.id)
        .where(ClassMember.block_id == block.id, Registration.anonymised_at.is_(None))
        .order_by(Registration.name, Registration.id)
    ).all()
    return [Member(name, status, checked_in is not None) for name, status, checked_in in rows]


def attended_csv(block: ClassBlock) -> str:
    """The names of the students who were checked in, one per line, for the course's records."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name"])
    for member in members(block):
        if member.attended:
            writer.writerow([_safe_cell(member.name)])
    return out.getvalue()


def _safe_cell(value: str) -> str:
    """No spreadsheet formulas from a name someone typed."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def partner_institutions() -> list[str]:
    """The partner institutions' names, for the teacher to choose from (the form adds "anders")."""
    query = select(Organisation.name).where(Organisation.is_partner.is_(True)).order_by(Organisation.name)
    return list(db.session.scalars(query))


def talkshow_of(block: ClassBlock) -> Talkshow:
    """The talkshow the block is for (the teacher's and the students' pages show it)."""
    talkshow = db.session.get(Talkshow, block.talkshow_id)
    if talkshow is None:  # the foreign key cascades, so only a race with a deletion gets here
        raise NotFound(str(block.talkshow_id))
    return talkshow
