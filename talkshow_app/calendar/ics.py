"""The calendar builder: plain event values in, iCalendar (RFC 5545) text out.

Pure on purpose — no Flask, no database — so every rule calendars care about (UIDs, time zones,
escaping, folding, iTIP methods) is tested without HTTP. The icalendar library does the
serialisation (escaping and folding at 75 octets); this module decides what goes in.

The Europe/Amsterdam VTIMEZONE is written by hand in the rule-based form (one STANDARD and one
DAYLIGHT part, each with a yearly RRULE). icalendar's ``add_missing_timezones()`` writes long
RDATE lists instead, which Outlook is known to misread, shifting summer events by an hour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress, vDuration, vRecur

TZID = "Europe/Amsterdam"
AMSTERDAM = ZoneInfo(TZID)
PRODID = "-//City Deal Kennis Maken Den Haag//Den Haag Draait Door//NL"
# How often subscribed calendars should look again (RFC 7986 REFRESH-INTERVAL and its older
# X-PUBLISHED-TTL twin, which Outlook and Apple Calendar still read).
REFRESH_INTERVAL = timedelta(hours=1)


class Method(StrEnum):
    """iTIP methods (RFC 5546): files and feeds PUBLISH; only personal mails REQUEST or CANCEL."""

    PUBLISH = "PUBLISH"
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


class EventStatus(StrEnum):
    CONFIRMED = "CONFIRMED"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class Person:
    """An ORGANIZER or ATTENDEE: an e-mail address and the name calendars show for it."""

    email: str
    name: str = ""


@dataclass(frozen=True)
class CalendarEvent:
    """One talkshow as calendars see it. Times are aware datetimes (any zone)."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    created: datetime
    last_modified: datetime
    sequence: int = 0
    status: EventStatus = EventStatus.CONFIRMED
    description: str = ""
    location: str = ""
    geo: tuple[float, float] | None = None
    url: str = ""
    categories: Sequence[str] = field(default_factory=tuple)
    organizer: Person | None = None
    attendee: Person | None = None

    def __post_init__(self) -> None:
        for name in ("starts_at", "ends_at", "created", "last_modified"):
            if getattr(self, name).tzinfo is None:
                raise ValueError(f"{name} must be an aware datetime")
        if self.ends_at <= self.starts_at:
            raise ValueError("an event must end after it starts")


@dataclass(frozen=True)
class FeedInfo:
    """What a subscribable feed tells the calendar app about itself."""

    name: str
    description: str = ""


def event_uid(talkshow_id: int, host: str) -> str:
    """The UID that identifies a talkshow in every calendar for good, whatever changes."""
    return f"talkshow-{talkshow_id}@{host}"


def category_text(name: str) -> str:
    """A category without commas: CATEGORIES is a comma-separated list and some parsers split
    on an escaped comma too, which would turn "Wonen, werk" into two broken categories."""
    return " ".join(name.replace(",", " ").split())


def amsterdam_timezone() -> Timezone:
    """The rule-based VTIMEZONE: CEST from the last Sunday of March, CET from the last of October."""
    timezone = Timezone()
    timezone.add("tzid", TZID)
    timezone.add("x-lic-location", TZID)

    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    daylight.add("dtstart", datetime(1970, 3, 29, 2, 0, 0))  # noqa: DTZ001 - local time (RFC 5545 VTIMEZONE)
    daylight.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))

    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    standard.add("dtstart", datetime(1970, 10, 25, 3, 0, 0))  # noqa: DTZ001 - local time (RFC 5545 VTIMEZONE)
    standard.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))

    timezone.add_component(daylight)
    timezone.add_component(standard)
    return timezone


def local_or_utc(moment: datetime) -> datetime:
    """Amsterdam wall-clock time for DTSTART/DTEND, except the second 02:xx of the October night.

    A local time that occurs twice means the first occurrence (RFC 5545 §3.3.5), so the later
    one is written in UTC to land at the right instant.
    """
    local = moment.astimezone(AMSTERDAM)
    if local.fold:
        return moment.astimezone(UTC)
    return local


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def _address(person: Person, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = person.name
    for key, value in params.items():
        address.params[key] = value
    return address


def build_event(event: CalendarEvent, method: Method, stamp: datetime) -> Event:
    """One VEVENT; ``stamp`` is its DTSTAMP (when this copy of the event was made)."""
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", _utc(stamp))
    vevent.add("dtstart", local_or_utc(event.starts_at.replace(microsecond=0)))
    vevent.add("dtend", local_or_utc(event.ends_at.replace(microsecond=0)))
    vevent.add("summary", event.summary)
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.geo is not None:
        vevent.add("geo", event.geo)
    if event.url:
        vevent.add("url", event.url, parameters={"VALUE": "URI"})
    if event.categories:
        vevent.add("categories", [category_text(c) for c in event.categories])
    status = EventStatus.CANCELLED if method == Method.CANCEL else event.status
    vevent.add("status", status.value)
    vevent.add("sequence", event.sequence)
    vevent.add("created", _utc(event.created))
    vevent.add("last-modified", _utc(event.last_modified))
    vevent.add("transp", "OPAQUE")
    vevent.add("class", "PUBLIC")
    if method in (Method.REQUEST, Method.CANCEL):
        if event.organizer is None or event.attendee is None:
            raise ValueError(f"a {method} needs an organizer and an attendee")
        vevent.add("organizer", _address(event.organizer))
        vevent.add(
            "attendee",
            _address(
                event.attendee,
                CUTYPE="INDIVIDUAL",
                ROLE="REQ-PARTICIPANT",
                PARTSTAT="NEEDS-ACTION",
                RSVP="FALSE",
            ),
        )
    elif event.organizer is not None:
        vevent.add("organizer", _address(event.organizer))
    return vevent


def _calendar(method: Method) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method.value)
    return calendar


def _serialise(calendar: Calendar) -> str:
    return calendar.to_ical().decode("utf-8")


def build_calendar(
    events: Iterable[CalendarEvent],
    *,
    method: Method = Method.PUBLISH,
    stamp: datetime | None = None,
    feed: FeedInfo | None = None,
) -> str:
    """A VCALENDAR with the Amsterdam VTIMEZONE and the given events, as iCalendar text.

    With ``stamp`` None each event's DTSTAMP is its LAST-MODIFIED, so the same data always gives
    the same bytes (stable ETags for feeds). iTIP messages pass the moment they are sent.
    """
    events = list(events)
    if method != Method.PUBLISH and len(events) != 1:
        raise ValueError(f"a {method} carries exactly one event")
    calendar = _calendar(method)
    if feed is not None:
        calendar.add("name", feed.name)
        calendar.add("x-wr-calname", feed.name)
        calendar.add("x-wr-timezone", TZID)
        if feed.description:
            calendar.add("description", feed.description)
            calendar.add("x-wr-caldesc", feed.description)
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    calendar.add_component(amsterdam_timezone())
    for event in events:
        calendar.add_component(build_event(event, method, stamp or event.last_modified))
    return _serialise(calendar)


def invitation(event: CalendarEvent, *, method: Method, stamp: datetime) -> str:
    """A personal iTIP message (REQUEST or CANCEL) or a personal PUBLISH copy of one event."""
    return build_calendar([event], method=method, stamp=stamp)
