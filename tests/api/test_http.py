"""How /api answers over HTTP: paging with Link headers, CORS only on open data, ETag and 304, and one
error shape with stable codes and messages in the request's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import PUBLIC_URL

ORIGIN = {"Origin": "https://partner.example.org"}


@pytest.fixture
def five_talkshows(make_talkshow):
    start = datetime(2031, 1, 1, 19, 0, tzinfo=UTC)
    return [make_talkshow(slug=f"avond-{n}", starts_at=start + timedelta(days=7 * n)) for n in range(5)]


class TestPaging:
    def test_pages_say_where_they_are_and_link_to_the_others(self, client, five_talkshows):
        response = client.get("/api/talkshows?per_page=2&page=2")
        body = response.get_json()
        assert [t["slug"] for t in body["talkshows"]] == ["avond-2", "avond-3"]
        assert (body["total"], body["page"], body["pages"], body["per_page"]) == (5, 2, 3, 2)
        assert body["next"] == f"{PUBLIC_URL}/api/talkshows?per_page=2&page=3"
        assert body["prev"] == f"{PUBLIC_URL}/api/talkshows?per_page=2"
        link = response.headers["Link"]
        assert f'<{PUBLIC_URL}/api/talkshows?per_page=2&page=3>; rel="next"' in link
        assert f'<{PUBLIC_URL}/api/talkshows?per_page=2>; rel="prev"' in link
        assert f'<{PUBLIC_URL}/api/talkshows?per_page=2&page=3>; rel="last"' in link

    def test_the_last_page_has_no_next_and_a_page_past_it_shows_the_last(self, client, five_talkshows):
        body = client.get("/api/talkshows?per_page=2&page=99").get_json()
        assert body["page"] == 3 and body["next"] is None and [t["slug"] for t in body["talkshows"]] == ["avond-4"]

    def test_a_list_defaults_to_twenty_per_page(self, client, five_talkshows):
        body = client.get("/api/talkshows").get_json()
        assert (body["total"], body["page"], body["pages"], body["per_page"]) == (5, 1, 1, 20)
        assert body["next"] is None and body["prev"] is None

    @pytest.mark.parametrize("value", ["0", "101", "abc", "-1", "2.5", ""])
    def test_per_page_out_of_bounds_is_a_400(self, client, value):
        response = client.get(f"/api/labs?per_page={value}")
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == "invalid_parameter"
        assert "per_page" in response.get_json()["error"]["invalid"]

    @pytest.mark.parametrize(
        "path", ["/api/labs", "/api/speakers", "/api/themes", "/api/questions", "/api/offers", "/api/archive"]
    )
    def test_every_list_pages(self, client, path):
        response = client.get(f"{path}?per_page=5")
        assert response.status_code == 200
        body = response.get_json()
        assert {"total", "page", "pages", "per_page", "next", "prev"} <= set(body) and body["per_page"] == 5
        assert 'rel="first"' in response.headers["Link"]

    def test_archive_pages_of_any_size_read_across_its_own_pages(self, client, demo):
        everything = [i["slug"] for i in client.get("/api/archive?per_page=100").get_json()["items"]]
        assert len(everything) >= 4
        threes = []
        for page in (1, 2):
            threes += [i["slug"] for i in client.get(f"/api/archive?per_page=3&page={page}").get_json()["items"]]
        assert threes == everything[:6]


class TestCors:
    @pytest.mark.parametrize(
        "path",
        [
            "/api",
            "/api/openapi.json",
            "/api/talkshows",
            "/api/talkshows/bestaat-niet",
            "/calendar.ics",
            "/archive/feed.xml",
        ],
    )
    def test_open_data_and_feeds_may_be_read_from_any_site(self, client, path):
        response = client.get(path, headers=ORIGIN)
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response.headers
        assert "ETag" in response.headers["Access-Control-Expose-Headers"]

    def test_a_preflight_for_if_none_match_is_allowed(self, client):
        response = client.options(
            "/api/talkshows",
            headers={
                **ORIGIN,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "If-None-Match",
            },
        )
        assert response.status_code == 200
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]
        assert "GET" in response.headers["Access-Control-Allow-Methods"]

    @pytest.mark.parametrize("path", ["/", "/talkshows", "/labs", "/archive", "/login", "/healthz"])
    def test_nothing_else_answers_cross_origin(self, client, path):
        assert "Access-Control-Allow-Origin" not in client.get(path, headers=ORIGIN).headers

    def test_a_post_to_the_api_gets_no_cors(self, client):
        assert "Access-Control-Allow-Origin" not in client.post("/api/talkshows", headers=ORIGIN).headers


class TestCaching:
    @pytest.mark.parametrize(
        "path", ["/api/talkshows", "/api/talkshows/avond-0", "/api/labs", "/api/openapi.json", "/archive/feed.xml"]
    )
    def test_an_etag_and_a_304_when_nothing_changed(self, client, five_talkshows, path):
        first = client.get(path)
        assert first.status_code == 200 and first.headers["ETag"]
        assert first.headers["Cache-Control"] == "public, max-age=60"
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.get_data() == b""

    def test_a_change_gives_a_new_etag(self, client, db, five_talkshows):
        first = client.get("/api/talkshows/avond-0")
        five_talkshows[0].title = "Een nieuwe titel"
        db.session.commit()
        again = client.get("/api/talkshows/avond-0", headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 200 and again.get_json()["title"] == "Een nieuwe titel"
        assert again.headers["ETag"] != first.headers["ETag"]

    def test_the_calendar_files_still_revalidate_every_time(self, client, five_talkshows):
        first = client.get("/calendar.ics")
        assert first.headers["Cache-Control"] == "public, no-cache"
        assert client.get("/calendar.ics", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


class TestErrors:
    def test_404_is_the_error_shape_in_dutch_or_english(self, client):
        dutch = client.get("/api/talkshows/bestaat-niet")
        assert dutch.status_code == 404 and dutch.mimetype == "application/json"
        assert dutch.get_json() == {"error": {"code": "not_found", "message": "Er is op dit adres niets gepubliceerd."}}
        english = client.get("/api/talkshows/bestaat-niet?lang=en").get_json()
        assert english == {"error": {"code": "not_found", "message": "Nothing is published at this address."}}
        assert client.get("/api/bestaat-niet").get_json()["error"]["code"] == "not_found"

    @pytest.mark.parametrize(
        ("path", "parameter"),
        [
            ("/api/talkshows?theme=onbekend", "theme"),
            ("/api/labs?stadsdeel=wassenaar", "stadsdeel"),
            ("/api/questions?state=rejected", "state"),
            ("/api/archive?type=roman", "type"),
            ("/api/archive?lab=nergens", "lab"),
        ],
    )
    def test_unknown_filter_values_are_a_400_naming_the_parameter(self, client, path, parameter):
        response = client.get(path)
        assert response.status_code == 400
        error = response.get_json()["error"]
        assert error["code"] == "invalid_parameter" and parameter in error["invalid"]
        assert "niet te gebruiken" in error["message"]
        english = client.get(path + "&lang=en").get_json()["error"]
        assert english["invalid"][parameter] == "This value names nothing that exists."

    def test_405_says_what_is_allowed(self, client):
        response = client.post("/api/labs")
        assert response.status_code == 405 and response.get_json()["error"]["code"] == "method_not_allowed"
        assert "GET" in response.headers["Allow"]

    def test_a_nul_byte_is_a_400_in_the_error_shape(self, client):
        response = client.get("/api/archive?q=%00")
        assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_request"


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RATELIMIT_ENABLED": True, "API_RATE_LIMIT": "3 per minute"}

    def test_too_many_requests_is_a_429_with_retry_after(self, client):
        for _ in range(3):
            assert client.get("/api/themes").status_code == 200
        response = client.get("/api/labs?lang=en")  # one budget for the whole API
        assert response.status_code == 429
        assert response.get_json()["error"]["code"] == "too_many_requests"
        assert "Retry-After" in response.get_json()["error"]["message"]
        assert 1 <= int(response.headers["Retry-After"]) <= 60
        assert response.headers["Access-Control-Allow-Origin"] == "*"
