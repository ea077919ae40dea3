"""Organisers: the attendee list and its CSV, adding/cancelling/promoting by hand, check-in at the door."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from ..accounts.models import Role, User
from ..database import transaction, utcnow
from ..domain import require_role
from ..extensions import db
from ..series.models import Talkshow
from ..site import Site
from ..timezones import to_local
from .errors import NotFound, RegistrationError
from .inputs import RegistrationInput, clean_input
from .labels import AFFILIATION_LABELS, STATUS_LABELS
from .models import Registration, RegistrationStatus
from .notifications import outbox_transaction
from .seats import RegistrationResult, SeatCounts, lock_talkshow, place, promote_waiting, release_seat, seat_counts

# Confirmed first, then the waiting list in order, then the cancelled.
_LIST_ORDER = case(
    (Registration.status == RegistrationStatus.CONFIRMED, 0),
    (Registration.status == RegistrationStatus.WAITLISTED, 1),
    else_=2,
)
CSV_INJECTION = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AttendeeList:
    talkshow: Talkshow
    counts: SeatCounts
    registrations: list[Registration]
    over: bool = False  # the talkshow has ended: nobody is cancelled or promoted any more


def attendee_list(
    talkshow_id: int, actor: User, *, search: str = "", statuses: tuple[RegistrationStatus, ...] = ()
) -> AttendeeList:
    """The talkshow, its counts and its registrations (confirmed, then waiting in order, then cancelled)."""
    require_role(actor, Role.ORGANISER)
    talkshow = db.session.scalar(
        select(Talkshow)
        .where(Talkshow.id == talkshow_id)
        .options(selectinload(Talkshow.venue), selectinload(Talkshow.theme))
    )
    if talkshow is None:
        raise NotFound(str(talkshow_id))
    query = select(Registration).where(Registration.talkshow_id == talkshow_id, Registration.anonymised_at.is_(None))
    words = search.strip()[:100]
    if words:
        pattern = "%" + words.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(func.lower(Registration.name).like(pattern, escape="\\"))
    if statuses:
        query = query.where(Registration.status.in_(statuses))
    registrations = list(db.session.scalars(query.order_by(_LIST_ORDER, Registration.queued_at, Registration.id)))
    over = talkshow.ends_at < utcnow()
    return AttendeeList(talkshow, seat_counts([talkshow_id])[talkshow_id], registrations, over=over)


def add_by_organiser(
    talkshow_id: int, data: RegistrationInput, actor: User, site: Site, *, now: datetime | None = None
) -> RegistrationResult:
    """An organiser registers someone (by phone, at the door): same seat rules, also outside the online window."""
    require_role(actor, Role.ORGANISER)
    clean = clean_input(data, require_consent=False)
    return place(talkshow_id, clean, site, now=now or utcnow(), check_window=False)


def _registration_of(talkshow_id: int, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration is None or registration.talkshow_id != talkshow_id or registration.anonymised_at is not None:
        raise NotFound(str(registration_id))
    return registration


def cancel_by_organiser(
    talkshow_id: int, registration_id: int, actor: User, site: Site, *, now: datetime | None = None
) -> Registration:
    require_role(actor, Role.ORGANISER)
    now = now or utcnow()
    with outbox_transaction() as messages:
        talkshow = lock_talkshow(talkshow_id)
        _refuse_when_over(talkshow, now)
        registration = _registration_of(talkshow_id, registration_id)
        messages.extend(release_seat(registration, talkshow, site, now, by_organiser=True))
    return registration


def _refuse_when_over(talkshow: Talkshow, now: datetime) -> None:
    """After the talkshow a cancellation or promotion would only mail people about an evening that is past."""
    if talkshow.ends_at < now:
        raise RegistrationError.on("", _l("This talkshow is over: nobody can be cancelled or promoted any more."))


def promote_by_organiser(
    talkshow_id: int, registration_id: int, actor: User, site: Site, *, now: datetime | None = None
) -> Registration:
    """Move someone to the front of the waiting list; they get a seat now if one is free, else the next one.

    Never beyond capacity: to seat more people, raise the capacity (which promotes in order).
    """
    require_role(actor, Role.ORGANISER)
    now = now or utcnow()
    with outbox_transaction() as messages:
        talkshow = lock_talkshow(talkshow_id)
        _refuse_when_over(talkshow, now)
        registration = _registration_of(talkshow_id, registration_id)
        if registration.status != RegistrationStatus.WAITLISTED:
            raise RegistrationError.on("", _l("Only people on the waiting list can be promoted."))
        first = db.session.scalar(
            select(func.min(Registration.queued_at)).where(
                Registration.talkshow_id == talkshow_id, Registration.status == RegistrationStatus.WAITLISTED
            )
        )
        registration.queued_at = min(first or now, registration.queued_at) - timedelta(microseconds=1)
        db.session.flush()
        messages.extend(promote_waiting(talkshow, site, now))
    return registration


def set_checked_in(
    talkshow_id: int, registration_id: int, actor: User, present: bool, *, now: datetime | None = None
) -> Registration:
    """Mark someone present at the door (or undo a mistaken tap)."""
    require_role(actor, Role.ORGANISER)
    with transaction():
        registration = _registration_of(talkshow_id, registration_id)
        if present and registration.status == RegistrationStatus.CANCELLED:
            raise RegistrationError.on("", _l("This registration was cancelled; add the person again instead."))
        registration.checked_in_at = (registration.checked_in_at or now or utcnow()) if present else None
    return registration


def by_checkin_code(code: str, actor: User) -> Registration:
    require_role(actor, Role.ORGANISER)
    registration = db.session.scalar(
        select(Registration).where(Registration.checkin_code == code[:64], Registration.anonymised_at.is_(None))
    )
    if registration is None:
        raise NotFound("code")
    return registration


# --- Export for Excel --------------------------------------------------------------------------


def csv_cell(value: Any) -> str:
    """Excel runs cells that start with = + - @ (or a tab/CR before them) as formulas: prefix a quote."""
    text = "" if value is None else str(value)
    if text.startswith(CSV_INJECTION):
        return "'" + text
    return text


def _moment(value: datetime | None) -> str:
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def csv_rows(attendees: AttendeeList) -> list[list[str]]:
    """The header and one row per person, every text cell neutralised."""
    rows = [
        [
            _("Name"),
            _("E-mail address"),
            _("Status"),
            _("Affiliation"),
            _("Organisation"),
            _("Accessibility needs"),
            _("Registered at"),
            _("Checked in"),
        ]
    ]
    for r in attendees.registrations:
        rows.append(
            [
                csv_cell(r.name),
                csv_cell(r.email),
                csv_cell(STATUS_LABELS[r.status.value]),
                csv_cell(AFFILIATION_LABELS[r.affiliation.value] if r.affiliation else ""),
                csv_cell(r.organisation),
                csv_cell(r.accessibility_needs),
                _moment(r.created_at),
                _moment(r.checked_in_at),
            ]
        )
    return rows


def attendee_csv(attendees: AttendeeList) -> str:
    """``;``-separated UTF-8 with a BOM: Dutch Excel opens it correctly, accents included."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerows(csv_rows(attendees))
    return "\ufeff" + buffer.getvalue()
