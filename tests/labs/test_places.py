"""The pure place and freshness rules, without Flask or a database."""
from __future__ import annotations

from datetime import date

from talkshow_app.labs.freshness import is_stale, months_before, stale_before
from talkshow_app.labs.places import (
    STADSDELEN,
    stadsdeel_from_slug,
    stadsdeel_slug,
    within_the_hague,
)


def test_the_eight_stadsdelen_in_the_citys_order():
    assert STADSDELEN == (
        "Centrum", "Escamp", "Haagse Hout", "Laak", "Leidschenveen-Ypenburg", "Loosduinen", "Scheveningen", "Segbroek",
    )


def test_stadsdeel_slugs_round_trip():
    assert stadsdeel_slug("Haagse Hout") == "haagse-hout"
    assert stadsdeel_slug("Leidschenveen-Ypenburg") == "leidschenveen-ypenburg"
    for name in STADSDELEN:
        assert stadsdeel_from_slug(stadsdeel_slug(name)) == name


def test_a_stadsdeel_may_also_be_named_plainly_but_unknown_places_are_none():
    assert stadsdeel_from_slug("Haagse Hout") == "Haagse Hout"
    assert stadsdeel_from_slug("wassenaar") is None
    assert stadsdeel_from_slug("") is None
    assert stadsdeel_from_slug(None) is None


def test_points_inside_and_outside_the_hague():
    assert within_the_hague(52.0799, 4.3113)  # Binnenhof
    assert within_the_hague(52.1000, 4.2650)  # Scheveningen harbour
    assert not within_the_hague(52.3676, 4.9041)  # Amsterdam
    assert not within_the_hague(4.31, 52.07)  # swapped


def test_months_before_clamps_to_the_end_of_the_month():
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2026, 1, 15), 12) == date(2025, 1, 15)


def test_an_entry_is_stale_after_twelve_months_or_when_never_checked():
    today = date(2026, 11, 28)
    assert stale_before(today) == date(2025, 11, 28)
    assert is_stale(None, today)
    assert is_stale(date(2025, 11, 27), today)
    assert not is_stale(date(2025, 11, 28), today)
    assert not is_stale(date(2026, 6, 1), today)
