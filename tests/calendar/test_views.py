"""Calendar URLs over HTTP: content type, file names, conditional GETs, 404s and the page's links."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.http import http_date

from talkshow_app.series.models import TalkshowStatus

from .helpers import count_queries, only_event, parse_both

FEEDS = ["/calendar.ics", "/themes/wonen/calendar.ics", "/talkshows/wonen-en-werk/calendar.ics"]


@pytest.fixture
def published(make_talkshow, make_theme, make_venue):
    theme = make_theme(name="Wonen", name_en="Housing", slug="wonen")
    venue = make_venue(name="Café 't Hoekje, Schilderswijk", latitude=52.06, longitude=4.30)
    return make_talkshow(slug="wonen-en-werk", title="Wonen en werk", theme=theme, venue=venue)


@pytest.mark.parametrize(
    ("path", "disposition"),
    [
        ("/calendar.ics", 'inline; filename="den-haag-draait-door.ics"'),
        ("/themes/wonen/calendar.ics", 'inline; filename="den-haag-draait-door-wonen.ics"'),
        ("/talkshows/wonen-en-werk/calendar.ics", 'attachment; filename="wonen-en-werk.ics"'),
    ],
)
def test_calendar_files_are_served_as_text_calendar_with_a_file_name(client, published, path, disposition):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == disposition
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"]
    calendar, strict = parse_both(response.get_data(as_text=True))
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [e.uid for e in strict.events] == [f"talkshow-{published.id}@talkshows.example.org"]


@pytest.mark.parametrize("path", FEEDS)
def test_a_conditional_get_with_the_etag_answers_304(client, published, path):
    first = client.get(path)
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    stale = client.get(path, headers={"If-None-Match": '"something-older"'})
    assert stale.status_code == 200 and stale.get_data() == first.get_data()


@pytest.mark.parametrize("path", FEEDS)
def test_a_conditional_get_by_date_answers_304_until_something_changes(client, db, published, path):
    first = client.get(path)
    assert client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 304
    an_hour_ago = http_date(datetime.now(UTC) - timedelta(hours=1))
    assert client.get(path, headers={"If-Modified-Since": an_hour_ago}).status_code == 200


def test_a_change_to_the_talkshow_changes_the_etag(client, db, published):
    before = client.get("/calendar.ics")
    published.starts_at += timedelta(days=1)
    published.ends_at += timedelta(days=1)
    published.sequence += 1
    db.session.commit()
    after = client.get("/calendar.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert only_event(parse_both(after.get_data(as_text=True))[0])["SEQUENCE"] == 1


def test_feeds_leave_drafts_out_and_keep_cancellations_until_past(client, make_talkshow, published):
    now = datetime.now(UTC)
    draft = make_talkshow(status=TalkshowStatus.DRAFT, title="Geheim concept")
    cancelled = make_talkshow(status=TalkshowStatus.CANCELLED, starts_at=now + timedelta(days=3))
    gone = make_talkshow(status=TalkshowStatus.CANCELLED, starts_at=now - timedelta(days=3))
    calendar, strict = parse_both(client.get("/calendar.ics").get_data(as_text=True))
    statuses = {str(e["UID"]).split("@")[0]: str(e["STATUS"]) for e in calendar.walk("VEVENT")}
    assert statuses == {f"talkshow-{published.id}": "CONFIRMED", f"talkshow-{cancelled.id}": "CANCELLED"}
    assert f"talkshow-{draft.id}@" not in client.get("/calendar.ics").get_data(as_text=True)
    assert f"talkshow-{gone.id}@" not in client.get("/calendar.ics").get_data(as_text=True)
    assert len(strict.events) == 2


def test_the_theme_feed_filters(client, make_talkshow, make_theme, published):
    other = make_talkshow(theme=make_theme(slug="onderwijs"))
    _, strict = parse_both(client.get("/themes/wonen/calendar.ics").get_data(as_text=True))
    assert [e.uid for e in strict.events] == [f"talkshow-{published.id}@talkshows.example.org"]
    _, strict = parse_both(client.get("/themes/onderwijs/calendar.ics").get_data(as_text=True))
    assert [e.uid for e in strict.events] == [f"talkshow-{other.id}@talkshows.example.org"]


@pytest.mark.parametrize(
    "path",
    [
        "/themes/bestaat-niet/calendar.ics",
        "/talkshows/bestaat-niet/calendar.ics",
        "/talkshows/nog-geheim/calendar.ics",
        "/talkshows/%C3%A9%20x/calendar.ics",
        "/themes/" + "x" * 500 + "/calendar.ics",
    ],
)
def test_unknown_themes_and_talkshows_get_the_friendly_404(client, make_talkshow, path):
    make_talkshow(slug="nog-geheim", status=TalkshowStatus.DRAFT)
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["?lang=xx", "?lang=", "?lang=%C3%A9", "?lang=en&lang=nl", "?theme=%27"])
def test_odd_query_strings_never_break_a_feed(client, published, query):
    for path in FEEDS:
        response = client.get(path + query)
        assert response.status_code == 200
        parse_both(response.get_data(as_text=True))


@pytest.mark.parametrize("path", ["/talkshows/%00/calendar.ics", "/calendar.ics?lang=%00"])
def test_control_characters_are_a_bad_request_not_an_error(client, published, path):
    assert client.get(path).status_code in (400, 404)


def test_the_feed_is_dutch_unless_english_is_asked_for(client, published):
    dutch, _ = parse_both(client.get("/calendar.ics").get_data(as_text=True))
    english, _ = parse_both(client.get("/calendar.ics?lang=en").get_data(as_text=True))
    assert "Thema: Wonen" in str(only_event(dutch)["DESCRIPTION"])
    assert "Theme: Housing" in str(only_event(english)["DESCRIPTION"])
    # A visitor who chose English on the site still gets the one shared (Dutch) feed text.
    client.get("/?lang=en")
    assert client.get("/calendar.ics").get_data() == client.get("/calendar.ics?lang=nl").get_data()


def test_the_feed_takes_a_fixed_number_of_queries(client, db, make_talkshow, make_speaker, make_organisation):
    def add():
        make_talkshow(speakers=[(make_speaker(organisation=make_organisation()), "guest") for _ in range(2)])

    add()
    with count_queries(db) as one:
        assert client.get("/calendar.ics").status_code == 200
    for _ in range(6):
        add()
    with count_queries(db) as seven:
        assert client.get("/calendar.ics").status_code == 200
    assert len(seven) == len(one)


def test_the_open_data_points_at_the_calendar_file(client, published):
    data = client.get("/api/talkshows/wonen-en-werk").get_json()
    assert data["ics_url"] == "https://talkshows.example.org/talkshows/wonen-en-werk/calendar.ics"
    assert client.get(urlsplit(data["ics_url"]).path).status_code == 200


# --- the talkshow page ---------------------------------------------------------------------------


def _links(html: str) -> list[str]:
    import re

    return [unescape(href) for href in re.findall(r'href="([^"]+)"', html)]


def test_the_talkshow_page_offers_download_subscriptions_and_google(client, published):
    html = client.get("/talkshows/wonen-en-werk").get_data(as_text=True)
    links = _links(html)
    assert "/talkshows/wonen-en-werk/calendar.ics" in links
    assert "webcal://talkshows.example.org/calendar.ics" in links
    assert "webcal://talkshows.example.org/themes/wonen/calendar.ics" in links
    [google] = [link for link in links if link.startswith("https://calendar.google.com/")]
    query = parse_qs(urlsplit(google).query)
    assert query["text"] == ["Wonen en werk"]
    start, end = (published.starts_at, published.ends_at)
    assert query["dates"] == [f"{start:%Y%m%dT%H%M%S}Z/{end:%Y%m%dT%H%M%S}Z"]
    assert query["ctz"] == ["Europe/Amsterdam"]
    assert query["location"][0].startswith("Café 't Hoekje, Schilderswijk, ")
    assert "In uw agenda" in html and "Toevoegen aan Google Agenda" in html
    assert "https://talkshows.example.org/themes/wonen/calendar.ics" in html  # to paste into web calendars
    for link in links:
        if link.startswith("/") and not link.startswith("/static/"):
            response = client.get(link)
            assert response.status_code < 500, link
            response.close()


def test_the_english_page_links_to_english_files(client, published):
    links = _links(client.get("/talkshows/wonen-en-werk?lang=en").get_data(as_text=True))
    assert "/talkshows/wonen-en-werk/calendar.ics?lang=en" in links
    assert "webcal://talkshows.example.org/calendar.ics?lang=en" in links


def test_a_cancelled_or_past_talkshow_offers_only_the_subscriptions(client, make_talkshow):
    make_talkshow(slug="afgelast", status=TalkshowStatus.CANCELLED)
    make_talkshow(slug="geweest", starts_at=datetime.now(UTC) - timedelta(days=30))
    for slug in ("afgelast", "geweest"):
        links = _links(client.get(f"/talkshows/{slug}").get_data(as_text=True))
        assert f"/talkshows/{slug}/calendar.ics" not in links
        assert not any(link.startswith("https://calendar.google.com/") for link in links)
        # A past talkshow's page leads with its outputs and offers no calendar at all (issue "walked").
        assert ("webcal://talkshows.example.org/calendar.ics" in links) == (slug == "afgelast")


def test_the_page_head_announces_the_series_feed(client, published):
    html = client.get("/talkshows/wonen-en-werk").get_data(as_text=True)
    assert '<link rel="alternate" type="text/calendar"' in html
    assert client.get("/calendar.ics").status_code == 200
