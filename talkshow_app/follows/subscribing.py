"""The follower's use cases: follow (double opt-in), confirm, change, renew, export, delete, unsubscribe.

Nobody learns from the answer whether an address was known: ``follow`` always answers the same
and the mail goes to the address itself (a confirmation link, or for a confirmed follower a link to
their page). Nothing but that mail is sent before the link is used; at most one such mail per
address per ``LINK_THROTTLE``, so the form cannot be used to flood someone's inbox.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from ..database import transaction, utcnow
from ..domain import NotFound
from ..extensions import db
from ..mailing.models import OutboxMessage, OutboxStatus
from ..mailing.services import queue_mail
from ..series.models import Theme
from ..site import Site
from . import tokens
from .inputs import Choices, FollowInput, PreferencesInput, check_choices, check_follow, check_frequency
from .models import Follower, FollowerStadsdeel, FollowItem

LINK_THROTTLE = timedelta(minutes=10)
CONFIRM_WITHIN = timedelta(days=7)  # an unconfirmed follow is deleted after this
KEEP_FOR = timedelta(days=365)  # a confirmed follow is deleted this long after the last confirmation
CONFIRM_TEMPLATE = "follows/email/confirm"
ALREADY_TEMPLATE = "follows/email/already"


def _theme_slugs() -> set[str]:
    return set(db.session.scalars(select(Theme.slug)))


def _apply(follower: Follower, choices: Choices) -> None:
    follower.themes = list(db.session.scalars(select(Theme).where(Theme.slug.in_(choices.themes))))
    follower.stadsdelen = [FollowerStadsdeel(stadsdeel=name) for name in choices.stadsdelen]
    follower.everything = choices.everything


def follow(data: FollowInput, site: Site, secret: str, now: datetime | None = None) -> None:
    """Ask to follow; raises FollowError for bad input. The same outcome whether the address was known."""
    now = now or utcnow()
    with transaction() as session:
        email, choices = check_follow(data, _theme_slugs())
        follower = session.scalar(select(Follower).where(Follower.email == email))
        if follower is None:
            key = tokens.new_link_key()
            follower = Follower(
                email=email,
                language=data.language,
                link_key=key,
                token_hash=tokens.token_hash(tokens.link_token(secret, key)),
                created_at=now,
            )
            session.add(follower)
            _apply(follower, choices)
        elif not follower.is_confirmed:
            _apply(follower, choices)  # nothing is sent to an unconfirmed address, so its choices may change
            follower.language = data.language
        if follower.link_sent_at is not None and now - follower.link_sent_at < LINK_THROTTLE:
            return
        session.flush()
        follower.link_sent_at = now
        _queue_link_mail(follower, site, secret)


def _queue_link_mail(follower: Follower, site: Site, secret: str) -> None:
    token = tokens.link_token(secret, follower.link_key)
    queue_mail(
        to=follower.email,
        template=ALREADY_TEMPLATE if follower.is_confirmed else CONFIRM_TEMPLATE,
        language=follower.language,
        context={"follower_id": follower.id, "token": token},
        site=site,
        headers=tokens.unsubscribe_headers(site, token),
    )


def follower_by_token(token: str) -> Follower:
    if not token or len(token) > 100:
        raise NotFound("no follower")
    follower = db.session.scalar(select(Follower).where(Follower.token_hash == tokens.token_hash(token)))
    if follower is None:
        raise NotFound("no follower")
    return follower


def expires_at(follower: Follower) -> datetime | None:
    return follower.confirmed_at + KEEP_FOR if follower.confirmed_at else None


def confirm(token: str, now: datetime | None = None) -> Follower:
    """The link was used: mails may be sent from now on; also renews the follow for a year."""
    with transaction():
        follower = follower_by_token(token)
        follower.confirmed_at = now or utcnow()
    return follower


def save_preferences(token: str, data: PreferencesInput, now: datetime | None = None) -> Follower:
    """Change what and how often; saving also confirms and renews (the follower acted on their page)."""
    with transaction():
        follower = follower_by_token(token)
        choices = check_choices(data.themes, data.stadsdelen, _theme_slugs())
        follower.frequency = check_frequency(data.frequency)
        _apply(follower, choices)
        follower.confirmed_at = now or utcnow()
    return follower


def delete_follower(token: str) -> None:
    """Forget the follower: the row, what they followed, their pending items and their queued follow mails."""
    with transaction() as session:
        follower = follower_by_token(token)
        _erase(session, [follower])


def unsubscribe(token: str) -> bool:
    """One-click: stop every follow mail of this follower (and forget them); False when the link is unknown."""
    try:
        delete_follower(token)
    except NotFound:
        return False
    return True


def _erase(session: Any, followers: list[Follower]) -> int:
    if not followers:
        return 0
    emails = [f.email for f in followers]
    session.execute(
        delete(OutboxMessage)
        .where(
            OutboxMessage.to_address.in_(emails),
            OutboxMessage.template.like("follows/%"),
            OutboxMessage.status != OutboxStatus.SENT,
        )
        .execution_options(synchronize_session=False)
    )
    for follower in followers:
        session.delete(follower)
    return len(followers)


def export(token: str) -> dict[str, Any]:
    """Everything stored about the follower, as plain JSON values."""
    follower = follower_by_token(token)
    items = db.session.scalars(select(FollowItem).where(FollowItem.follower_id == follower.id).order_by(FollowItem.id))
    moment = expires_at(follower)

    def iso(value: datetime | None) -> str | None:
        return value.isoformat(timespec="seconds") if value else None

    return {
        "email": follower.email,
        "language": follower.language,
        "follows_everything": follower.everything,
        "themes": [theme.slug for theme in follower.themes],
        "stadsdelen": follower.stadsdeel_names,
        "frequency": follower.frequency.value,
        "created_at": iso(follower.created_at),
        "confirmed_at": iso(follower.confirmed_at),
        "expires_at": iso(moment),
        "last_mailed_at": iso(follower.last_mailed_at),
        "publications": [
            {
                "kind": item.kind.value,
                "id": item.subject_id,
                "found_at": iso(item.created_at),
                "mailed_at": iso(item.mailed_at),
            }
            for item in items
        ],
    }


def purge(now: datetime | None = None) -> tuple[int, int]:
    """Delete follows unconfirmed for 7 days and follows confirmed over a year ago; (unconfirmed, expired)."""
    now = now or utcnow()
    with transaction() as session:
        unconfirmed = list(
            session.scalars(
                select(Follower).where(Follower.confirmed_at.is_(None), Follower.created_at < now - CONFIRM_WITHIN)
            )
        )
        expired = list(session.scalars(select(Follower).where(Follower.confirmed_at < now - KEEP_FOR)))
        return _erase(session, unconfirmed), _erase(session, expired)
