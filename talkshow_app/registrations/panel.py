"""The registration panel that the talkshow page and the register page show, and the cards' registration line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..database import utcnow
from .capacity import Closed, Decision, decide
from .forms import RegistrationForm, ResendForm
from .labels import CLOSED_MESSAGES
from .seats import SeatCounts, availability, closed_reason, seat_counts


def joins_waiting_list(talkshow: Any, counts: SeatCounts) -> bool:
    """A newcomer would land on the waiting list: every seat is taken, or people are already waiting."""
    return decide(seated(talkshow, counts), max(0, talkshow.capacity), counts.waitlisted) == Decision.WAITLISTED


def seated(talkshow: Any, counts: SeatCounts) -> int:
    """Seats taken: the confirmed, plus seats classes hold for students who have not joined yet (``classes``)."""
    return max(counts.confirmed, talkshow.seats_taken or 0)


def registration_panel(talkshow: Any, form: RegistrationForm | None = None) -> dict[str, Any]:
    """What the panel shows: the form, free seats or the waiting list, or why registration is closed."""
    available = availability(talkshow)
    return {
        "form": form or RegistrationForm(),
        "resend_form": ResendForm(prefix="resend"),
        "counts": available.counts,
        "seats_left": available.seats_left,
        "waiting": joins_waiting_list(talkshow, available.counts),
        "closed": available.closed.value if available.closed else None,
        "closed_message": CLOSED_MESSAGES[available.closed] if available.closed else None,
        "opens_at": talkshow.registration_opens_at,
        "closes_at": talkshow.registration_closes_at,
        "over": talkshow.ends_at < utcnow(),
    }


@dataclass(frozen=True)
class CardRegistration:
    """One card's registration line: when it opens (and closes), or free seats / the waiting list."""

    state: str  # "not_yet_open", "open", or "" when a card says nothing (cancelled, closed, past)
    opens_at: datetime | None
    closes_at: datetime | None
    seats_left: int
    waiting: bool


def card_registrations(talkshows: Iterable[Any], now: datetime | None = None) -> dict[int, CardRegistration]:
    """The registration line of every card, by talkshow id, from one grouped count query."""
    talkshows = list(talkshows)
    now = now or utcnow()
    counts = seat_counts([t.id for t in talkshows])
    cards = {}
    for talkshow in talkshows:
        seen = counts[talkshow.id]
        reason = closed_reason(talkshow, now)
        state = "open" if reason is None else "not_yet_open" if reason == Closed.NOT_YET_OPEN else ""
        cards[talkshow.id] = CardRegistration(
            state=state,
            opens_at=talkshow.registration_opens_at,
            closes_at=talkshow.registration_closes_at,
            seats_left=max(0, talkshow.capacity - seated(talkshow, seen)),
            waiting=joins_waiting_list(talkshow, seen),
        )
    return cards
