"""Seat decisions, free of Flask and the database, so every rule is tested on plain numbers.

The caller holds the lock that serialises one talkshow's registrations; these functions only
decide, given the counts read inside that lock. Registering itself takes the same decision as
``decide`` inside one UPDATE of the talkshow's stored counters (``counter.claim``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Decision(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"


def decide(confirmed: int, capacity: int, waitlisted: int = 0) -> Decision:
    """A newcomer gets a seat while one is free and nobody is waiting ahead of them."""
    if capacity < 0 or confirmed < 0 or waitlisted < 0:
        raise ValueError("counts and capacity are never negative")
    if confirmed < capacity and waitlisted == 0:
        return Decision.CONFIRMED
    return Decision.WAITLISTED


def seats_to_promote(confirmed: int, capacity: int, waitlisted: int) -> int:
    """How many people from the front of the waiting list get a seat now (never below zero)."""
    if capacity < 0 or confirmed < 0 or waitlisted < 0:
        raise ValueError("counts and capacity are never negative")
    return max(0, min(capacity - confirmed, waitlisted))


class Closed(enum.StrEnum):
    """Why a talkshow takes no registrations (None from ``registration_closed_reason``: open)."""

    NOT_PUBLISHED = "not_published"
    CANCELLED = "cancelled"
    NOT_YET_OPEN = "not_yet_open"
    WINDOW_CLOSED = "window_closed"
    PAST = "past"


@dataclass(frozen=True)
class Window:
    status: str  # the talkshow's status value: draft, published, cancelled
    starts_at: datetime
    ends_at: datetime
    opens_at: datetime | None
    closes_at: datetime | None


def registration_closed_reason(window: Window, now: datetime) -> Closed | None:
    """Registration runs while published, from ``opens_at`` (or at once) until ``closes_at`` or the start."""
    if window.status == "cancelled":
        return Closed.CANCELLED
    if window.status != "published":
        return Closed.NOT_PUBLISHED
    if now >= window.starts_at:
        return Closed.PAST
    if window.opens_at is not None and now < window.opens_at:
        return Closed.NOT_YET_OPEN
    if window.closes_at is not None and now >= window.closes_at:
        return Closed.WINDOW_CLOSED
    return None


def no_show_rate(confirmed: int, checked_in: int) -> float | None:
    """Share of confirmed people who did not come; unknown when nobody was confirmed."""
    if confirmed <= 0:
        return None
    return round(max(0, confirmed - checked_in) / confirmed, 3)
