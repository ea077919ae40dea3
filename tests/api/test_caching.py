"""Open data and feeds kept under the content version: a repeat is served without SQL, a change shows at once,
304 on a matching ETag, and the personal calendar invite is never stored."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

FEEDS_AND_API = [
    "/api/talkshows?per_page=2",
    "/api/talkshows/avond-0",
    "/api/themes",
    "/api/archive",
    "/calendar.ics",
    "/calendar.ics?lang=en",
    "/talkshows/avond-0/calendar.ics",
    "/archive/feed.xml",
]


@pytest.fixture
def app_config(app_config: dict[str, Any], tmp_path) -> dict[str, Any]:
    return app_config | {
        "PAGE_CACHE_ENABLED": True,
        "PAGE_CACHE_VERSION_FILE": str(tmp_path / "page-version"),
        "MAIL_SEND_AFTER_REQUEST": False,
    }


@pytest.fixture
def talkshows(make_talkshow):
    start = datetime(2031, 1, 1, 19, 0, tzinfo=UTC)
    return [make_talkshow(slug=f"avond-{n}", starts_at=start + timedelta(days=7 * n)) for n in range(3)]


@contextmanager
def sql_statements(db) -> Iterator[list[str]]:
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


@pytest.mark.parametrize("path", FEEDS_AND_API)
def test_a_repeat_is_the_same_answer_without_any_sql(app, db, talkshows, path):
    first = app.test_client().get(path, headers={"Origin": "https://partner.example.org"})
    with sql_statements(db) as statements:
        second = app.test_client().get(path, headers={"Origin": "https://partner.example.org"})
    assert first.status_code == second.status_code == 200
    assert (first.headers["X-Page-Cache"], second.headers["X-Page-Cache"]) == ("miss", "hit")
    assert statements == []
    assert second.get_data() == first.get_data()
    for header in ("ETag", "Cache-Control", "Content-Type", "Link", "Access-Control-Allow-Origin", "Last-Modified"):
        assert second.headers.get(header) == first.headers.get(header), header


def test_a_change_shows_at_once(client, db, talkshows):
    assert client.get("/api/talkshows/avond-0").get_json()["title"] != "Nieuwe titel"
    first_feed = client.get("/calendar.ics")
    assert client.get("/api/talkshows/avond-0").headers["X-Page-Cache"] == "hit"

    talkshows[0].title = "Nieuwe titel"
    db.session.commit()

    again = client.get("/api/talkshows/avond-0")
    assert again.headers["X-Page-Cache"] == "miss"
    assert again.get_json()["title"] == "Nieuwe titel"
    feed = client.get("/calendar.ics", headers={"If-None-Match": first_feed.headers["ETag"]})
    assert feed.status_code == 200 and "Nieuwe titel" in feed.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/talkshows", "/calendar.ics", "/archive/feed.xml"])
def test_a_matching_etag_is_a_304_built_from_the_store(app, db, talkshows, path):
    etag = app.test_client().get(path).headers["ETag"]
    with sql_statements(db) as statements:
        again = app.test_client().get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert statements == []


def test_a_caller_asking_with_an_etag_first_still_gets_a_304_and_fills_the_store(app, db, talkshows):
    etag = app.test_client().get("/api/themes").headers["ETag"]
    db.session.commit()  # nothing written: the version stays and the stored answer too
    from talkshow_app.caching import cache

    cache.clear()
    asked = app.test_client().get("/api/themes", headers={"If-None-Match": etag})
    assert (asked.status_code, asked.headers["X-Page-Cache"]) == (304, "miss")
    full = app.test_client().get("/api/themes")
    assert (full.status_code, full.headers["X-Page-Cache"]) == (200, "hit")
    assert full.get_json()["themes"]


def test_errors_are_not_stored(client, db, talkshows):
    assert client.get("/api/talkshows/bestaat-niet").status_code == 404
    again = client.get("/api/talkshows/bestaat-niet")
    assert again.status_code == 404 and "X-Page-Cache" not in again.headers


def test_the_personal_invite_is_never_stored(client, db, make_talkshow, make_registration):
    registration = make_registration(make_talkshow(slug="agenda"), "confirmed", email="sanne@example.org")
    url = f"/registrations/{registration.token}/invite.ics"
    assert client.get(url).status_code == 200
    with sql_statements(db) as statements:
        again = client.get(url)
    assert again.status_code == 200 and "X-Page-Cache" not in again.headers
    assert statements, "built from the database every time"
    assert "public" not in again.headers.get("Cache-Control", "")


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "3 per minute"}

    def test_stored_answers_still_count_against_the_api_budget(self, client, talkshows):
        for _ in range(3):
            assert client.get("/api/themes").status_code == 200
        assert client.get("/api/themes").status_code == 429
