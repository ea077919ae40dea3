"""Subscription and Google Calendar links, built without a request."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from talkshow_app.calendar.ics import CalendarEvent
from talkshow_app.calendar.links import GOOGLE_DETAILS_LIMIT, google_calendar_url, webcal_url


def event(**fields) -> CalendarEvent:
    starts_at = datetime(2027, 3, 28, 18, 0, tzinfo=UTC)  # 20:00 in The Hague, first day of summer time
    values = dict(
        uid="talkshow-3@talkshows.example.org",
        summary="Kansen & barrières; wie?",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        created=starts_at - timedelta(days=30),
        last_modified=starts_at - timedelta(days=2),
        description="Thema: Onderwijs\nMeer informatie: https://talkshows.example.org/talkshows/kansen",
        location="Café 't Hoekje, Schilderswijk",
        url="https://talkshows.example.org/talkshows/kansen",
    )
    values.update(fields)
    return CalendarEvent(**values)


def test_webcal_keeps_host_path_and_query():
    assert webcal_url("https://talkshows.example.org/calendar.ics") == "webcal://talkshows.example.org/calendar.ics"
    assert (
        webcal_url("http://127.0.0.1:5000/themes/wonen/calendar.ics?lang=en")
        == "webcal://127.0.0.1:5000/themes/wonen/calendar.ics?lang=en"
    )


def test_google_link_is_prefilled_with_utc_times_and_escaped_text():
    url = google_calendar_url(event())
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://calendar.google.com/calendar/render"
    query = parse_qs(parts.query)
    assert query["action"] == ["TEMPLATE"]
    assert query["text"] == ["Kansen & barrières; wie?"]
    assert query["dates"] == ["20270328T180000Z/20270328T200000Z"]
    assert query["location"] == ["Café 't Hoekje, Schilderswijk"]
    assert query["ctz"] == ["Europe/Amsterdam"]
    assert query["details"][0].endswith("https://talkshows.example.org/talkshows/kansen")
    assert " " not in url and "&barri" not in url  # every value is percent-encoded


def test_google_link_stays_short_but_keeps_the_talkshow_url():
    url = google_calendar_url(event(description="Lang verhaal. " * 500))
    details = parse_qs(urlsplit(url).query)["details"][0]
    assert len(details) <= GOOGLE_DETAILS_LIMIT + 100
    assert details.endswith("https://talkshows.example.org/talkshows/kansen")
