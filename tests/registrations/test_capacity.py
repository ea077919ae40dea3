"""The pure seat rules (no Flask, no database)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from talkshow_app.registrations import capacity
from talkshow_app.registrations.capacity import Closed, Decision, Window

NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("confirmed", "cap", "waiting", "expected"),
    [
        (0, 5, 0, Decision.CONFIRMED),
        (4, 5, 0, Decision.CONFIRMED),
        (5, 5, 0, Decision.WAITLISTED),
        (6, 5, 0, Decision.WAITLISTED),  # after a capacity cut nobody new gets in
        (3, 5, 2, Decision.WAITLISTED),  # people already waiting go first
        (0, 0, 0, Decision.WAITLISTED),
    ],
)
def test_decide(confirmed, cap, waiting, expected):
    assert capacity.decide(confirmed, cap, waiting) == expected


def test_decide_refuses_negative_numbers():
    with pytest.raises(ValueError):
        capacity.decide(-1, 5)


@pytest.mark.parametrize(
    ("confirmed", "cap", "waiting", "expected"),
    [(5, 5, 3, 0), (4, 5, 3, 1), (2, 5, 3, 3), (2, 5, 0, 0), (7, 5, 3, 0)],
)
def test_seats_to_promote(confirmed, cap, waiting, expected):
    assert capacity.seats_to_promote(confirmed, cap, waiting) == expected


def _window(**changes):
    values = dict(status="published", starts_at=NOW + timedelta(days=7), ends_at=NOW + timedelta(days=7, hours=2),
                  opens_at=None, closes_at=None)
    return Window(**(values | changes))


def test_window_rules():
    assert capacity.registration_closed_reason(_window(), NOW) is None
    assert capacity.registration_closed_reason(_window(status="cancelled"), NOW) == Closed.CANCELLED
    assert capacity.registration_closed_reason(_window(status="draft"), NOW) == Closed.NOT_PUBLISHED
    assert capacity.registration_closed_reason(_window(opens_at=NOW + timedelta(hours=1)), NOW) == Closed.NOT_YET_OPEN
    assert capacity.registration_closed_reason(_window(closes_at=NOW), NOW) == Closed.WINDOW_CLOSED
    assert capacity.registration_closed_reason(_window(starts_at=NOW - timedelta(hours=1)), NOW) == Closed.PAST


def test_no_show_rate():
    assert capacity.no_show_rate(0, 0) is None
    assert capacity.no_show_rate(4, 3) == 0.25
    assert capacity.no_show_rate(4, 5) == 0.0
