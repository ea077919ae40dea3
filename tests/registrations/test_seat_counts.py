"""Seat counts for lists and the open-data API: one grouped query, right numbers."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from talkshow_app.registrations.seats import SeatCounts, seat_counts


def test_counts_per_talkshow_in_one_query(db, make_talkshow, make_registration):
    full = make_talkshow(capacity=2)
    empty = make_talkshow()
    for status in ("confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted", "cancelled"):
        make_registration(full, status)
    full_id, empty_id = full.id, empty.id
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        counts = seat_counts([full_id, empty_id])
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) == 1
    assert counts[full.id] == SeatCounts(confirmed=2, waitlisted=3, cancelled=1, checked_in=0, no_show_rate=None)
    assert counts[empty.id] == SeatCounts()
    assert seat_counts([]) == {}


def test_no_show_rate_only_for_past_talkshows(db, make_talkshow, make_registration):
    past = make_talkshow(starts_at=datetime.now(UTC) - timedelta(days=3), capacity=10)
    now = datetime.now(UTC)
    for i in range(4):
        make_registration(past, "confirmed", checked_in_at=now if i == 0 else None)
    future = make_talkshow()
    make_registration(future, "confirmed", checked_in_at=now)
    counts = seat_counts([past.id, future.id])
    assert counts[past.id].checked_in == 1
    assert counts[past.id].no_show_rate == 0.75
    assert counts[future.id].no_show_rate is None


def test_api_reports_seats_taken_and_waitlist_count(client, db, make_talkshow, make_registration):
    talkshow = make_talkshow(capacity=2, slug="vol")
    other = make_talkshow(slug="leeg")
    make_registration(talkshow, "confirmed")
    make_registration(talkshow, "confirmed")
    make_registration(talkshow, "waitlisted")
    make_registration(talkshow, "cancelled")
    one = client.get("/api/talkshows/vol").get_json()
    assert (one["capacity"], one["seats_taken"], one["waitlist_count"]) == (2, 2, 1)
    listing = {t["slug"]: t for t in client.get("/api/talkshows").get_json()["talkshows"]}
    assert (listing["vol"]["seats_taken"], listing["vol"]["waitlist_count"]) == (2, 1)
    assert (listing["leeg"]["seats_taken"], listing["leeg"]["waitlist_count"]) == (0, 0)


def test_api_list_counts_seats_with_one_query_however_many_talkshows(client, db, make_talkshow, make_registration):
    def registration_queries() -> int:
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            client.get("/api/talkshows")
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return sum("registrations" in s for s in statements)

    make_registration(make_talkshow(), "confirmed")
    few = registration_queries()
    for _ in range(4):
        make_registration(make_talkshow(), "waitlisted")
    assert registration_queries() == few == 1
