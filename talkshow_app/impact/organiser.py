"""The organiser's extra figures: no-show rate, how fast each talkshow filled, mail delivery from the outbox.

Organisers see the attendee lists anyway, so these counts are exact (not thresholded); evaluation
answers stay anonymous and thresholded here too.

* no-show rate: confirmed registrations not checked in, of all confirmed (talkshows held);
* registrations before the start: registrations made (any status now) up to 28, 14, 7 and 1 days
  before the start and at the start;
* days until full: from registration opening (else the first registration) to the confirmation
  that took the last seat, for talkshows whose confirmed seats reached their capacity;
* mail: outbox rows per kind of mail (template) and status.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ..accounts.models import Role
from ..database import utcnow
from ..domain import Actor, require_role
from ..extensions import db
from ..mailing.models import OutboxMessage, OutboxStatus
from ..registrations.capacity import no_show_rate
from ..registrations.models import Registration, RegistrationStatus
from ..series.models import Talkshow, TalkshowStatus

DAYS_BEFORE = (28, 14, 7, 1, 0)
SHOWN = 40  # the most recent talkshows on the page


@dataclass(frozen=True)
class Filling:
    slug: str
    title: str
    starts_at: datetime
    held: bool
    capacity: int
    confirmed: int
    checked_in: int
    no_show_rate: float | None  # None before the talkshow or without confirmed seats
    registered_before: dict[int, int]  # days before the start -> registrations made by then
    days_to_full: int | None


@dataclass(frozen=True)
class MailFigures:
    kind: str
    queued: int
    sent: int
    failed: int


@dataclass(frozen=True)
class OrganiserFigures:
    talkshows: list[Filling]
    mails: list[MailFigures]


def organiser_figures(actor: Actor | None, *, now: datetime | None = None) -> OrganiserFigures:
    require_role(actor, Role.ORGANISER)
    now = now or utcnow()
    return OrganiserFigures(talkshows=_fillings(now), mails=_mails())


def _fillings(now: datetime) -> list[Filling]:
    talkshows = db.session.scalars(
        select(Talkshow)
        .where(Talkshow.status == TalkshowStatus.PUBLISHED)
        .order_by(Talkshow.starts_at.desc(), Talkshow.id.desc())
        .limit(SHOWN)
    ).all()
    rows: dict[int, list[tuple[datetime, RegistrationStatus, datetime | None, datetime | None]]] = defaultdict(list)
    if talkshows:
        for talkshow_id, created_at, status, confirmed_at, checked_in_at in db.session.execute(
            select(
                Registration.talkshow_id,
                Registration.created_at,
                Registration.status,
                Registration.confirmed_at,
                Registration.checked_in_at,
            ).where(Registration.talkshow_id.in_([t.id for t in talkshows]))
        ):
            rows[talkshow_id].append((created_at, status, confirmed_at, checked_in_at))
    result = []
    for talkshow in reversed(talkshows):
        registrations = rows[talkshow.id]
        confirmed = sum(1 for _c, status, _f, _i in registrations if status == RegistrationStatus.CONFIRMED)
        checked_in = sum(1 for *_rest, checked in registrations if checked is not None)
        held = talkshow.ends_at <= now
        before = {
            days: sum(1 for created, *_rest in registrations if created <= talkshow.starts_at - timedelta(days=days))
            for days in DAYS_BEFORE
        }
        result.append(
            Filling(
                slug=talkshow.slug,
                title=talkshow.title,
                starts_at=talkshow.starts_at,
                held=held,
                capacity=talkshow.capacity,
                confirmed=confirmed,
                checked_in=checked_in,
                no_show_rate=no_show_rate(confirmed, checked_in) if held else None,
                registered_before=before,
                days_to_full=days_to_full(talkshow, registrations),
            )
        )
    return result


def days_to_full(talkshow: Talkshow, registrations: list) -> int | None:
    moments = sorted(
        confirmed_at
        for _c, status, confirmed_at, _i in registrations
        if status == RegistrationStatus.CONFIRMED and confirmed_at is not None
    )
    if talkshow.capacity <= 0 or len(moments) < talkshow.capacity:
        return None
    start = talkshow.registration_opens_at or min(created for created, *_rest in registrations)
    return max(0, (moments[talkshow.capacity - 1] - start).days)


def _mails() -> list[MailFigures]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for template, status, count in db.session.execute(
        select(OutboxMessage.template, OutboxMessage.status, func.count()).group_by(
            OutboxMessage.template, OutboxMessage.status
        )
    ):
        counts[template or "—"][status.value] += count
    return [
        MailFigures(
            kind,
            queued=c[OutboxStatus.QUEUED.value],
            sent=c[OutboxStatus.SENT.value],
            failed=c[OutboxStatus.FAILED.value],
        )
        for kind, c in sorted(counts.items())
    ]
