"""Aware UTC inside, Europe/Amsterdam at the edges (forms, pages, calendars, mails)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TZ)


def local_to_utc(naive_local: datetime) -> datetime:
    """Interpret a wall-clock time as Amsterdam time; the earlier instant wins when ambiguous."""
    if naive_local.tzinfo is not None:
        return naive_local.astimezone(UTC)
    return naive_local.replace(tzinfo=LOCAL_TZ, fold=0).astimezone(UTC)


def local_today(now: datetime | None = None) -> date:
    """Today's date in The Hague (not the server's clock zone)."""
    return (now or datetime.now(UTC)).astimezone(LOCAL_TZ).date()
