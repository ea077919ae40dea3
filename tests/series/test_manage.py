"""The organiser area through the test client: the issue's journey, field messages, the board."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from talkshow_app.accounts.models import Role
from talkshow_app.series.models import Organisation, Speaker, Talkshow, TalkshowStatus, Theme, Venue


def field_errors(html: str) -> dict[str, str]:
    """Field id → its error text, read from the aria-described error paragraphs."""
    return {m.group(1): re.sub(r"\s+", " ", m.group(2)).strip() for m in re.finditer(r'<p class="field-error" id="([^"]+)-error">(.*?)</p>', html, re.S)}


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def organiser_client(client, login, organiser):
    login(organiser)
    return client


@pytest.fixture
def theme(make_theme):
    return make_theme(name="Samenleven in wijken", slug="samenleven-in-wijken", is_core=True, colour="#0b6e4f")


@pytest.fixture
def venue(make_venue):
    return make_venue(name="Wijkcentrum Schilderswijk", address="Hoefkade 623, Den Haag")


def talkshow_form(theme, venue=None, **overrides):
    data = {
        "title": "Wie kent zijn buren nog?", "theme_id": str(theme if isinstance(theme, int) else theme.id), "summary": "Over ontmoeting.",
        "description": "", "starts_at": "2027-03-11T20:00", "ends_at": "2027-03-11T21:45",
        "venue_id": str(venue.id) if venue else "0", "capacity": "80", "livestream_url": "",
        "registration_opens_at": "", "registration_closes_at": "",
    }
    data.update(overrides)
    return data


class TestJourney:
    def test_organiser_creates_and_publishes_and_the_public_sees_it(self, organiser_client, db, theme, venue, make_speaker, make_organisation, make_lab):
        client = organiser_client
        leiden = make_organisation(name="Universiteit Leiden")
        host = make_speaker(name="Joost van der Meer")
        guest = make_speaker(name="Fatima el Amrani", organisation=leiden, labs=[make_lab(name="Stadslab Schilderswijk", slug="stadslab-schilderswijk")])
        response = client.post("/organiser/talkshows/new", data=talkshow_form(
            theme, venue, speaker_1=str(host.id), part_1="host", speaker_2=str(guest.id), part_2="researcher",
        ))
        assert response.status_code == 302
        talkshow = db.session.scalar(select(Talkshow))
        assert talkshow.status == TalkshowStatus.DRAFT
        # 20:00 in March is winter time: 19:00 UTC
        assert talkshow.starts_at == datetime(2027, 3, 11, 19, 0, tzinfo=UTC)
        assert client.get("/talkshows/wie-kent-zijn-buren-nog").status_code == 404
        assert client.get("/api/talkshows").get_json()["talkshows"] == []

        response = client.post(f"/organiser/talkshows/{talkshow.id}/publish", follow_redirects=True)
        assert "is gepubliceerd" in response.get_data(as_text=True)
        page = client.get("/talkshows").get_data(as_text=True)
        assert "Wie kent zijn buren nog?" in page
        [item] = client.get("/api/talkshows").get_json()["talkshows"]
        assert item["slug"] == "wie-kent-zijn-buren-nog" and item["starts_at"] == "2027-03-11T20:00:00+01:00"
        assert [(s["name"], s["organisation"], s["labs"]) for s in item["speakers"]] == [
            ("Joost van der Meer", None, []), ("Fatima el Amrani", "Universiteit Leiden", ["stadslab-schilderswijk"])
        ]

    def test_summer_time_is_stored_with_the_summer_offset(self, organiser_client, db, theme):
        organiser_client.post("/organiser/talkshows/new", data=talkshow_form(theme, starts_at="2027-07-01T20:00", ends_at="2027-07-01T22:00"))
        talkshow = db.session.scalar(select(Talkshow))
        assert talkshow.starts_at == datetime(2027, 7, 1, 18, 0, tzinfo=UTC)
        organiser_client.post(f"/organiser/talkshows/{talkshow.id}/publish")
        assert organiser_client.get("/api/talkshows").get_json()["talkshows"][0]["starts_at"] == "2027-07-01T20:00:00+02:00"

    def test_edit_form_shows_amsterdam_time(self, organiser_client, make_talkshow):
        talkshow = make_talkshow(starts_at=datetime(2027, 7, 1, 18, 0, tzinfo=UTC))
        page = organiser_client.get(f"/organiser/talkshows/{talkshow.id}").get_data(as_text=True)
        assert 'value="2027-07-01T20:00"' in page

    def test_a_conflicting_schedule_is_refused_with_a_message_then_saved_anyway_and_flagged(self, organiser_client, db, theme, venue, make_talkshow):
        make_talkshow(title="Veilig over straat", venue=venue, starts_at=datetime(2027, 3, 11, 19, 30, tzinfo=UTC))
        response = organiser_client.post("/organiser/talkshows/new", data=talkshow_form(theme, venue))
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert "De zaal is op dat moment al geboekt voor “Veilig over straat”." in field_errors(page)["venue_id"]
        assert 'name="allow_conflicts"' in page
        assert count(db, Talkshow) == 1

        response = organiser_client.post("/organiser/talkshows/new", data=talkshow_form(theme, venue, allow_conflicts="y"), follow_redirects=True)
        assert "ondanks conflicten" in response.get_data(as_text=True)
        assert count(db, Talkshow) == 2
        board = organiser_client.get("/organiser/").get_data(as_text=True)
        assert board.count('class="has-conflict"') == 2
        assert "De zaal is op dat moment al geboekt voor “Wie kent zijn buren nog?”." in board

    def test_speaker_double_booking_is_named(self, organiser_client, db, theme, make_talkshow, make_speaker):
        joost = make_speaker(name="Joost van der Meer")
        make_talkshow(title="Veilig over straat", speakers=[(joost, "host")], starts_at=datetime(2027, 3, 11, 19, 0, tzinfo=UTC))
        response = organiser_client.post("/organiser/talkshows/new", data=talkshow_form(theme, speaker_1=str(joost.id), part_1="host"))
        assert response.status_code == 400
        assert field_errors(response.get_data(as_text=True))["speaker_1"] == "Joost van der Meer doet op dat moment al mee aan “Veilig over straat”."

    def test_end_before_start_has_no_save_anyway(self, organiser_client, db, theme):
        response = organiser_client.post("/organiser/talkshows/new", data=talkshow_form(theme, ends_at="2027-03-11T19:00", allow_conflicts="y"))
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert field_errors(page)["ends_at"] == "Het einde moet later zijn dan het begin."
        assert 'name="allow_conflicts"' not in page
        assert count(db, Talkshow) == 0


class TestFieldMessages:
    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"title": ""}, "title", "Vul een titel in."),
            ({"title": "x" * 201}, "title", "De titel mag hoogstens 200 tekens lang zijn."),
            ({"theme_id": "0"}, "theme_id", "Kies een thema."),
            ({"theme_id": "99999"}, "theme_id", "Kies een thema."),
            ({"theme_id": "abc"}, "theme_id", None),
            ({"venue_id": "99999"}, "venue_id", "Kies een zaal uit de lijst."),
            ({"starts_at": ""}, "starts_at", "Vul de begindatum en -tijd in."),
            ({"starts_at": "morgen"}, "starts_at", "Vul een datum en tijd in zoals 2027-03-11 20:00."),
            ({"starts_at": "2027-03-28T02:30", "ends_at": "2027-03-28T04:00"}, "starts_at", "Dit tijdstip bestaat niet in Nederland: de klok gaat dan een uur vooruit."),
            ({"starts_at": "0001-01-01T00:30"}, "starts_at", "Vul een datum in tussen 2000 en 2100."),
            ({"ends_at": "9999-12-31T23:59"}, "ends_at", "Vul een datum in tussen 2000 en 2100."),
            ({"capacity": "5001"}, "capacity", "Het aantal plaatsen moet tussen 0 en 5000 liggen."),
            ({"capacity": "-1"}, "capacity", "Het aantal plaatsen moet tussen 0 en 5000 liggen."),
            ({"capacity": "veel"}, "capacity", None),
            ({"capacity": ""}, "capacity", "Vul het aantal plaatsen in (0 als er geen aanmelding is)."),
            ({"livestream_url": "javascript:alert(1)"}, "livestream_url", "Vul een volledig webadres in dat begint met https://."),
            ({"livestream_url": "ftp://example.org/x"}, "livestream_url", "Vul een volledig webadres in dat begint met https://."),
            ({"registration_opens_at": "2027-03-11T20:00"}, "registration_opens_at", "De aanmelding moet openen voordat de talkshow begint."),
            ({"registration_opens_at": "2027-03-01T12:00", "registration_closes_at": "2027-02-01T12:00"}, "registration_closes_at", "De aanmelding moet sluiten nadat ze opent."),
            ({"registration_closes_at": "2027-03-11T22:00"}, "registration_closes_at", "De aanmelding moet sluiten voordat de talkshow afloopt."),
            ({"speaker_1": "4242"}, "speaker_1", "Kies sprekers uit de lijst."),
            ({"part_1": "boef"}, "part_1", None),
        ],
    )
    def test_invalid_values_give_a_dutch_field_message_and_store_nothing(self, organiser_client, db, theme, overrides, field, message):
        response = organiser_client.post("/organiser/talkshows/new", data=talkshow_form(theme, **overrides))
        assert response.status_code == 400
        errors = field_errors(response.get_data(as_text=True))
        assert field in errors
        if message:
            assert errors[field] == message
        else:
            assert errors[field] and "Not a valid" not in errors[field] and "Invalid" not in errors[field]
        assert count(db, Talkshow) == 0

    def test_the_same_speaker_twice(self, organiser_client, db, theme, make_speaker):
        speaker = make_speaker()
        response = organiser_client.post("/organiser/talkshows/new", data=talkshow_form(theme, speaker_1=str(speaker.id), speaker_2=str(speaker.id)))
        assert field_errors(response.get_data(as_text=True))["speaker_2"] == "Deze spreker staat er meer dan eens in."
        assert count(db, Talkshow) == 0

    def test_error_summary_links_to_the_fields(self, organiser_client, theme):
        page = organiser_client.post("/organiser/talkshows/new", data=talkshow_form(theme, title="")).get_data(as_text=True)
        assert 'href="#title"' in page and 'aria-describedby="title-error"' in page

    def test_english_messages_on_request(self, app, client):
        # Without the `db` fixture: each request then gets its own app context, as in production
        # (Flask-Babel and Flask-WTF cache the locale and CSRF token on the app context).
        theme_id = _arrange(app)
        client.post("/login", data={"email": "planner@example.org", "password": "correct horse battery staple"})
        client.get("/language/en")
        page = client.post("/organiser/talkshows/new", data=talkshow_form(theme_id, title="")).get_data(as_text=True)
        assert field_errors(page)["title"] == "Enter a title."


def _arrange(app) -> int:
    """An organiser (planner@example.org) and a theme, stored outside any request; returns the theme id."""
    from talkshow_app.accounts import services as accounts
    from talkshow_app.extensions import db as _db

    with app.app_context():
        accounts.create_user("planner@example.org", "correct horse battery staple", "organiser")
        theme = Theme(name="Samenleven in wijken", slug="samenleven-in-wijken")
        _db.session.add(theme)
        _db.session.commit()
        return theme.id


class TestStatusButtons:
    def test_cancel_and_unpublish(self, organiser_client, db, make_talkshow):
        talkshow = make_talkshow(title="Veilig over straat")
        organiser_client.post(f"/organiser/talkshows/{talkshow.id}/unpublish")
        assert db.session.get(Talkshow, talkshow.id).status == TalkshowStatus.DRAFT
        response = organiser_client.post(f"/organiser/talkshows/{talkshow.id}/cancel", follow_redirects=True)
        assert "is geannuleerd" in response.get_data(as_text=True)
        db.session.expire_all()
        assert db.session.get(Talkshow, talkshow.id).status == TalkshowStatus.CANCELLED

    def test_publishing_a_cancelled_talkshow_explains_why_not(self, organiser_client, db, make_talkshow):
        talkshow = make_talkshow(status=TalkshowStatus.CANCELLED)
        response = organiser_client.post(f"/organiser/talkshows/{talkshow.id}/publish", follow_redirects=True)
        assert "kan niet opnieuw worden gepubliceerd" in response.get_data(as_text=True)

    @pytest.mark.parametrize("action", ["publish", "unpublish", "cancel"])
    def test_unknown_talkshow_is_404(self, organiser_client, action):
        assert organiser_client.post(f"/organiser/talkshows/999/{action}").status_code == 404
        assert organiser_client.get("/organiser/talkshows/999").status_code == 404

    def test_state_changes_are_post_only(self, organiser_client, make_talkshow):
        talkshow = make_talkshow()
        assert organiser_client.get(f"/organiser/talkshows/{talkshow.id}/cancel").status_code == 405

    @pytest.mark.csrf
    def test_state_changes_need_the_csrf_token(self, app, client):
        from talkshow_app.extensions import db as _db

        theme_id = _arrange(app)

        def token(path: str) -> str:
            return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)

        client.post("/login", data={"email": "planner@example.org", "password": "correct horse battery staple", "csrf_token": token("/login")})
        response = client.post("/organiser/talkshows/new", data=talkshow_form(theme_id) | {"csrf_token": token("/organiser/talkshows/new")})
        assert response.status_code == 302
        with app.app_context():
            talkshow_id = _db.session.scalar(select(Talkshow.id))
        assert client.post(f"/organiser/talkshows/{talkshow_id}/publish").status_code == 400
        assert client.post(f"/organiser/talkshows/{talkshow_id}/publish", data={"csrf_token": token(f"/organiser/talkshows/{talkshow_id}")}).status_code == 302
        with app.app_context():
            assert _db.session.get(Talkshow, talkshow_id).status == TalkshowStatus.PUBLISHED


class TestAccess:
    PAGES = ["/organiser/talkshows", "/organiser/talkshows/new", "/organiser/themes", "/organiser/speakers/new", "/organiser/venues"]

    @pytest.mark.parametrize("path", PAGES + ["/organiser/"])
    def test_anonymous_visitors_go_to_login(self, client, path):
        response = client.get(path)
        assert response.status_code == 302 and "/login?next=" in response.headers["Location"]

    @pytest.mark.parametrize("path", PAGES)
    def test_editors_may_not_plan(self, client, login, make_user, path):
        login(make_user(role=Role.EDITOR))
        assert client.get(path).status_code == 403

    def test_editors_see_the_board_without_planning_links(self, client, login, make_user, make_talkshow):
        make_talkshow(title="Veilig over straat")
        login(make_user(role=Role.EDITOR))
        page = client.get("/organiser/").get_data(as_text=True)
        assert "Veilig over straat" in page and "/organiser/talkshows/new" not in page

    def test_admin_may_plan(self, client, login, make_user):
        login(make_user(role=Role.ADMIN))
        assert client.get("/organiser/talkshows/new").status_code == 200


class TestBoard:
    def test_board_shows_target_coverage_and_readiness(self, organiser_client, make_theme, make_talkshow, make_speaker, app):
        core = [make_theme(name=n, slug=n.lower(), is_core=True) for n in ("Wijken", "Onderwijs", "Veiligheid", "Ondernemen")]
        host, guest = make_speaker(), make_speaker()
        make_talkshow(title="Klaar", theme=core[0], speakers=[(host, "host"), (guest, "guest")])
        make_talkshow(title="Concept", theme=core[1], status=TalkshowStatus.DRAFT, starts_at=datetime.now(UTC) + timedelta(days=40))
        page = organiser_client.get("/organiser/").get_data(as_text=True)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
        assert "Doel 7 talkshows" in text and "Gepland 2 nog 5 te plannen" in text and "Gepubliceerd 1" in text
        covered, missing = text.split("Nog niet gedekt")
        assert "Wijken" in covered and "Onderwijs" in covered.split("Gedekt")[1]
        assert "Veiligheid" in missing.split("Talkshows")[0] and "Ondernemen" in missing.split("Talkshows")[0]
        assert "7 van 7 klaar" in text and "4 van 7 klaar" in text
        assert "Presentator : nog niet" in text and "Gepubliceerd : nog niet" in text

    def test_board_query_count_does_not_grow_with_talkshows(self, organiser_client, make_talkshow, make_speaker, count_queries):
        def board_queries() -> int:
            with count_queries() as counter:
                assert organiser_client.get("/organiser/").status_code == 200
            return counter.count

        speaker = make_speaker()
        make_talkshow(speakers=[(speaker, "host")])
        few = board_queries()
        for i in range(6):
            make_talkshow(speakers=[(make_speaker(), "host")], starts_at=datetime.now(UTC) + timedelta(days=30 + i * 7))
        assert board_queries() == few


class TestConfiguredTarget:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "SERIES_TARGET": 3}

    def test_target_comes_from_the_settings(self, organiser_client):
        assert "Doel 3 talkshows" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", organiser_client.get("/organiser/").get_data(as_text=True)))


class TestReferenceData:
    def test_create_theme_and_its_colour_reaches_the_stylesheet(self, organiser_client, db):
        response = organiser_client.post("/organiser/themes/new", data={"name": "Wonen", "name_en": "Housing", "description": "", "colour": "#AA3300", "position": "5"})
        assert response.status_code == 302
        theme = db.session.scalar(select(Theme))
        assert (theme.slug, theme.colour) == ("wonen", "#aa3300")
        css = organiser_client.get("/themes.css").get_data(as_text=True)
        assert f".theme-{theme.id} {{ --theme-colour: #aa3300; }}" in css

    @pytest.mark.parametrize("colour", ["red", "#aa330", "#aa3300;}body{x:y", "#gg0000", ""])
    def test_bad_colour(self, organiser_client, db, colour):
        response = organiser_client.post("/organiser/themes/new", data={"name": "Wonen", "colour": colour, "position": "0"})
        assert response.status_code == 400 and "colour" in field_errors(response.get_data(as_text=True))
        assert count(db, Theme) == 0

    def test_edit_and_delete_a_venue(self, organiser_client, db, venue):
        response = organiser_client.post(f"/organiser/venues/{venue.id}", data={"name": "Atrium", "address": "Spui 70, Den Haag", "latitude": "52,0777", "longitude": "4.3160"})
        assert response.status_code == 302
        db.session.expire_all()
        stored = db.session.get(Venue, venue.id)
        assert (stored.name, stored.latitude, stored.longitude) == ("Atrium", 52.0777, 4.316)
        assert organiser_client.post(f"/organiser/venues/{venue.id}/delete").status_code == 302
        assert count(db, Venue) == 0

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({"name": "", "address": "x"}, "name", "Vul een naam in."),
            ({"name": "Zaal", "address": ""}, "address", "Vul het adres in."),
            ({"name": "Zaal", "address": "x", "latitude": "91", "longitude": "4"}, "latitude", "De breedtegraad moet tussen -90 en 90 liggen."),
            ({"name": "Zaal", "address": "x", "latitude": "52", "longitude": "181"}, "longitude", "De lengtegraad moet tussen -180 en 180 liggen."),
            ({"name": "Zaal", "address": "x", "latitude": "52"}, "longitude", "Vul zowel breedte- als lengtegraad in, of geen van beide."),
            ({"name": "Zaal", "address": "x", "latitude": "noord", "longitude": "4"}, "latitude", "Vul een getal in, bijvoorbeeld 52.0705."),
        ],
    )
    def test_venue_field_messages(self, organiser_client, db, data, field, message):
        response = organiser_client.post("/organiser/venues/new", data=data)
        assert response.status_code == 400
        assert field_errors(response.get_data(as_text=True))[field] == message
        assert count(db, Venue) == 0

    def test_venue_in_use_cannot_be_deleted(self, organiser_client, db, venue, make_talkshow):
        make_talkshow(venue=venue)
        response = organiser_client.post(f"/organiser/venues/{venue.id}/delete", follow_redirects=True)
        assert "verplaats ze eerst" in response.get_data(as_text=True)
        assert count(db, Venue) == 1

    def test_create_speaker_with_organisation_and_labs(self, organiser_client, db, make_organisation, make_lab):
        org, lab = make_organisation(name="De Haagse Hogeschool"), make_lab(name="Stadslab Schilderswijk")
        response = organiser_client.post("/organiser/speakers/new", data={
            "name": "Mehmet Yilmaz", "role_title": "Student", "organisation_id": str(org.id), "lab_ids": [str(lab.id)], "bio": "",
        })
        assert response.status_code == 302
        speaker = db.session.scalar(select(Speaker))
        assert (speaker.slug, speaker.organisation.name, [l.name for l in speaker.labs]) == ("mehmet-yilmaz", "De Haagse Hogeschool", ["Stadslab Schilderswijk"])
        page = organiser_client.get(f"/organiser/speakers/{speaker.id}").get_data(as_text=True)
        assert re.search(rf'<option selected value="{lab.id}">|<option value="{lab.id}" selected>', page)

    def test_speaker_with_unknown_lab_or_organisation(self, organiser_client, db):
        # Photos are uploaded files now (talkshow_app/images); an external photo address is no field any more.
        response = organiser_client.post("/organiser/speakers/new", data={"name": "X", "organisation_id": "77", "lab_ids": ["88"], "photo_url": "javascript:x"})
        errors = field_errors(response.get_data(as_text=True))
        assert set(errors) == {"organisation_id", "lab_ids"}
        assert count(db, Speaker) == 0

    def test_organisation_duplicate_name_message(self, organiser_client, db, make_organisation):
        make_organisation(name="Gemeente Den Haag")
        response = organiser_client.post("/organiser/organisations/new", data={"name": "gemeente den haag", "website": "https://www.denhaag.nl"})
        assert field_errors(response.get_data(as_text=True))["name"] == "Er bestaat al een organisatie met deze naam."
        assert count(db, Organisation) == 1

    def test_unknown_items_are_404(self, organiser_client):
        assert organiser_client.get("/organiser/themes/999").status_code == 404
        assert organiser_client.post("/organiser/speakers/999/delete").status_code == 404
        assert organiser_client.get("/organiser/widgets").status_code == 404

    def test_lists_render(self, organiser_client, theme, venue, make_speaker, make_organisation):
        make_speaker(name="Anouk Bakker")
        make_organisation(name="Hogeschool Inholland")
        for kind, expected in [("themes", "Samenleven in wijken"), ("venues", "Wijkcentrum Schilderswijk"), ("speakers", "Anouk Bakker"), ("organisations", "Hogeschool Inholland")]:
            page = organiser_client.get(f"/organiser/{kind}").get_data(as_text=True)
            assert expected in page


HOSTILE = ["", " ", "0", "-1", "9" * 40, "1e309", "nan", "inf", "abc", "<script>x</script>", "\u202e", "x" * 20000, "2027-02-30T20:00", "0001-01-01T00:00"]


@pytest.mark.parametrize("path", ["/organiser/talkshows/new", "/organiser/themes/new", "/organiser/speakers/new", "/organiser/organisations/new", "/organiser/venues/new"])
def test_hostile_input_never_gives_a_500(organiser_client, db, theme, path):
    fields = ["title", "theme_id", "summary", "description", "starts_at", "ends_at", "venue_id", "capacity", "livestream_url",
              "registration_opens_at", "registration_closes_at", "speaker_1", "part_1", "name", "name_en", "colour", "position",
              "short_name", "website", "address", "latitude", "longitude", "role_title", "organisation_id", "lab_ids", "bio", "photo_url"]
    for value in HOSTILE:
        response = organiser_client.post(path, data={field: value for field in fields})
        assert response.status_code in (302, 400), (path, value, response.status_code)


def test_board_shows_seat_counts_and_no_show_rate_from_registrations(organiser_client, make_talkshow, monkeypatch):
    from talkshow_app.registrations import seats as registrations

    past = make_talkshow(title="Al geweest", capacity=80, starts_at=datetime.now(UTC) - timedelta(days=7))
    future = make_talkshow(title="Komt nog", capacity=60)
    asked: list[list[int]] = []

    def fake_seat_counts(ids):
        asked.append(sorted(ids))
        return {
            past.id: registrations.SeatCounts(confirmed=75, waitlisted=0, cancelled=4, checked_in=60, no_show_rate=0.2),
            future.id: registrations.SeatCounts(confirmed=12, waitlisted=3, cancelled=1, checked_in=0, no_show_rate=None),
        }

    monkeypatch.setattr(registrations, "seat_counts", fake_seat_counts)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", organiser_client.get("/organiser/").get_data(as_text=True)))
    assert asked == [sorted([past.id, future.id])]
    assert "Bevestigd 75 / 80 Wachtlijst 0 Geannuleerd 4 Aanwezig 60 Niet verschenen 20%" in text
    assert "Bevestigd 12 / 60 Wachtlijst 3 Geannuleerd 1 Aanwezig 0 Niet verschenen –" in text


def test_edit_form_shows_the_line_up_and_saving_it_unchanged_sends_nothing(organiser_client, db, make_talkshow, make_speaker, emitted):
    host, guest = make_speaker(name="Joost"), make_speaker(name="Fatima")
    talkshow = make_talkshow(speakers=[(host, "host"), (guest, "resident")], starts_at=datetime(2030, 1, 10, 19, 0, tzinfo=UTC), ends_at=datetime(2030, 1, 10, 21, 0, tzinfo=UTC))
    page = organiser_client.get(f"/organiser/talkshows/{talkshow.id}").get_data(as_text=True)

    def selected(name: str) -> str:
        select_html = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
        return re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select_html).group(1)

    assert (selected("speaker_1"), selected("part_1"), selected("speaker_2"), selected("part_2")) == (str(host.id), "host", str(guest.id), "resident")
    assert selected("speaker_3") == "0"
    data = talkshow_form(talkshow.theme, talkshow.venue, title=talkshow.title, summary="", capacity=str(talkshow.capacity),
                         starts_at="2030-01-10T20:00", ends_at="2030-01-10T22:00",
                         registration_opens_at=re.search(r'name="registration_opens_at"[^>]*value="([^"]*)"', page).group(1),
                         speaker_1=str(host.id), part_1="host", speaker_2=str(guest.id), part_2="resident")
    assert organiser_client.post(f"/organiser/talkshows/{talkshow.id}", data=data).status_code == 302
    db.session.expire_all()
    stored = db.session.get(Talkshow, talkshow.id)
    assert (stored.sequence, stored.starts_at, len(stored.speaker_links)) == (0, talkshow.starts_at, 2)
    assert emitted == []
