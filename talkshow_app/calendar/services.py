"""Calendar use cases: talkshows from the database turned into files, feeds and personal invites.

Everything here reads; nothing is stored. The text itself comes from the pure builder in
``ics.py``; this module decides which talkshows a file holds and what they say. Calendar text is
Dutch unless a language is asked for explicitly, so a shared feed is the same for everyone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parseaddr
from typing import Any

from flask_babel import force_locale, gettext
from sqlalchemy import Select, and_, inspect, or_, select
from sqlalchemy.orm import selectinload

from .. import domain
from ..database import utcnow
from ..extensions import db
from ..series.models import Speaker, Talkshow, TalkshowSpeaker, TalkshowStatus, Theme
from ..site import Site
from .ics import CalendarEvent, EventStatus, FeedInfo, Method, Person, build_calendar, event_uid, invitation

SERIES_NAME = "Den Haag Draait Door"
SERIES_FILENAME = "den-haag-draait-door"
DEFAULT_LANGUAGE = "nl"
# The languages calendar text is written in; anything else falls back to Dutch.
CALENDAR_LANGUAGES = ("nl", "en")


class NotFound(domain.NotFound):
    """No public talkshow or theme answers to this slug."""


@dataclass(frozen=True)
class CalendarFile:
    """A finished .ics file with what HTTP needs to serve it and answer conditional requests."""

    text: str
    filename: str
    last_modified: datetime | None
    inline: bool

    @property
    def etag(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:32]


def _with_calendar_details(query: Select) -> Select:
    """Everything an event's text shows, in a fixed number of queries (no lazy loads per speaker)."""
    return query.options(
        selectinload(Talkshow.theme),
        selectinload(Talkshow.venue),
        selectinload(Talkshow.speaker_links).selectinload(TalkshowSpeaker.speaker).selectinload(Speaker.organisation),
    )


def calendar_language(language: str | None) -> str:
    return language if language in CALENDAR_LANGUAGES else DEFAULT_LANGUAGE


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _sender(site: Site) -> Person:
    name = parseaddr(site.sender)[0] or SERIES_NAME
    return Person(email=site.sender_address, name=name)


def _talkshow_url(talkshow: Talkshow, site: Site) -> str:
    return site.link(f"/talkshows/{talkshow.slug}")


def _description(talkshow: Talkshow, site: Site, language: str) -> str:
    """Plain text: what it is about, the theme, who speaks (with their organisation), where to read more.

    Only public facts: never a registration link, since invites get forwarded.
    """
    lines: list[str] = []
    if talkshow.is_cancelled:
        lines += [gettext("This talkshow has been cancelled."), ""]
    if talkshow.summary:
        lines += [talkshow.summary, ""]
    lines.append(gettext("Theme: %(theme)s", theme=talkshow.theme.display_name(language)))
    if talkshow.speaker_links:
        lines.append(gettext("Speakers:"))
        for link in talkshow.speaker_links:
            speaker = link.speaker
            if speaker.organisation is not None:
                lines.append(f"- {speaker.name} ({speaker.organisation.name})")
            else:
                lines.append(f"- {speaker.name}")
    if talkshow.livestream_url:
        lines.append(gettext("Livestream: %(url)s", url=talkshow.livestream_url))
    lines += ["", gettext("More information: %(url)s", url=_talkshow_url(talkshow, site))]
    return "\n".join(lines)


def talkshow_event(
    talkshow: Talkshow,
    site: Site,
    *,
    language: str = DEFAULT_LANGUAGE,
    attendee: Person | None = None,
    with_organizer: bool = False,
) -> CalendarEvent:
    """The talkshow as a calendar event; its theme, venue and speakers should be loaded already.

    Files and feeds name the organiser too (RFC 5546 wants an ORGANIZER in a PUBLISH); only
    personal invites name an attendee.
    """
    language = calendar_language(language)
    with force_locale(language):
        cancelled = talkshow.is_cancelled
        summary = gettext("Cancelled: %(title)s", title=talkshow.title) if cancelled else talkshow.title
        venue = talkshow.venue
        location = ", ".join(part for part in (venue.name, venue.address) if part) if venue else ""
        geo = None
        if venue is not None and venue.latitude is not None and venue.longitude is not None:
            geo = (venue.latitude, venue.longitude)
        return CalendarEvent(
            uid=event_uid(talkshow.id, site.host),
            summary=summary,
            description=_description(talkshow, site, language),
            location=location,
            geo=geo,
            url=_talkshow_url(talkshow, site),
            categories=(talkshow.theme.display_name(language),),
            status=EventStatus.CANCELLED if cancelled else EventStatus.CONFIRMED,
            sequence=talkshow.sequence,
            starts_at=_aware(talkshow.starts_at),
            ends_at=_aware(talkshow.ends_at),
            created=_aware(talkshow.created_at or talkshow.updated_at or utcnow()),
            last_modified=_aware(talkshow.updated_at or talkshow.created_at or utcnow()),
            organizer=_sender(site) if with_organizer or attendee is not None else None,
            attendee=attendee,
        )


def _loaded(talkshow: Talkshow) -> Talkshow:
    """Load what the event text needs when the caller has not, a level at a time, never per speaker.

    Callers (mails sent from the series' change signals, the registrant's page) hand in talkshows
    loaded for other purposes; only what is still missing is fetched.
    """
    state: Any = inspect(talkshow)
    if not state.persistent:
        return talkshow
    if {"speaker_links", "theme", "venue"} & state.unloaded:
        db.session.scalar(_with_calendar_details(select(Talkshow).where(Talkshow.id == talkshow.id)))
    links = [link for link in talkshow.speaker_links if "speaker" in inspect(link).unloaded]
    if links:
        db.session.scalars(
            select(TalkshowSpeaker)
            .where(TalkshowSpeaker.id.in_([link.id for link in links]))
            .options(selectinload(TalkshowSpeaker.speaker).selectinload(Speaker.organisation))
        ).all()
    speakers = [link.speaker for link in talkshow.speaker_links if "organisation" in inspect(link.speaker).unloaded]
    if speakers:
        db.session.scalars(
            select(Speaker).where(Speaker.id.in_([s.id for s in speakers])).options(selectinload(Speaker.organisation))
        ).all()
    return talkshow


def invite_ics(
    talkshow: Talkshow,
    site: Site,
    *,
    attendee_email: str,
    attendee_name: str,
    method: str,
    language: str = DEFAULT_LANGUAGE,
) -> str:
    """The personal invite for one registrant: REQUEST (confirmed or moved), CANCEL, or PUBLISH.

    The UID stays the talkshow's and SEQUENCE is the talkshow's, so a later copy replaces the
    earlier one in the registrant's calendar; a CANCEL removes it.
    """
    chosen = Method(method.upper())
    attendee = Person(email=attendee_email, name=attendee_name)
    event = talkshow_event(_loaded(talkshow), site, language=language, attendee=attendee, with_organizer=True)
    return invitation(event, method=chosen, stamp=utcnow())


def _public(query: Select) -> Select:
    return query.where(Talkshow.status.in_((TalkshowStatus.PUBLISHED, TalkshowStatus.CANCELLED)))


def talkshow_file(slug: str, site: Site, *, language: str = DEFAULT_LANGUAGE) -> CalendarFile:
    """One public talkshow as a downloadable file (METHOD:PUBLISH), cancelled ones included."""
    talkshow = db.session.scalar(_with_calendar_details(_public(select(Talkshow).where(Talkshow.slug == slug))))
    if talkshow is None:
        raise NotFound(slug)
    event = talkshow_event(talkshow, site, language=language, with_organizer=True)
    return CalendarFile(
        text=build_calendar([event], method=Method.PUBLISH),
        filename=f"{talkshow.slug}.ics",
        last_modified=event.last_modified,
        inline=False,
    )


def _feed_talkshows(now: datetime, theme: Theme | None = None) -> list[Talkshow]:
    """Published talkshows, and cancelled ones until they are past (so subscribers drop them)."""
    query = select(Talkshow).where(
        or_(
            Talkshow.status == TalkshowStatus.PUBLISHED,
            and_(Talkshow.status == TalkshowStatus.CANCELLED, Talkshow.ends_at >= now),
        )
    )
    if theme is not None:
        query = query.where(Talkshow.theme_id == theme.id)
    query = query.order_by(Talkshow.starts_at, Talkshow.id)
    return list(db.session.scalars(_with_calendar_details(query)))


def _feed(
    talkshows: Sequence[Talkshow], site: Site, *, name: str, description: str, filename: str, language: str
) -> CalendarFile:
    events = [talkshow_event(t, site, language=language, with_organizer=True) for t in talkshows]
    text = build_calendar(events, method=Method.PUBLISH, feed=FeedInfo(name=name, description=description))
    last_modified = max((e.last_modified for e in events), default=None)
    return CalendarFile(text=text, filename=filename, last_modified=last_modified, inline=True)


def series_feed(site: Site, *, language: str = DEFAULT_LANGUAGE, now: datetime | None = None) -> CalendarFile:
    """The whole series as a subscribable feed."""
    language = calendar_language(language)
    with force_locale(language):
        description = gettext("Talkshows of the City Deal Kennis Maken in The Hague.")
    return _feed(
        _feed_talkshows(now or utcnow()),
        site,
        name=SERIES_NAME,
        description=description,
        filename=f"{SERIES_FILENAME}.ics",
        language=language,
    )


def theme_feed(
    theme_slug: str, site: Site, *, language: str = DEFAULT_LANGUAGE, now: datetime | None = None
) -> CalendarFile:
    """One theme's talkshows as a subscribable feed."""
    language = calendar_language(language)
    theme = db.session.scalar(select(Theme).where(Theme.slug == theme_slug))
    if theme is None:
        raise NotFound(theme_slug)
    theme_name = theme.display_name(language)
    with force_locale(language):
        description = gettext("Talkshows about %(theme)s of the City Deal Kennis Maken in The Hague.", theme=theme_name)
    return _feed(
        _feed_talkshows(now or utcnow(), theme),
        site,
        name=f"{SERIES_NAME} – {theme_name}",
        description=description,
        filename=f"{SERIES_FILENAME}-{theme.slug}.ics",
        language=language,
    )
