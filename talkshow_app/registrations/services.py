"""Registration use cases: register, cancel, promote, check in, forget; each owns its transaction."""
from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, delete, func, select, text
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import Role, User
from ..database import utcnow
from ..extensions import db
from ..mailing import services as mailing
from ..mailing.models import OutboxMessage
from ..series.models import Talkshow, TalkshowStatus
from ..site import Site
from . import capacity
from .models import Affiliation, Registration, RegistrationStatus

LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class SeatCounts:
    confirmed: int = 0
    waitlisted: int = 0
    cancelled: int = 0
    checked_in: int = 0
    # Share of confirmed people who did not check in; only for talkshows that are over.
    no_show_rate: float | None = None


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


# --- Errors and inputs --------------------------------------------------------------------------


class NotFound(LookupError):
    """No registration or talkshow answers to this token, code or id."""


class RegistrationError(Exception):
    """Input or state that stops a registration; ``errors`` maps field names to messages ("" for the form)."""

    def __init__(self, errors: dict[str, list[Any]]):
        super().__init__(errors)
        self.errors = errors


class RegistrationClosed(RegistrationError):
    """The talkshow takes no registrations now (cancelled, past, not open yet, closed)."""

    def __init__(self, reason: capacity.Closed):
        super().__init__({"": [CLOSED_MESSAGES[reason]]})
        self.reason = reason


CLOSED_MESSAGES = {
    capacity.Closed.NOT_PUBLISHED: _l("This talkshow is not open for registration."),
    capacity.Closed.CANCELLED: _l("This talkshow has been cancelled, so registration is closed."),
    capacity.Closed.NOT_YET_OPEN: _l("Registration for this talkshow has not opened yet."),
    capacity.Closed.WINDOW_CLOSED: _l("Registration for this talkshow has closed."),
    capacity.Closed.PAST: _l("This talkshow has already taken place, so registration is closed."),
}

NAME_MAX, EMAIL_MAX, ORGANISATION_MAX, NEEDS_MAX = 120, 254, 160, 500
_MARKUP = re.compile(r"[<>{}\x00-\x1f\x7f]")


@dataclass(frozen=True)
class RegistrationInput:
    name: str
    email: str
    consent: bool
    affiliation: str | None = None
    organisation: str = ""
    accessibility_needs: str = ""
    language: str = "nl"


@dataclass(frozen=True)
class RegistrationResult:
    """What happened; the public page shows the same text whatever ``outcome`` is."""

    outcome: str  # "new", "again" (same address: link mailed again) or "reactivated"
    registration_id: int
    status: RegistrationStatus


def normalise_email(address: str) -> str:
    """The address as email-validator normalises it (no DNS look-ups); raises RegistrationError."""
    try:
        return validate_email(address.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise RegistrationError({"email": [_l("Enter a valid e-mail address, like name@example.org.")]}) from error


def clean_input(data: RegistrationInput, *, require_consent: bool = True) -> RegistrationInput:
    """The same rules as the form, so a service caller cannot store what the form would refuse."""
    errors: dict[str, list[Any]] = {}
    name = " ".join(data.name.split())
    if not name:
        errors.setdefault("name", []).append(_l("Enter your name."))
    elif len(name) > NAME_MAX:
        errors.setdefault("name", []).append(_l("Use at most %(max)s characters.", max=NAME_MAX))
    elif _MARKUP.search(name):
        errors.setdefault("name", []).append(_l("A name cannot contain angle brackets or curly braces."))
    email = ""
    if not data.email.strip():
        errors.setdefault("email", []).append(_l("Enter your e-mail address."))
    elif len(data.email.strip()) > EMAIL_MAX:
        errors.setdefault("email", []).append(_l("Use at most %(max)s characters.", max=EMAIL_MAX))
    else:
        try:
            email = normalise_email(data.email)
        except RegistrationError as error:
            errors.update(error.errors)
    if require_consent and not data.consent:
        errors.setdefault("consent", []).append(_l("Agree to the privacy statement to register."))
    affiliation = data.affiliation or None
    if affiliation is not None and affiliation not in {a.value for a in Affiliation}:
        errors.setdefault("affiliation", []).append(_l("Choose one of the options."))
    organisation = " ".join(data.organisation.split())
    if len(organisation) > ORGANISATION_MAX:
        errors.setdefault("organisation", []).append(_l("Use at most %(max)s characters.", max=ORGANISATION_MAX))
    needs = data.accessibility_needs.strip()
    if len(needs) > NEEDS_MAX:
        errors.setdefault("accessibility_needs", []).append(_l("Use at most %(max)s characters.", max=NEEDS_MAX))
    if errors:
        raise RegistrationError(errors)
    language = data.language if data.language in LANGUAGES else "nl"
    return RegistrationInput(name, email, data.consent, affiliation, organisation, needs, language)


# --- Tokens --------------------------------------------------------------------------------------


def new_token() -> str:
    """256 random bits for the registrant's secret link."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Only this is stored: a leaked database gives nobody a working link."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def manage_url(site: Site, token: str) -> str:
    return site.link(f"/registrations/{token}")


def checkin_url(site: Site, code: str) -> str:
    return site.link(f"/organiser/checkin/{code}")


# --- Serialising one talkshow's seats ----------------------------------------------------------


def _locked_talkshow(talkshow_id: int) -> Talkshow:
    """Start a write transaction that serialises every seat change of this talkshow, and load it.

    PostgreSQL: ``SELECT … FOR UPDATE`` on the talkshow row. SQLite ignores FOR UPDATE, so the
    transaction starts with ``BEGIN IMMEDIATE``: it takes the database's write lock before the
    seats are counted, and a competing registration waits (busy_timeout) instead of reading
    the same count.
    """
    session = db.session
    query = (
        select(Talkshow)
        .where(Talkshow.id == talkshow_id)
        .options(selectinload(Talkshow.venue), selectinload(Talkshow.theme))
        .execution_options(populate_existing=True)
    )
    if session.get_bind().dialect.name == "sqlite":
        session.rollback()  # this use case owns the transaction: start a fresh one that holds the write lock
        session.execute(text("BEGIN IMMEDIATE"))
    else:
        query = query.with_for_update(of=Talkshow)
    talkshow = session.scalar(query)
    if talkshow is None:
        session.rollback()
        raise NotFound(str(talkshow_id))
    return talkshow


def _counts(talkshow_id: int) -> tuple[int, int]:
    rows = db.session.execute(
        select(Registration.status, func.count())
        .where(Registration.talkshow_id == talkshow_id, Registration.status != RegistrationStatus.CANCELLED)
        .group_by(Registration.status)
    ).all()
    found = {status: n for status, n in rows}
    return found.get(RegistrationStatus.CONFIRMED, 0), found.get(RegistrationStatus.WAITLISTED, 0)


def _window(talkshow: Talkshow) -> capacity.Window:
    return capacity.Window(
        status=talkshow.status.value,
        starts_at=talkshow.starts_at,
        ends_at=talkshow.ends_at,
        opens_at=talkshow.registration_opens_at,
        closes_at=talkshow.registration_closes_at,
    )


def closed_reason(talkshow: Talkshow, now: datetime | None = None) -> capacity.Closed | None:
    return capacity.registration_closed_reason(_window(talkshow), now or utcnow())


def _commit_and_deliver(messages: list[OutboxMessage]) -> None:
    try:
        db.session.flush()
        ids = [m.id for m in messages]
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    mailing.deliver(ids)


# --- Mails -------------------------------------------------------------------------------------


def _invite(talkshow: Talkshow, registration: Registration, site: Site, method: str) -> str:
    from ..calendar.services import invite_ics

    return invite_ics(
        talkshow, site, attendee_email=registration.email, attendee_name=registration.name,
        method=method, language=registration.language,
    )


def _mail(
    kind: str, registration: Registration, talkshow: Talkshow, site: Site, *,
    token: str | None = None, invite: str | None = None, **context: Any,
) -> OutboxMessage:
    forgotten = kind == "forgotten"
    """Queue one of the registrant's mails (templates/registrations/email/<kind>.*) in their language."""
    with_seat = registration.status == RegistrationStatus.CONFIRMED and kind in {"confirmed", "promoted", "again", "reminder"}
    calendar = _invite(talkshow, registration, site, invite) if invite else None
    return mailing.queue_mail(
        to=registration.email,
        template=f"registrations/email/{kind}",
        language=registration.language,
        context={
            "registration": registration,
            "talkshow": talkshow,
            "manage_url": manage_url(site, token) if token else None,
            "talkshow_url": site.link(f"/talkshows/{talkshow.slug}"),
            "has_invite": calendar is not None,
            # Only a hash of the token is stored, so a mail with a link carries a fresh one.
            "link_replaces_earlier": kind in {"again", "promoted", "reminder"},
            **context,
        },
        site=site,
        calendar=calendar,
        calendar_method=invite,
        registration_id=None if forgotten else registration.id,
        qr_code_text=checkin_url(site, registration.checkin_code) if with_seat else None,
        erase_after_sending=forgotten,
    )


def _rotate_token(registration: Registration) -> str:
    """A fresh link (only its hash is stored, so the old link cannot be mailed again); the old one stops working."""
    token = new_token()
    registration.token_hash = token_hash(token)
    return token


def _promote(talkshow: Talkshow, site: Site, now: datetime) -> list[OutboxMessage]:
    """Give free seats to the front of the waiting list, in order; caller holds the talkshow's lock."""
    if closed_reason(talkshow, now) in {capacity.Closed.CANCELLED, capacity.Closed.PAST, capacity.Closed.NOT_PUBLISHED}:
        return []
    confirmed, waitlisted = _counts(talkshow.id)
    number = capacity.seats_to_promote(confirmed, talkshow.capacity, waitlisted)
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
        token = _rotate_token(registration)
        messages.append(_mail("promoted", registration, talkshow, site, token=token, invite="REQUEST"))
    return messages


# --- Registering -------------------------------------------------------------------------------


def register(talkshow_id: int, data: RegistrationInput, site: Site, *, now: datetime | None = None) -> RegistrationResult:
    """Register someone: a seat while one is free, else the waiting list; the same address never twice."""
    clean = clean_input(data)
    return _register(talkshow_id, clean, site, now=now or utcnow(), check_window=True)


def _register(talkshow_id: int, clean: RegistrationInput, site: Site, *, now: datetime, check_window: bool) -> RegistrationResult:
    talkshow = _locked_talkshow(talkshow_id)
    try:
        reason = closed_reason(talkshow, now)
        if reason is not None and (check_window or reason in {capacity.Closed.CANCELLED, capacity.Closed.PAST}):
            raise RegistrationClosed(reason)
        existing = db.session.scalar(
            select(Registration).where(
                Registration.talkshow_id == talkshow.id, Registration.email_key == clean.email.lower()
            )
        )
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            token = _rotate_token(existing)
            message = _mail("again", existing, talkshow, site, token=token)
            result = RegistrationResult("again", existing.id, existing.status)
            _commit_and_deliver([message])
            return result
        confirmed, waitlisted = _counts(talkshow.id)
        decision = capacity.decide(confirmed, talkshow.capacity, waitlisted)
        status = RegistrationStatus(decision.value)
        token = new_token()
        if existing is not None:  # came back after cancelling: a new place, at the end of the line
            registration, outcome = existing, "reactivated"
            registration.cancelled_at = None
            registration.checked_in_at = None
        else:
            registration, outcome = Registration(talkshow_id=talkshow.id, checkin_code=secrets.token_urlsafe(16)), "new"
            db.session.add(registration)
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
        db.session.flush()
        if status == RegistrationStatus.CONFIRMED:
            message = _mail("confirmed", registration, talkshow, site, token=token, invite="REQUEST")
        else:
            position = waitlisted + 1
            message = _mail("waitlisted", registration, talkshow, site, token=token, position=position)
        result = RegistrationResult(outcome, registration.id, status)
    except Exception:
        db.session.rollback()
        raise
    _commit_and_deliver([message])
    return result


def resend_link(talkshow_id: int, email: str, site: Site) -> None:
    """Mail a fresh link to whoever registered with this address; says nothing about whether anyone did."""
    try:
        address = normalise_email(email)
    except RegistrationError:
        raise
    talkshow = _locked_talkshow(talkshow_id)
    try:
        registration = db.session.scalar(
            select(Registration).where(
                Registration.talkshow_id == talkshow.id,
                Registration.email_key == address.lower(),
                Registration.anonymised_at.is_(None),
            )
        )
        if registration is None:
            db.session.rollback()
            return
        token = _rotate_token(registration)
        message = _mail("again", registration, talkshow, site, token=token)
    except Exception:
        db.session.rollback()
        raise
    _commit_and_deliver([message])


# --- The registrant's own page -----------------------------------------------------------------


def by_token(token: str) -> Registration:
    if not token or len(token) > 200:
        raise NotFound("token")
    registration = db.session.scalar(
        select(Registration)
        .where(Registration.token_hash == token_hash(token), Registration.anonymised_at.is_(None))
        .options(
            joinedload(Registration.talkshow).options(selectinload(Talkshow.venue), selectinload(Talkshow.theme))
        )
    )
    if registration is None:
        raise NotFound("token")
    return registration


def _cancel(registration: Registration, talkshow: Talkshow, site: Site, now: datetime, *, by_organiser: bool) -> list[OutboxMessage]:
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    had_seat = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    messages = [
        _mail("cancelled", registration, talkshow, site, invite="CANCEL" if had_seat else None, by_organiser=by_organiser)
    ]
    db.session.flush()
    if had_seat:
        messages += _promote(talkshow, site, now)
    return messages


def cancel(token: str, site: Site, *, now: datetime | None = None) -> Registration:
    """The registrant gives up their seat or place in line; the next in line gets the seat."""
    now = now or utcnow()
    registration_id, talkshow_id = _ids_for_token(token)
    talkshow = _locked_talkshow(talkshow_id)
    try:
        registration = db.session.get(Registration, registration_id, populate_existing=True)
        if registration.talkshow.ends_at < now:
            raise RegistrationError({"": [_l("This talkshow is over; there is nothing left to cancel.")]})
        messages = _cancel(registration, talkshow, site, now, by_organiser=False)
    except Exception:
        db.session.rollback()
        raise
    _commit_and_deliver(messages)
    return registration


def _ids_for_token(token: str) -> tuple[int, int]:
    registration = by_token(token)
    return registration.id, registration.talkshow_id


def forget(token: str, site: Site, *, now: datetime | None = None) -> None:
    """"Delete my data": give up the seat, then keep only an anonymous row so the counts stay right."""
    now = now or utcnow()
    registration_id, talkshow_id = _ids_for_token(token)
    talkshow = _locked_talkshow(talkshow_id)
    try:
        registration = db.session.get(Registration, registration_id, populate_existing=True)
        messages: list[OutboxMessage] = []
        if registration.status != RegistrationStatus.CANCELLED and talkshow.ends_at >= now:
            had_seat = registration.status == RegistrationStatus.CONFIRMED
            registration.status = RegistrationStatus.CANCELLED
            registration.cancelled_at = now
            # The last mail stands alone (no registration_id) and is wiped once sent.
            messages.append(_mail("forgotten", registration, talkshow, site, invite="CANCEL" if had_seat else None))
            db.session.flush()
            if had_seat:
                messages += _promote(talkshow, site, now)
        else:
            messages.append(_mail("forgotten", registration, talkshow, site))
        db.session.execute(
            delete(OutboxMessage)
            .where(OutboxMessage.registration_id == registration.id)
            .execution_options(synchronize_session=False)
        )
        _anonymise(registration, now)
    except Exception:
        db.session.rollback()
        raise
    _commit_and_deliver(messages)


def _anonymise(registration: Registration, now: datetime) -> None:
    """Keep status, affiliation and check-in (the counts); drop everything that points to a person."""
    registration.name = ""
    registration.email = ""
    registration.email_key = None
    registration.organisation = ""
    registration.accessibility_needs = ""
    registration.token_hash = token_hash(new_token())
    registration.checkin_code = secrets.token_urlsafe(16)
    registration.anonymised_at = now


def invite_for(token: str, site: Site) -> tuple[Registration, str]:
    """The personal calendar file to download (PUBLISH: downloads never pose as an invitation)."""
    registration = by_token(token)
    if registration.status != RegistrationStatus.CONFIRMED and not registration.talkshow.is_cancelled:
        raise NotFound("no seat")
    from ..calendar.services import invite_ics

    text_ = invite_ics(
        registration.talkshow, site, attendee_email=registration.email, attendee_name=registration.name,
        method="PUBLISH", language=registration.language,
    )
    return registration, text_


# --- Organisers --------------------------------------------------------------------------------


def _require_organiser(actor: User | None) -> None:
    if actor is None or not actor.has_role(Role.ORGANISER):
        raise PermissionError("organisers only")


@dataclass(frozen=True)
class AttendeeList:
    talkshow: Talkshow
    counts: SeatCounts
    registrations: list[Registration]


def attendee_list(talkshow_id: int, actor: User, *, search: str = "", statuses: tuple[RegistrationStatus, ...] = ()) -> AttendeeList:
    """The talkshow, its counts and its registrations (confirmed, then waiting in order, then cancelled)."""
    _require_organiser(actor)
    talkshow = db.session.scalar(
        select(Talkshow).where(Talkshow.id == talkshow_id).options(selectinload(Talkshow.venue), selectinload(Talkshow.theme))
    )
    if talkshow is None:
        raise NotFound(str(talkshow_id))
    order = case(
        (Registration.status == RegistrationStatus.CONFIRMED, 0),
        (Registration.status == RegistrationStatus.WAITLISTED, 1),
        else_=2,
    )
    query = select(Registration).where(Registration.talkshow_id == talkshow_id, Registration.anonymised_at.is_(None))
    words = search.strip()[:100]
    if words:
        pattern = "%" + words.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(func.lower(Registration.name).like(pattern, escape="\\"))
    if statuses:
        query = query.where(Registration.status.in_(statuses))
    registrations = list(db.session.scalars(query.order_by(order, Registration.queued_at, Registration.id)))
    return AttendeeList(talkshow, seat_counts([talkshow_id])[talkshow_id], registrations)


def add_by_organiser(talkshow_id: int, data: RegistrationInput, actor: User, site: Site, *, now: datetime | None = None) -> RegistrationResult:
    """An organiser registers someone (by phone, at the door): same seat rules, also when the online window is closed."""
    _require_organiser(actor)
    clean = clean_input(data, require_consent=False)
    return _register(talkshow_id, clean, site, now=now or utcnow(), check_window=False)


def _registration_of(talkshow_id: int, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id, populate_existing=True)
    if registration is None or registration.talkshow_id != talkshow_id or registration.anonymised_at is not None:
        db.session.rollback()
        raise NotFound(str(registration_id))
    return registration


def cancel_by_organiser(talkshow_id: int, registration_id: int, actor: User, site: Site, *, now: datetime | None = None) -> Registration:
    _require_organiser(actor)
    now = now or utcnow()
    talkshow = _locked_talkshow(talkshow_id)
    try:
        registration = _registration_of(talkshow_id, registration_id)
        messages = _cancel(registration, talkshow, site, now, by_organiser=True)
    except Exception:
        db.session.rollback()
        raise
    _commit_and_deliver(messages)
    return registration


def promote_by_organiser(talkshow_id: int, registration_id: int, actor: User, site: Site, *, now: datetime | None = None) -> Registration:
    """Move someone to the front of the waiting list; they get a seat now if one is free, else the next one.

    Never beyond capacity: to seat more people, raise the capacity (which promotes in order).
    """
    _require_organiser(actor)
    now = now or utcnow()
    talkshow = _locked_talkshow(talkshow_id)
    try:
        registration = _registration_of(talkshow_id, registration_id)
        if registration.status != RegistrationStatus.WAITLISTED:
            raise RegistrationError({"": [_l("Only people on the waiting list can be promoted.")]})
        first = db.session.scalar(
            select(func.min(Registration.queued_at)).where(
                Registration.talkshow_id == talkshow_id, Registration.status == RegistrationStatus.WAITLISTED
            )
        )
        registration.queued_at = min(first or now, registration.queued_at) - timedelta(microseconds=1)
        db.session.flush()
        messages = _promote(talkshow, site, now)
    except Exception:
        db.session.rollback()
        raise
    _commit_and_deliver(messages)
    return registration


def set_checked_in(talkshow_id: int, registration_id: int, actor: User, present: bool, *, now: datetime | None = None) -> Registration:
    """Mark someone present at the door (or undo a mistaken tap)."""
    _require_organiser(actor)
    registration = _registration_of(talkshow_id, registration_id)
    if present and registration.status == RegistrationStatus.CANCELLED:
        raise RegistrationError({"": [_l("This registration was cancelled; add the person again instead.")]})
    registration.checked_in_at = (registration.checked_in_at or now or utcnow()) if present else None
    db.session.commit()
    return registration


def by_checkin_code(code: str, actor: User) -> Registration:
    _require_organiser(actor)
    registration = db.session.scalar(
        select(Registration).where(Registration.checkin_code == code[:64], Registration.anonymised_at.is_(None))
    )
    if registration is None:
        raise NotFound("code")
    return registration


# --- Signals from the series: moved, cancelled, more seats ------------------------------------


def _active(talkshow_id: int) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.talkshow_id == talkshow_id,
                Registration.status.in_((RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)),
                Registration.anonymised_at.is_(None),
            )
            .order_by(Registration.id)
        )
    )


def on_rescheduled(talkshow: Talkshow, site: Site, changes: set[str], previous: dict[str, Any]) -> list[OutboxMessage]:
    """Tell everyone with a seat or a place in line; seat holders get the updated invite (same UID, higher SEQUENCE)."""
    messages = []
    for registration in _active(talkshow.id):
        seated = registration.status == RegistrationStatus.CONFIRMED
        messages.append(
            _mail("talkshow_changed", registration, talkshow, site, invite="REQUEST" if seated else None,
                  changes=sorted(changes), previous=previous)
        )
    return messages


def on_cancelled(talkshow: Talkshow, site: Site) -> list[OutboxMessage]:
    """Tell everyone; seat holders get METHOD:CANCEL so the event leaves their calendar."""
    messages = []
    for registration in _active(talkshow.id):
        seated = registration.status == RegistrationStatus.CONFIRMED
        messages.append(_mail("talkshow_cancelled", registration, talkshow, site, invite="CANCEL" if seated else None))
    return messages


def on_capacity_changed(talkshow: Talkshow, site: Site, now: datetime | None = None) -> list[OutboxMessage]:
    """More seats: the waiting list moves up in order (the organiser's transaction already locks the row)."""
    db.session.flush()
    return _promote(talkshow, site, now or utcnow())


# --- Reminders and privacy ---------------------------------------------------------------------


def send_reminders(site: Site, *, within_hours: int = 48, now: datetime | None = None) -> int:
    """Queue one reminder per seat holder of talkshows starting within the window; never twice."""
    now = now or utcnow()
    talkshow_ids = db.session.scalars(
        select(Talkshow.id).where(
            Talkshow.status == TalkshowStatus.PUBLISHED,
            Talkshow.starts_at > now,
            Talkshow.starts_at <= now + timedelta(hours=within_hours),
        )
    ).all()
    db.session.rollback()
    queued = 0
    for talkshow_id in talkshow_ids:
        talkshow = _locked_talkshow(talkshow_id)  # a second run waits here and then finds nothing left to do
        try:
            due = db.session.scalars(
                select(Registration).where(
                    Registration.talkshow_id == talkshow_id,
                    Registration.status == RegistrationStatus.CONFIRMED,
                    Registration.reminder_sent_at.is_(None),
                    Registration.anonymised_at.is_(None),
                ).order_by(Registration.id)
            ).all()
            messages = []
            for registration in due:
                registration.reminder_sent_at = now
                token = _rotate_token(registration)
                messages.append(_mail("reminder", registration, talkshow, site, token=token, invite="REQUEST"))
        except Exception:
            db.session.rollback()
            raise
        _commit_and_deliver(messages)
        queued += len(messages)
    return queued


@dataclass(frozen=True)
class PurgeResult:
    registrations: int
    mails: int


def purge_personal_data(site: Site, *, now: datetime | None = None) -> PurgeResult:
    """AVG: anonymise registrations of talkshows that ended more than ``site.retention_days`` ago; counts stay."""
    now = now or utcnow()
    cutoff = now - timedelta(days=site.retention_days)
    try:
        old = db.session.scalars(
            select(Registration)
            .join(Talkshow, Talkshow.id == Registration.talkshow_id)
            .where(Talkshow.ends_at < cutoff, Registration.anonymised_at.is_(None))
        ).all()
        ids = [r.id for r in old]
        mails = 0
        if ids:
            mails += db.session.execute(
                delete(OutboxMessage).where(OutboxMessage.registration_id.in_(ids)).execution_options(synchronize_session=False)
            ).rowcount or 0
        for registration in old:
            _anonymise(registration, now)
        mails += mailing.purge_sent(cutoff)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return PurgeResult(registrations=len(ids), mails=mails)
