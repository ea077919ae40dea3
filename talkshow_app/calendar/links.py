"""Links that put a talkshow into someone's calendar app: subscriptions and Google's prefilled form.

Pure (no Flask), so the exact URLs are tested without a request.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode, urlsplit, urlunsplit

from .ics import TZID, CalendarEvent

GOOGLE_TEMPLATE_URL = "https://calendar.google.com/calendar/render"
# Google refuses very long links; details beyond this are cut (the talkshow URL stays in "details").
GOOGLE_DETAILS_LIMIT = 1500


def webcal_url(feed_url: str) -> str:
    """The feed's address with the webcal:// scheme, which opens 'subscribe' in calendar apps."""
    parts = urlsplit(feed_url)
    return urlunsplit(("webcal", parts.netloc, parts.path, parts.query, ""))


def _google_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(event: CalendarEvent) -> str:
    """Google Calendar's 'create event' form, prefilled with the talkshow (times in UTC)."""
    details = event.description
    if len(details) > GOOGLE_DETAILS_LIMIT:
        details = details[: GOOGLE_DETAILS_LIMIT - 1].rstrip() + "…\n\n" + event.url
    query = {
        "action": "TEMPLATE",
        "text": event.summary,
        "dates": f"{_google_time(event.starts_at)}/{_google_time(event.ends_at)}",
        "details": details,
        "location": event.location,
        "ctz": TZID,
    }
    return f"{GOOGLE_TEMPLATE_URL}?{urlencode({k: v for k, v in query.items() if v})}"
