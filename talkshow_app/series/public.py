"""What the public sees of the series: the programme, the next talkshows, one talkshow, one speaker.

Only published and cancelled talkshows are public; anything else answers ``NotFound`` (organisers may
preview a draft at its public address).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from ..database import utcnow
from ..domain import NotFound
from ..extensions import db
from .models import Speaker, Talkshow, TalkshowSpeaker, TalkshowStatus, Theme

if TYPE_CHECKING:
    from ..labs.models import Lab  # types only: labs builds on the series, not the other way round

PUBLIC_STATUSES = (TalkshowStatus.PUBLISHED, TalkshowStatus.CANCELLED)


def _with_programme(query: Select) -> Select:
    """Load what every talkshow listing shows, in three queries: talkshows with theme and venue, speakers with their
    organisation, the speakers' labs (many-to-one joined in, collections by id)."""
    return query.options(
        joinedload(Talkshow.theme),
        joinedload(Talkshow.venue),
        joinedload(Talkshow.image),
        selectinload(Talkshow.speaker_links)
        .joinedload(TalkshowSpeaker.speaker)
        .options(joinedload(Speaker.organisation), joinedload(Speaker.photo), selectinload(Speaker.labs)),
    )


@dataclass(frozen=True)
class Programme:
    upcoming: list[Talkshow]
    past: list[Talkshow]
    theme: Theme | None


def themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.name)))


def next_talkshows(limit: int = 3, now: datetime | None = None) -> list[Talkshow]:
    """The home page's cards: theme, image, title, time, venue, seats; no speakers, so none are loaded (one query)."""
    now = now or utcnow()
    query = (
        select(Talkshow)
        .where(Talkshow.status.in_(PUBLIC_STATUSES), Talkshow.ends_at >= now)
        .order_by(Talkshow.starts_at)
        .limit(limit)
        .options(joinedload(Talkshow.theme), joinedload(Talkshow.venue), joinedload(Talkshow.image))
    )
    return list(db.session.scalars(query))


def programme(theme_slug: str | None = None, now: datetime | None = None) -> Programme:
    """Published talkshows, upcoming first (soonest first), then past (latest first)."""
    now = now or utcnow()
    theme = None
    query = select(Talkshow).where(Talkshow.status.in_(PUBLIC_STATUSES))
    if theme_slug:
        theme = db.session.scalar(select(Theme).where(Theme.slug == theme_slug))
        if theme is None:
            raise NotFound(theme_slug)
        query = query.where(Talkshow.theme_id == theme.id)
    talkshows = list(db.session.scalars(_with_programme(query.order_by(Talkshow.starts_at))))
    upcoming = [t for t in talkshows if t.ends_at >= now]
    past = [t for t in reversed(talkshows) if t.ends_at < now]
    return Programme(upcoming=upcoming, past=past, theme=theme)


def public_talkshow(slug: str, include_drafts: bool = False) -> Talkshow:
    """A public talkshow; with ``include_drafts`` (an organiser's preview) a draft too."""
    statuses = (*PUBLIC_STATUSES, TalkshowStatus.DRAFT) if include_drafts else PUBLIC_STATUSES
    query = _with_programme(select(Talkshow).where(Talkshow.slug == slug, Talkshow.status.in_(statuses)))
    talkshow = db.session.scalar(query)
    if talkshow is None:
        raise NotFound(slug)
    return talkshow


def labs_of(talkshow: Talkshow) -> list[Lab]:
    """The labs the talkshow's speakers work in, each once, in speaking order."""
    seen: dict[int, Lab] = {}
    for link in talkshow.speaker_links:
        for lab in link.speaker.labs:
            seen.setdefault(lab.id, lab)
    return list(seen.values())


@dataclass(frozen=True)
class SpeakerPage:
    speaker: Speaker
    # Public appearances only (no drafts), latest first.
    appearances: list[TalkshowSpeaker]


def speaker_page(slug: str) -> SpeakerPage:
    query = (
        select(Speaker)
        .where(Speaker.slug == slug)
        .options(
            selectinload(Speaker.organisation),
            selectinload(Speaker.labs),
            selectinload(Speaker.appearances).selectinload(TalkshowSpeaker.talkshow).selectinload(Talkshow.theme),
        )
    )
    speaker = db.session.scalar(query)
    if speaker is None:
        raise NotFound(slug)
    appearances = sorted(
        (a for a in speaker.appearances if a.talkshow.status in PUBLIC_STATUSES),
        key=lambda a: a.talkshow.starts_at,
        reverse=True,
    )
    return SpeakerPage(speaker=speaker, appearances=appearances)
