"""The pure calendar builder, checked with two independent parsers and without the app."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from ical.timezone import IcsTimezoneInfo

from talkshow_app.calendar.ics import (
    CalendarEvent,
    EventStatus,
    FeedInfo,
    Method,
    Person,
    build_calendar,
    category_text,
    event_uid,
    invitation,
    local_or_utc,
)

from .helpers import only_event, parse_both, parse_strict, unfolded_lines

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CREATED = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
MODIFIED = datetime(2026, 11, 20, 14, 30, tzinfo=UTC)
ORGANIZER = Person("agenda@example.org", "Den Haag Draait Door")
ATTENDEE = Person("noor.bakker@example.org", "Noor Bakker-Ça\u011flar, jr.")


def make_event(**fields) -> CalendarEvent:
    starts_at = fields.pop("starts_at", datetime(2027, 2, 11, 19, 0, tzinfo=UTC))
    values = {
        "uid": event_uid(7, "talkshows.example.org"),
        "summary": "Samenleven in wijken",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "created": CREATED,
        "last_modified": MODIFIED,
        "sequence": 2,
        "description": "Thema: Samenleven in wijken",
        "location": "Café 't Hoekje, Schilderswijk",
        "geo": (52.0629, 4.3051),
        "url": "https://talkshows.example.org/talkshows/samenleven",
        "categories": ("Samenleven in wijken",),
    }
    values.update(fields)
    return CalendarEvent(**values)


def amsterdam(year, month, day, hour, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


# --- the time zone -----------------------------------------------------------------------------


def test_vtimezone_is_rule_based_with_a_standard_and_a_daylight_part():
    text = build_calendar([make_event()])
    calendar, strict = parse_both(text)
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Amsterdam"
    daylight = timezone.walk("DAYLIGHT")
    standard = timezone.walk("STANDARD")
    assert len(daylight) == 1 and len(standard) == 1
    assert daylight[0]["RRULE"] == {"FREQ": ["YEARLY"], "BYMONTH": [3], "BYDAY": ["-1SU"]}
    assert standard[0]["RRULE"] == {"FREQ": ["YEARLY"], "BYMONTH": [10], "BYDAY": ["-1SU"]}
    assert daylight[0]["TZOFFSETFROM"].td == timedelta(hours=1)
    assert daylight[0]["TZOFFSETTO"].td == timedelta(hours=2)
    assert standard[0]["TZOFFSETFROM"].td == timedelta(hours=2)
    assert standard[0]["TZOFFSETTO"].td == timedelta(hours=1)
    assert daylight[0]["DTSTART"].dt == datetime(1970, 3, 29, 2, 0)
    assert standard[0]["DTSTART"].dt == datetime(1970, 10, 25, 3, 0)
    # No RDATE lists anywhere (Outlook misreads them and shifts summer events by an hour).
    assert "RDATE" not in text
    assert strict.timezones[0].tz_id == "Europe/Amsterdam"


def test_vtimezone_rules_match_the_real_amsterdam_offsets_for_decades():
    """Evaluate our VTIMEZONE itself (not the zone database) and compare it day by day."""
    strict = parse_strict(build_calendar([make_event()]))
    from_vtimezone = IcsTimezoneInfo.from_timezone(strict.timezones[0])
    day = date(2024, 1, 1)
    while day < date(2040, 1, 1):
        noon = datetime(day.year, day.month, day.day, 12, 0)
        assert from_vtimezone.utcoffset(noon) == noon.replace(tzinfo=AMSTERDAM).utcoffset(), day
        day += timedelta(days=1)
    # Right around the changes of 2027: just before and just after the jump.
    for wall, offset in [
        (datetime(2027, 3, 28, 1, 59), 1),
        (datetime(2027, 3, 28, 3, 0), 2),
        (datetime(2027, 10, 31, 1, 59), 2),
        (datetime(2027, 10, 31, 3, 0), 1),
    ]:
        assert from_vtimezone.utcoffset(wall) == timedelta(hours=offset), wall


@pytest.mark.parametrize(
    ("local", "expected_utc"),
    [
        (amsterdam(2027, 3, 28, 20), datetime(2027, 3, 28, 18, 0, tzinfo=UTC)),  # first evening of summer time
        (amsterdam(2027, 3, 27, 20), datetime(2027, 3, 27, 19, 0, tzinfo=UTC)),  # the evening before: winter time
        (amsterdam(2027, 10, 31, 20), datetime(2027, 10, 31, 19, 0, tzinfo=UTC)),  # first evening of winter time
        (amsterdam(2027, 10, 30, 20), datetime(2027, 10, 30, 18, 0, tzinfo=UTC)),  # the evening before: summer time
        (amsterdam(2027, 7, 1, 20), datetime(2027, 7, 1, 18, 0, tzinfo=UTC)),
    ],
)
def test_talkshows_around_the_clock_changes_land_on_the_right_instant(local, expected_utc):
    text = build_calendar([make_event(starts_at=local.astimezone(UTC))])
    calendar, strict = parse_both(text)
    vevent = only_event(calendar)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert vevent["DTSTART"].dt.astimezone(UTC) == expected_utc
    assert strict.events[0].dtstart.astimezone(UTC) == expected_utc
    # The wall time written in the file, read through OUR VTIMEZONE, is the same instant.
    from_vtimezone = IcsTimezoneInfo.from_timezone(strict.timezones[0])
    wall = vevent["DTSTART"].dt.replace(tzinfo=None)
    assert wall.replace(tzinfo=from_vtimezone).astimezone(UTC) == expected_utc
    assert f"DTSTART;TZID=Europe/Amsterdam:{local:%Y%m%dT%H%M%S}" in text


def test_the_ambiguous_half_hour_of_the_october_night_keeps_its_instant():
    first = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30 summer time
    second = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # 02:30 winter time, an hour later
    assert local_or_utc(first).tzinfo == AMSTERDAM
    assert local_or_utc(second) == second and local_or_utc(second).tzinfo == UTC
    for instant in (first, second):
        text = build_calendar([make_event(starts_at=instant, ends_at=instant + timedelta(hours=1))])
        calendar, strict = parse_both(text)
        assert only_event(calendar)["DTSTART"].dt.astimezone(UTC) == instant
        assert strict.events[0].dtstart.astimezone(UTC) == instant
    assert "DTSTART;TZID=Europe/Amsterdam:20271031T023000" in build_calendar([make_event(starts_at=first)])
    assert "DTSTART:20271031T013000Z" in build_calendar([make_event(starts_at=second)])


# --- the event's fields ------------------------------------------------------------------------


def test_every_field_calendars_need_is_present_and_parses_strictly():
    text = build_calendar([make_event()])
    calendar, strict = parse_both(text)
    assert str(calendar["PRODID"]) == "-//City Deal Kennis Maken Den Haag//Den Haag Draait Door//NL"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    vevent = only_event(calendar)
    assert str(vevent["UID"]) == "talkshow-7@talkshows.example.org"
    assert vevent["DTSTAMP"].dt == MODIFIED  # files and feeds: stamped with the last change
    assert vevent["DTSTAMP"].dt.tzinfo is not None and vevent["DTSTAMP"].dt.utcoffset() == timedelta(0)
    assert vevent["CREATED"].dt == CREATED
    assert vevent["LAST-MODIFIED"].dt == MODIFIED
    assert vevent["SEQUENCE"] == 2
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["URL"]) == "https://talkshows.example.org/talkshows/samenleven"
    assert vevent["CATEGORIES"].cats == ["Samenleven in wijken"]
    assert vevent["GEO"].latitude == pytest.approx(52.0629)
    assert vevent["GEO"].longitude == pytest.approx(4.3051)
    assert "ORGANIZER" not in vevent and "ATTENDEE" not in vevent
    event = strict.events[0]
    assert event.uid == "talkshow-7@talkshows.example.org"
    assert event.sequence == 2
    assert event.status == "CONFIRMED"
    assert event.categories == ["Samenleven in wijken"]
    assert event.geo.lat == pytest.approx(52.0629) and event.geo.lng == pytest.approx(4.3051)
    assert event.url == "https://talkshows.example.org/talkshows/samenleven"
    assert event.created == CREATED and event.last_modified == MODIFIED
    assert strict.prodid.startswith("-//City Deal Kennis Maken") and strict.method == "PUBLISH"


def test_text_with_commas_semicolons_newlines_and_non_ascii_survives_both_parsers():
    description = "Thema: Wonen; werk, zorg\nSprekers:\n- Noor Bakker-Çağlar (De Haagse Hogeschool)\n\\pad\\"
    summary = "Wie woont er; wie werkt er, en waarom?"
    location = "Café 't Hoekje, Schilderswijk"
    text = build_calendar([make_event(summary=summary, description=description, location=location)])
    calendar, strict = parse_both(text)
    vevent = only_event(calendar)
    assert str(vevent["SUMMARY"]) == summary
    assert str(vevent["DESCRIPTION"]) == description
    assert str(vevent["LOCATION"]) == location
    event = strict.events[0]
    assert event.summary == summary
    assert event.description == description
    assert event.location == location
    # Escaped on the wire, as RFC 5545 §3.3.11 asks.
    lines = unfolded_lines(text)
    assert "LOCATION:Café 't Hoekje\\, Schilderswijk" in lines
    assert "SUMMARY:Wie woont er\\; wie werkt er\\, en waarom?" in lines
    assert any(line.startswith("DESCRIPTION:Thema: Wonen\\; werk\\, zorg\\nSprekers:\\n") for line in lines)


def test_long_lines_are_folded_at_75_octets_without_splitting_characters():
    long_text = "Een lange avond over Café 't Hoekje, de Schilderswijk en Hagenaars met één doel: " * 8
    text = build_calendar([make_event(description=long_text, location="Ĳsbaan " * 30)])
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    raw_lines = text.split("\r\n")
    assert any(line.startswith(" ") for line in raw_lines), "nothing was folded"
    for line in raw_lines:
        assert len(line.encode("utf-8")) <= 75, line
    calendar, strict = parse_both(text)
    assert str(only_event(calendar)["DESCRIPTION"]) == long_text
    assert strict.events[0].description == long_text
    assert strict.events[0].location == "Ĳsbaan " * 30


def test_a_theme_with_a_comma_stays_one_category_in_every_parser():
    assert category_text("Wonen, werk en zorg") == "Wonen werk en zorg"
    calendar, strict = parse_both(build_calendar([make_event(categories=("Wonen, werk en zorg",))]))
    assert only_event(calendar)["CATEGORIES"].cats == ["Wonen werk en zorg"]
    assert strict.events[0].categories == ["Wonen werk en zorg"]


def test_geo_is_left_out_when_the_place_is_unknown():
    calendar, strict = parse_both(build_calendar([make_event(geo=None, location="")]))
    vevent = only_event(calendar)
    assert "GEO" not in vevent and "LOCATION" not in vevent
    assert strict.events[0].geo is None


def test_a_cancelled_event_says_so():
    calendar, strict = parse_both(build_calendar([make_event(status=EventStatus.CANCELLED, sequence=3)]))
    assert str(only_event(calendar)["STATUS"]) == "CANCELLED"
    assert strict.events[0].status == "CANCELLED"
    assert strict.events[0].sequence == 3


def test_the_same_data_gives_the_same_bytes_so_etags_are_stable():
    assert build_calendar([make_event()]) == build_calendar([make_event()])


def test_naive_times_and_empty_events_are_refused():
    with pytest.raises(ValueError):
        make_event(starts_at=datetime(2027, 2, 11, 20, 0))
    with pytest.raises(ValueError):
        make_event(ends_at=datetime(2027, 2, 11, 19, 0, tzinfo=UTC))


# --- invites (iTIP) and feeds --------------------------------------------------------------------


def test_a_request_has_the_organizer_and_only_the_registrant():
    stamp = datetime(2026, 11, 28, 10, 0, 5, tzinfo=UTC)
    event = make_event(organizer=ORGANIZER, attendee=ATTENDEE)
    text = invitation(event, method=Method.REQUEST, stamp=stamp)
    calendar, strict = parse_both(text)
    assert str(calendar["METHOD"]) == "REQUEST"
    vevent = only_event(calendar)
    assert vevent["DTSTAMP"].dt == stamp
    organizer = vevent["ORGANIZER"]
    assert str(organizer) == "mailto:agenda@example.org"
    assert organizer.params["CN"] == "Den Haag Draait Door"
    attendee = vevent["ATTENDEE"]
    assert not isinstance(attendee, list), "exactly one attendee"
    assert str(attendee) == "mailto:noor.bakker@example.org"
    assert attendee.params["CN"] == "Noor Bakker-Çağlar, jr."
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert attendee.params["RSVP"] == "FALSE"
    event_strict = strict.events[0]
    assert strict.method == "REQUEST"
    assert event_strict.organizer.uri == "mailto:agenda@example.org"
    assert event_strict.organizer.common_name == "Den Haag Draait Door"
    [only] = event_strict.attendees
    assert only.uri == "mailto:noor.bakker@example.org"
    assert only.common_name == "Noor Bakker-Çağlar, jr."
    assert only.role == "REQ-PARTICIPANT" and only.status == "NEEDS-ACTION" and only.rsvp is False


def test_a_cancel_is_cancelled_whatever_the_event_said():
    event = make_event(organizer=ORGANIZER, attendee=ATTENDEE, status=EventStatus.CONFIRMED, sequence=4)
    calendar, strict = parse_both(invitation(event, method=Method.CANCEL, stamp=MODIFIED))
    assert str(calendar["METHOD"]) == "CANCEL"
    vevent = only_event(calendar)
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["UID"]) == event.uid
    assert vevent["SEQUENCE"] == 4
    assert strict.method == "CANCEL" and strict.events[0].status == "CANCELLED"


def test_itip_messages_need_their_people_and_exactly_one_event():
    with pytest.raises(ValueError):
        invitation(make_event(), method=Method.REQUEST, stamp=MODIFIED)
    with pytest.raises(ValueError):
        build_calendar([make_event(organizer=ORGANIZER, attendee=ATTENDEE)] * 2, method=Method.REQUEST)


def test_a_feed_describes_itself_for_subscribers():
    text = build_calendar(
        [make_event(), make_event(uid=event_uid(8, "talkshows.example.org"))],
        feed=FeedInfo(name="Den Haag Draait Door – Wonen", description="Talkshows, over wonen; en werk"),
    )
    calendar, strict = parse_both(text)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Den Haag Draait Door – Wonen"
    assert str(calendar["NAME"]) == "Den Haag Draait Door – Wonen"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Amsterdam"
    assert str(calendar["X-WR-CALDESC"]) == "Talkshows, over wonen; en werk"
    lines = unfolded_lines(text)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    assert len(strict.events) == 2
    assert len(calendar.walk("VTIMEZONE")) == 1
