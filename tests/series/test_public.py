"""The public side of the series: pages, open data, sharing metadata, theme colours, demo data."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from talkshow_app.labs.models import Lab
from talkshow_app.series.models import Organisation, Speaker, Talkshow, TalkshowStatus, Theme, Venue
from tests.conftest import PUBLIC_URL

NOW = datetime.now(UTC).replace(microsecond=0)


class Head(HTMLParser):
    """Collects <meta property> tags and JSON-LD blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.json_ld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "property" in attrs:
            self.meta[attrs["property"]] = attrs.get("content", "")
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data


def parse(html: str) -> Head:
    head = Head()
    head.feed(html)
    return head


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def line_up(make_speaker, make_organisation, make_lab):
    leiden = make_organisation(name="Universiteit Leiden", slug="universiteit-leiden")
    lab = make_lab(name="Kenniswerkplaats Leefbare Wijken", slug="kenniswerkplaats-leefbare-wijken")
    host = make_speaker(name="Joost van der Meer", slug="joost-van-der-meer")
    researcher = make_speaker(name="Pieter Jansen", slug="pieter-jansen", role_title="Hoogleraar", organisation=leiden, labs=[lab])
    return [(host, "host"), (researcher, "researcher")]


@pytest.fixture
def winter_show(make_talkshow, make_theme, make_venue, line_up):
    theme = make_theme(name="Leefbaarheid en veiligheid in de wijk", slug="leefbaarheid", colour="#b3261e", is_core=True)
    venue = make_venue(name="Bibliotheek Escamp", address="Dedemsvaartweg 208, Den Haag", latitude=52.04, longitude=4.27)
    return make_talkshow(
        title="Veilig over straat", slug="veilig-over-straat", theme=theme, venue=venue, speakers=line_up,
        starts_at=datetime(2030, 1, 10, 19, 0, tzinfo=UTC), ends_at=datetime(2030, 1, 10, 20, 45, tzinfo=UTC),
        summary="Wat maakt dat je je veilig voelt?", livestream_url="https://stream.example.org/veilig",
    )


class TestListings:
    def test_home_lists_the_next_talkshows_only(self, client, make_talkshow):
        make_talkshow(title="Al geweest", starts_at=NOW - timedelta(days=10))
        make_talkshow(title="Nog een concept", status=TalkshowStatus.DRAFT)
        for week in range(1, 6):
            make_talkshow(title=f"Aflevering {week}", starts_at=NOW + timedelta(weeks=week))
        page = client.get("/").get_data(as_text=True)
        assert [f"Aflevering {w}" in page for w in range(1, 6)] == [True, True, True, True, False]
        assert "Al geweest" not in page and "Nog een concept" not in page
        assert page.index("Aflevering 1") < page.index("Aflevering 4")

    def test_talkshows_lists_upcoming_soonest_first_then_past_latest_first(self, client, make_talkshow):
        make_talkshow(title="Lang geleden", starts_at=NOW - timedelta(days=60))
        make_talkshow(title="Vorige maand", starts_at=NOW - timedelta(days=30))
        make_talkshow(title="Later", starts_at=NOW + timedelta(days=30))
        make_talkshow(title="Binnenkort", starts_at=NOW + timedelta(days=3))
        make_talkshow(title="Geheim concept", status=TalkshowStatus.DRAFT)
        page = client.get("/talkshows").get_data(as_text=True)
        upcoming, past = page.split('id="past-heading"')
        assert upcoming.index("Binnenkort") < upcoming.index("Later")
        assert past.index("Vorige maand") < past.index("Lang geleden")
        assert "Geheim concept" not in page

    def test_theme_filter(self, client, make_talkshow, make_theme):
        school = make_theme(name="Onderwijs", slug="onderwijs")
        make_talkshow(title="Over school", theme=school)
        make_talkshow(title="Over iets anders")
        page = client.get("/talkshows?theme=onderwijs").get_data(as_text=True)
        assert "Over school" in page and "Over iets anders" not in page
        assert "<h1>Talkshows: Onderwijs</h1>" in page

    def test_unknown_theme_is_404(self, client):
        assert client.get("/talkshows?theme=bestaat-niet").status_code == 404
        api = client.get("/api/talkshows?theme=bestaat-niet")  # the open data refuses unknown filter values
        assert api.status_code == 400 and api.get_json()["error"]["code"] == "invalid_parameter"

    def test_cancelled_talkshows_stay_visible_marked_cancelled(self, client, make_talkshow):
        make_talkshow(title="Gaat niet door", status=TalkshowStatus.CANCELLED)
        page = client.get("/talkshows").get_data(as_text=True)
        assert "Gaat niet door" in page and "Geannuleerd" in page


class TestTalkshowPage:
    def test_shows_theme_amsterdam_time_venue_and_speakers_with_organisations_and_labs(self, client, winter_show):
        page = client.get("/talkshows/veilig-over-straat").get_data(as_text=True)
        text = text_of(page)
        assert "<h1>Veilig over straat</h1>" in page
        assert "Leefbaarheid en veiligheid in de wijk" in text
        assert "donderdag 10 januari 2030, 20:00–21:45" in text
        assert "Bibliotheek Escamp" in text and "Dedemsvaartweg 208" in text
        assert "Pieter Jansen (onderzoeker)" in text and "Hoogleraar, Universiteit Leiden" in text
        assert 'href="/labs/kenniswerkplaats-leefbare-wijken"' in page
        assert 'href="/speakers/joost-van-der-meer"' in page

    def test_summer_time_is_shown_in_summer_time(self, client, make_talkshow):
        make_talkshow(slug="zomer", starts_at=datetime(2030, 7, 4, 18, 0, tzinfo=UTC), ends_at=datetime(2030, 7, 4, 19, 30, tzinfo=UTC))
        assert "20:00–21:30" in text_of(client.get("/talkshows/zomer").get_data(as_text=True))

    def test_schema_org_event_json_ld(self, client, winter_show):
        head = parse(client.get("/talkshows/veilig-over-straat").get_data(as_text=True))
        [block] = head.json_ld
        event = json.loads(block)
        assert event["@context"] == "https://schema.org" and event["@type"] == "Event"
        assert event["name"] == "Veilig over straat"
        assert event["startDate"] == "2030-01-10T20:00:00+01:00" and event["endDate"] == "2030-01-10T21:45:00+01:00"
        assert event["eventStatus"] == "https://schema.org/EventScheduled"
        assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
        assert event["url"] == f"{PUBLIC_URL}/talkshows/veilig-over-straat"
        place, online = event["location"]
        assert place["name"] == "Bibliotheek Escamp" and place["geo"]["latitude"] == 52.04
        assert online == {"@type": "VirtualLocation", "url": "https://stream.example.org/veilig"}
        assert [p["name"] for p in event["performer"]] == ["Joost van der Meer", "Pieter Jansen"]
        assert event["performer"][1]["affiliation"]["name"] == "Universiteit Leiden"

    def test_json_ld_cannot_be_broken_out_of(self, client, make_talkshow):
        make_talkshow(slug="lastig", title="</script><script>alert(1)</script> & co")
        page = client.get("/talkshows/lastig").get_data(as_text=True)
        [block] = parse(page).json_ld
        assert json.loads(block)["name"] == "</script><script>alert(1)</script> & co"
        assert "<script>alert(1)" not in page

    def test_cancelled_event_status(self, client, make_talkshow):
        make_talkshow(slug="afgelast", status=TalkshowStatus.CANCELLED)
        page = client.get("/talkshows/afgelast").get_data(as_text=True)
        assert json.loads(parse(page).json_ld[0])["eventStatus"] == "https://schema.org/EventCancelled"
        assert "Deze talkshow is geannuleerd." in page

    def test_open_graph_tags(self, client, winter_show):
        meta = parse(client.get("/talkshows/veilig-over-straat").get_data(as_text=True)).meta
        assert meta["og:title"] == "Veilig over straat"
        assert meta["og:description"] == "Wat maakt dat je je veilig voelt?"
        assert meta["og:url"] == f"{PUBLIC_URL}/talkshows/veilig-over-straat"
        assert meta["og:locale"] == "nl_NL" and meta["og:site_name"] == "Den Haag Draait Door"

    def test_drafts_are_not_public(self, client, make_talkshow, make_speaker):
        speaker = make_speaker(slug="sanne")
        make_talkshow(slug="geheim", title="Geheim concept", status=TalkshowStatus.DRAFT, speakers=[(speaker, "guest")])
        assert client.get("/talkshows/geheim").status_code == 404
        assert client.get("/api/talkshows/geheim").status_code == 404
        assert client.get("/api/talkshows").get_json()["talkshows"] == []
        assert "Geheim concept" not in client.get("/speakers/sanne").get_data(as_text=True)

    @pytest.mark.parametrize("path", ["/talkshows/bestaat-niet", "/speakers/bestaat-niet"])
    def test_unknown_slugs_get_a_friendly_404(self, client, path):
        response = client.get(path)
        assert response.status_code == 404 and "Pagina niet gevonden" in response.get_data(as_text=True)

    def test_speaker_page(self, client, winter_show):
        text = text_of(client.get("/speakers/pieter-jansen").get_data(as_text=True))
        assert "Hoogleraar, Universiteit Leiden" in text and "Kenniswerkplaats Leefbare Wijken" in text and "Veilig over straat" in text


class TestOpenData:
    CONTRACT_KEYS = {"slug", "title", "theme", "starts_at", "ends_at", "venue", "status", "capacity", "seats_taken", "waitlist_count", "speakers", "url", "ics_url"}

    def test_talkshow_json_matches_the_contract(self, client, winter_show):
        response = client.get("/api/talkshows/veilig-over-straat")
        assert response.status_code == 200 and response.mimetype == "application/json"
        data = response.get_json()
        assert self.CONTRACT_KEYS <= set(data)
        assert data["theme"] == {"slug": "leefbaarheid", "name": "Leefbaarheid en veiligheid in de wijk"}
        assert data["starts_at"] == "2030-01-10T20:00:00+01:00" and data["ends_at"] == "2030-01-10T21:45:00+01:00"
        assert data["venue"] == {"name": "Bibliotheek Escamp", "address": "Dedemsvaartweg 208, Den Haag"}
        assert (data["status"], data["capacity"], data["seats_taken"], data["waitlist_count"]) == ("published", 50, 0, 0)
        assert data["speakers"] == [
            {"slug": "joost-van-der-meer", "name": "Joost van der Meer", "organisation": None, "labs": []},
            {"slug": "pieter-jansen", "name": "Pieter Jansen", "organisation": "Universiteit Leiden", "labs": ["kenniswerkplaats-leefbare-wijken"]},
        ]
        assert data["url"] == f"{PUBLIC_URL}/talkshows/veilig-over-straat"
        assert data["ics_url"].startswith(PUBLIC_URL) and data["ics_url"].endswith(".ics")

    def test_summer_offset(self, client, make_talkshow):
        make_talkshow(slug="zomer", starts_at=datetime(2030, 7, 4, 18, 0, tzinfo=UTC))
        assert client.get("/api/talkshows/zomer").get_json()["starts_at"] == "2030-07-04T20:00:00+02:00"

    def test_list_holds_published_and_cancelled_upcoming_first(self, client, make_talkshow):
        make_talkshow(slug="verleden", starts_at=NOW - timedelta(days=20))
        make_talkshow(slug="later", starts_at=NOW + timedelta(days=20))
        make_talkshow(slug="eerst", starts_at=NOW + timedelta(days=2), status=TalkshowStatus.CANCELLED)
        make_talkshow(slug="concept", status=TalkshowStatus.DRAFT)
        data = client.get("/api/talkshows").get_json()
        assert [(t["slug"], t["status"]) for t in data["talkshows"]] == [("eerst", "cancelled"), ("later", "published"), ("verleden", "published")]
        assert all(self.CONTRACT_KEYS <= set(t) for t in data["talkshows"])

    def test_unknown_slug_is_a_json_404(self, client):
        response = client.get("/api/talkshows/bestaat-niet")
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


class TestQueryCounts:
    @pytest.mark.parametrize("path", ["/talkshows", "/api/talkshows", "/"])
    def test_queries_do_not_grow_with_the_number_of_talkshows(self, client, make_talkshow, make_speaker, make_lab, make_organisation, count_queries, path):
        def speakers():
            return [(make_speaker(organisation=make_organisation(), labs=[make_lab()]), "host"), (make_speaker(labs=[make_lab()]), "guest")]

        def queries() -> int:
            with count_queries() as counter:
                assert client.get(path).status_code == 200
            return counter.count

        make_talkshow(speakers=speakers(), starts_at=NOW + timedelta(days=1))
        make_talkshow(speakers=speakers(), starts_at=NOW - timedelta(days=1))
        few = queries()
        for day in range(2, 12):
            make_talkshow(speakers=speakers(), starts_at=NOW + timedelta(days=day if day % 2 else -day))
        assert few > 2 and queries() == few


class TestThemeStylesheet:
    def test_themes_css_carries_each_colour_as_a_class(self, client, make_theme):
        theme = make_theme(colour="#0B6E4F")
        response = client.get("/themes.css")
        assert response.status_code == 200 and response.mimetype == "text/css"
        assert f".theme-{theme.id} {{ --theme-colour: #0b6e4f; }}" in response.get_data(as_text=True)

    def test_invalid_stored_colours_are_left_out(self, client, make_theme):
        make_theme(colour="red;}")
        css = client.get("/themes.css").get_data(as_text=True)
        assert "red" not in css and "}" not in css.split("*/", 1)[1]

    def test_cacheable_with_an_etag(self, client, make_theme):
        make_theme(colour="#123456")
        first = client.get("/themes.css")
        assert first.headers["ETag"] and "max-age" in first.headers["Cache-Control"]
        again = client.get("/themes.css", headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.get_data() == b""

    def test_the_etag_changes_with_a_colour(self, client, db, make_theme):
        theme = make_theme(colour="#123456")
        before = client.get("/themes.css").headers["ETag"]
        theme.colour = "#654321"
        db.session.commit()
        assert client.get("/themes.css").headers["ETag"] != before

    def test_pages_link_it_and_carry_no_inline_styles(self, client, winter_show):
        for path in ("/", "/talkshows", "/talkshows/veilig-over-straat", "/speakers/pieter-jansen"):
            page = client.get(path).get_data(as_text=True)
            assert 'href="/themes.css"' in page
            assert "style=" not in page, path
        assert f'class="talkshow theme-{winter_show.theme_id}"' in client.get("/talkshows/veilig-over-straat").get_data(as_text=True)

    def test_the_css_pure_function_sorts_and_validates(self):
        from talkshow_app.series.stylesheet import theme_stylesheet

        css = theme_stylesheet([(2, "#ABCDEF"), (1, "#000000"), (3, "#fff"), (4, "expression(x)")])
        assert css.splitlines()[1:] == [".theme-1 { --theme-colour: #000000; }", ".theme-2 { --theme-colour: #abcdef; }"]


class TestDemoData:
    MODELS = (Theme, Organisation, Venue, Speaker, Talkshow, Lab)

    def counts(self, db) -> dict[str, int]:
        return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in self.MODELS}

    def test_demo_data_is_a_believable_series_and_loading_twice_changes_nothing(self, runner, db):
        result = runner.invoke(args=["demo-data"])
        assert result.exit_code == 0, result.output
        first = self.counts(db)
        again = runner.invoke(args=["demo-data"])
        assert again.exit_code == 0 and "0 objects created" in again.output
        assert self.counts(db) == first

        talkshows = list(db.session.scalars(select(Talkshow)))
        assert len(talkshows) >= 7
        core = {t.slug for t in db.session.scalars(select(Theme).where(Theme.is_core))}
        assert core == {"samenleven-in-wijken", "kansen-en-barrieres-in-het-onderwijs", "leefbaarheid-en-veiligheid-in-de-wijk", "ondernemen-en-bestaanszekerheid"}
        assert {t.theme.slug for t in talkshows} >= core
        now = datetime.now(UTC)
        past = [t for t in talkshows if t.ends_at < now]
        assert 1 <= len(past) < len(talkshows) / 2
        partners = {o.name for o in db.session.scalars(select(Organisation).where(Organisation.is_partner))}
        assert {"Gemeente Den Haag", "Universiteit Leiden", "Hogeschool Inholland", "De Haagse Hogeschool"} <= partners
        assert any(s.labs for s in db.session.scalars(select(Speaker)))

    def test_demo_talkshows_are_ready_on_the_board(self, runner, db):
        from talkshow_app.series.board import series_board

        runner.invoke(args=["demo-data"])
        board = series_board(target=7)
        assert board.coverage.target_published and board.coverage.missing == ()
        assert all(row.readiness.ready and not row.conflicts for row in board.rows)

    def test_if_empty_skips_a_database_with_talkshows(self, runner, db, make_talkshow):
        make_talkshow()
        result = runner.invoke(args=["demo-data", "--if-empty"])
        assert result.exit_code == 0 and "not loaded" in result.output
        assert db.session.scalar(select(func.count()).select_from(Talkshow)) == 1

    def test_if_empty_loads_an_empty_database(self, runner, db):
        result = runner.invoke(args=["demo-data", "--if-empty"])
        assert result.exit_code == 0
        assert db.session.scalar(select(func.count()).select_from(Talkshow)) >= 7

    def test_home_lists_the_demo_talkshows(self, runner, client, db):
        runner.invoke(args=["demo-data"])
        page = client.get("/").get_data(as_text=True)
        upcoming = db.session.scalars(select(Talkshow).where(Talkshow.starts_at > datetime.now(UTC)).order_by(Talkshow.starts_at)).first()
        assert upcoming.title in page
