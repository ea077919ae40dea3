"""From publication events to follow mails, outside any request (``flask follows send`` and the mail worker).

1. Fan-out: each new event becomes one ``FollowItem`` per confirmed follower of its themes, its
   stadsdelen or everything, in ONE ``INSERT … SELECT`` (and never twice for a follower and subject).
2. Grouping: a follower's pending items become ONE outbox mail when due. "direct": an hour after the
   first item (edits within that hour are in the same mail, rendered at delivery), at most one mail a
   local day; several publications on one day are one mail. "weekly": a digest once a week.
Each mail carries the follower's page link and a one-click unsubscribe (``tokens``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import CursorResult, delete, exists, func, literal, or_, select, update
from sqlalchemy import insert as insert_into

from ..database import utcnow
from ..extensions import db
from ..mailing.services import queue_mail
from ..site import Site
from ..timezones import to_local
from . import subjects, tokens
from .models import Follower, FollowerStadsdeel, FollowerTheme, FollowItem, Frequency, PublicationEvent

SETTLE = timedelta(hours=1)
WEEK = timedelta(days=7)
EVENTS_KEPT = timedelta(days=30)
DIGEST_TEMPLATE = "follows/email/digest"


@dataclass(frozen=True)
class SendResult:
    events: int
    items: int
    mails: int


def fan_out(now: datetime, limit: int = 100) -> tuple[int, int]:
    """Turn new events into items; (events, items). Each event is claimed, fanned out and committed alone."""
    ids = db.session.scalars(
        select(PublicationEvent.id)
        .where(PublicationEvent.fanned_out_at.is_(None))
        .order_by(PublicationEvent.id)
        .limit(limit)
    ).all()
    db.session.commit()
    events = items = 0
    for event_id in ids:
        claimed: CursorResult = db.session.execute(  # type: ignore[assignment]
            update(PublicationEvent)
            .where(PublicationEvent.id == event_id, PublicationEvent.fanned_out_at.is_(None))
            .values(fanned_out_at=now)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # another runner has it
            db.session.rollback()
            continue
        event = db.session.get(PublicationEvent, event_id)
        assert event is not None  # nosec B101 - just claimed
        items += _insert_items(event)
        db.session.commit()
        events += 1
    return events, items


def _insert_items(event: PublicationEvent) -> int:
    """One INSERT … SELECT; an item dates from the publish (the hour of grace counts from there)."""
    kind, subject_id = event.kind, event.subject_id
    follows_theme = exists().where(
        FollowerTheme.follower_id == Follower.id, FollowerTheme.theme_id.in_(subjects.theme_ids(kind, subject_id))
    )
    follows_place = exists().where(
        FollowerStadsdeel.follower_id == Follower.id,
        FollowerStadsdeel.stadsdeel.in_(subjects.stadsdelen(kind, subject_id)),
    )
    told = exists().where(
        FollowItem.follower_id == Follower.id, FollowItem.kind == kind, FollowItem.subject_id == subject_id
    )
    followers = select(
        Follower.id,
        literal(kind, FollowItem.kind.type),
        literal(subject_id),
        literal(event.created_at, FollowItem.created_at.type),
    ).where(
        Follower.confirmed_at.is_not(None),
        or_(Follower.everything.is_(True), follows_theme, follows_place),
        ~told,
    )
    insert = insert_into(FollowItem).from_select(["follower_id", "kind", "subject_id", "created_at"], followers)
    # preserve_rowcount: without it psycopg's INSERT … SELECT reports -1
    result: CursorResult = db.session.execute(insert.execution_options(preserve_rowcount=True))  # type: ignore[assignment]
    return max(result.rowcount or 0, 0)


def _is_due(follower: Follower, oldest_item: datetime, now: datetime) -> bool:
    if follower.frequency == Frequency.WEEKLY:
        since = follower.last_mailed_at or follower.confirmed_at or follower.created_at
        return now - since >= WEEK
    if now - oldest_item < SETTLE:
        return False
    return follower.last_mailed_at is None or to_local(follower.last_mailed_at).date() < to_local(now).date()


def queue_due(site: Site, secret: str, now: datetime, limit: int = 500) -> int:
    """Queue one mail per follower whose pending items are due; how many mails were queued."""
    pending = db.session.execute(
        select(FollowItem.follower_id, func.min(FollowItem.created_at))
        .where(FollowItem.mailed_at.is_(None))
        .group_by(FollowItem.follower_id)
        .order_by(FollowItem.follower_id)
    ).all()
    oldest: dict[int, datetime] = {follower_id: moment for follower_id, moment in pending}  # noqa: C416
    mails = 0
    for start in range(0, len(oldest), 200):
        if mails >= limit:
            break
        chunk = list(oldest)[start : start + 200]
        followers = db.session.scalars(
            select(Follower).where(Follower.id.in_(chunk), Follower.confirmed_at.is_not(None))
        )
        for follower in followers:
            if mails >= limit:
                break
            if _is_due(follower, oldest[follower.id], now) and _queue_digest(follower, site, secret, now):
                mails += 1
        db.session.commit()
    return mails


def _queue_digest(follower: Follower, site: Site, secret: str, now: datetime) -> bool:
    items = db.session.scalars(
        select(FollowItem).where(FollowItem.follower_id == follower.id, FollowItem.mailed_at.is_(None))
    ).all()
    for item in items:
        item.mailed_at = now
    public = subjects.public_subjects((item.kind.value, item.subject_id) for item in items)
    if not public:  # all taken back before the mail: nothing to tell
        return False
    token = tokens.link_token(secret, follower.link_key)
    queue_mail(
        to=follower.email,
        template=DIGEST_TEMPLATE,
        language=follower.language,
        context={
            "follower_id": follower.id,
            "token": token,
            "items": [[s.kind.value, s.id] for s in public],
            "weekly": follower.frequency == Frequency.WEEKLY,
        },
        site=site,
        headers=tokens.unsubscribe_headers(site, token),
    )
    follower.last_mailed_at = now
    return True


def forget_old_events(now: datetime) -> None:
    """Fanned-out events are only bookkeeping (items keep who was told); drop them after a month."""
    db.session.execute(
        delete(PublicationEvent)
        .where(PublicationEvent.fanned_out_at < now - EVENTS_KEPT)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def run(site: Site, secret: str, now: datetime | None = None) -> SendResult:
    now = now or utcnow()
    events, items = fan_out(now)
    mails = queue_due(site, secret, now)
    forget_old_events(now)
    return SendResult(events, items, mails)
