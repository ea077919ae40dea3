"""The organiser area of the lab directory: list with stale marks, create, edit, end, check."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from talkshow_app.accounts.models import Role
from talkshow_app.labs.models import Lab, LabKind, LabStatus
from talkshow_app.timezones import local_today


@pytest.fixture
def organiser(make_user, login):
    user = make_user(role=Role.ORGANISER)
    login(user)
    return user


@pytest.fixture
def choices(make_theme, make_organisation, make_discipline):
    return {
        "theme": make_theme(slug="wonen", name="Wonen"),
        "partner": make_organisation(slug="hhs", name="De Haagse Hogeschool"),
        "other_partner": make_organisation(slug="leiden", name="Universiteit Leiden"),
        "discipline": make_discipline(slug="sociologie", name="Sociologie"),
    }


def valid_form(choices, **overrides) -> dict:
    data = {
        "name": "Stadslab Moerwijk",
        "kind": "stadslab",
        "description": "Bewoners en studenten werken samen.",
        "partners": [str(choices["partner"].id), str(choices["other_partner"].id)],
        "contact_name": "Esther Koster",
        "contact_email": "stadslab.moerwijk@example.org",
        "stadsdeel": "Escamp",
        "wijk": "Moerwijk",
        "address": "Erasmusweg 1010, 2532 CX Den Haag",
        "latitude": "52,0511",
        "longitude": "4.2892",
        "themes": [str(choices["theme"].id)],
        "disciplines": [str(choices["discipline"].id)],
        "programmes": "Social Work (Hogeschool Inholland)",
        "student_capacity": "30",
        "website": "https://www.example.org/moerwijk",
        "start_year": "2021",
    }
    data.update(overrides)
    return data


def lab_count(db) -> int:
    return db.session.scalar(select(func.count(Lab.id)))


def test_organiser_adds_a_lab_with_everything(client, db, organiser, choices):
    response = client.post("/organiser/labs/new", data=valid_form(choices))
    assert response.status_code == 302
    lab = db.session.scalar(select(Lab).where(Lab.slug == "stadslab-moerwijk"))
    assert lab.kind == LabKind.STADSLAB and lab.status == LabStatus.ACTIVE
    assert lab.stadsdeel == "Escamp" and lab.wijk == "Moerwijk"
    assert lab.latitude == pytest.approx(52.0511) and lab.longitude == pytest.approx(4.2892)
    assert [p.slug for p in lab.partners] == ["hhs", "leiden"]
    assert [t.slug for t in lab.themes] == ["wonen"]
    assert [d.slug for d in lab.disciplines] == ["sociologie"]
    assert lab.student_capacity == 30 and lab.start_year == 2021
    assert lab.contact_email == "stadslab.moerwijk@example.org"
    assert lab.last_checked_on is not None
    assert "is toegevoegd" in client.get("/organiser/labs/").get_data(as_text=True)
    # and it is public at once
    assert client.get("/labs/stadslab-moerwijk").status_code == 200


def test_a_lab_needs_only_a_name(client, db, organiser, choices):
    response = client.post("/organiser/labs/new", data={"name": "Klein initiatief", "kind": "related_initiative"})
    assert response.status_code == 302
    lab = db.session.scalar(select(Lab))
    assert lab.stadsdeel == "" and lab.latitude is None and lab.partners == []


def test_a_second_lab_with_the_same_name_gets_its_own_slug(client, db, organiser, choices):
    client.post("/organiser/labs/new", data=valid_form(choices))
    client.post("/organiser/labs/new", data=valid_form(choices))
    assert sorted(db.session.scalars(select(Lab.slug))) == ["stadslab-moerwijk", "stadslab-moerwijk-2"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Vul de naam van het lab in."),
        ({"latitude": "48.85", "longitude": "2.35"}, "latitude", "Deze breedtegraad ligt buiten Den Haag"),
        ({"longitude": "5.1"}, "longitude", "Deze lengtegraad ligt buiten Den Haag"),
        ({"latitude": "noord"}, "latitude", "Vul een getal in"),
        ({"longitude": ""}, "longitude", "Vul beide coördinaten in, of laat ze allebei leeg."),
        ({"latitude": ""}, "latitude", "Vul beide coördinaten in, of laat ze allebei leeg."),
        ({"website": "www.example.org"}, "website", "Vul een volledig webadres in"),
        ({"website": "javascript:alert(1)"}, "website", "Vul een volledig webadres in"),
        ({"start_year": "1850"}, "start_year", "Vul een jaar in tussen 1970 en"),
        ({"start_year": "volgend jaar"}, "start_year", "Vul een heel getal in."),
        ({"student_capacity": "-3"}, "student_capacity", "Vul een getal in tussen 0 en 5000."),
        ({"stadsdeel": "Wassenaar"}, "stadsdeel", "Kies een van de acht stadsdelen."),
        ({"contact_email": "geen-adres"}, "contact_email", "Vul een geldig e-mailadres in"),
        ({"kind": "kroeg"}, "kind", "Kies een van de soorten uit de lijst."),
        ({"themes": ["999999"]}, "themes", "Kies uit de lijst."),
        ({"partners": ["abc"]}, "partners", "Kies uit de lijst."),
    ],
)
def test_bad_input_gets_a_dutch_field_message_and_stores_nothing(client, db, organiser, choices, overrides, field, message):
    response = client.post("/organiser/labs/new", data=valid_form(choices, **overrides))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert message in page
    assert 'class="error-summary"' in page
    assert lab_count(db) == 0


def test_the_form_keeps_what_was_typed_after_an_error(client, organiser, choices):
    page = client.post("/organiser/labs/new", data=valid_form(choices, website="niet-goed")).get_data(as_text=True)
    assert 'value="Stadslab Moerwijk"' in page
    assert 'value="52,0511"' in page
    assert "<option selected value=\"Escamp\">Escamp</option>" in page or 'value="Escamp" selected' in page


def test_organiser_edits_a_lab_and_the_slug_stays(client, db, organiser, choices, make_placed_lab):
    lab = make_placed_lab(slug="oud-lab", name="Oud lab", last_checked_on=local_today() - timedelta(days=800))
    form = client.get("/organiser/labs/oud-lab/edit").get_data(as_text=True)
    assert 'value="Oud lab"' in form
    response = client.post("/organiser/labs/oud-lab/edit", data=valid_form(choices, name="Nieuw lab"))
    assert response.status_code == 302
    db.session.refresh(lab)
    assert lab.name == "Nieuw lab" and lab.slug == "oud-lab"
    assert lab.last_checked_on == local_today()  # saving counts as checking


def test_a_failed_edit_changes_nothing(client, db, organiser, choices, make_placed_lab):
    lab = make_placed_lab(slug="vast", name="Vast lab", stadsdeel="Laak")
    response = client.post("/organiser/labs/vast/edit", data=valid_form(choices, name="Anders", stadsdeel="Atlantis"))
    assert response.status_code == 400
    db.session.expire_all()
    lab = db.session.get(Lab, lab.id)
    assert lab.name == "Vast lab" and lab.stadsdeel == "Laak"


def test_editing_an_unknown_lab_is_404(client, organiser):
    assert client.get("/organiser/labs/bestaat-niet/edit").status_code == 404
    assert client.post("/organiser/labs/bestaat-niet/end").status_code == 404


def test_ending_a_lab_takes_it_out_of_the_default_directory(client, db, organiser, make_placed_lab):
    lab = make_placed_lab(slug="stoppend", name="Stoppend lab")
    response = client.post("/organiser/labs/stoppend/end")
    assert response.status_code == 302
    db.session.refresh(lab)
    assert lab.status == LabStatus.ENDED and lab.ended_on == local_today()
    assert client.get("/api/labs").get_json()["labs"] == []
    assert [l["slug"] for l in client.get("/api/labs?status=ended").get_json()["labs"]] == ["stoppend"]
    # ending twice is a message, not an error page
    client.post("/organiser/labs/stoppend/end")
    assert "is al beëindigd" in client.get("/organiser/labs/").get_data(as_text=True)
    client.post("/organiser/labs/stoppend/reopen")
    db.session.refresh(lab)
    assert lab.status == LabStatus.ACTIVE and lab.ended_on is None


def test_stale_labs_are_marked_for_organisers_until_checked(client, db, organiser, make_placed_lab):
    make_placed_lab(slug="vers", name="Vers lab", last_checked_on=local_today() - timedelta(days=30))
    make_placed_lab(slug="oud", name="Oud lab", last_checked_on=local_today() - timedelta(days=400))
    make_placed_lab(slug="nooit", name="Nooit bekeken", last_checked_on=None)
    make_placed_lab(slug="gestopt", name="Gestopt lab", status=LabStatus.ENDED, last_checked_on=local_today() - timedelta(days=900))
    page = client.get("/organiser/labs/").get_data(as_text=True)
    rows = {slug: page[page.index(f'href="/labs/{slug}"'):][:900] for slug in ("vers", "oud", "nooit", "gestopt")}
    assert "Controleren" in rows["oud"] and "Controleren" in rows["nooit"]
    assert "Controleren" not in rows["vers"] and "Controleren" not in rows["gestopt"]
    assert "niet gecontroleerd zijn: 2." in page
    assert client.post("/organiser/labs/oud/checked").status_code == 302
    assert db.session.scalar(select(Lab.last_checked_on).where(Lab.slug == "oud")) == local_today()
    page = client.get("/organiser/labs/").get_data(as_text=True)
    assert "niet gecontroleerd zijn: 1." in page


def test_stale_marking_is_for_organisers_only(client, make_placed_lab):
    make_placed_lab(slug="oud", name="Oud lab", last_checked_on=None)
    page = client.get("/labs").get_data(as_text=True)
    assert "Controleren" not in page


@pytest.mark.parametrize("role", [Role.ORGANISER, Role.EDITOR, Role.ADMIN])
def test_organisers_editors_and_admins_manage_labs(client, make_user, login, role):
    login(make_user(role=role))
    assert client.get("/organiser/labs/").status_code == 200
    assert client.get("/organiser/labs/new").status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/organiser/labs/"),
        ("get", "/organiser/labs/new"),
        ("post", "/organiser/labs/new"),
        ("get", "/organiser/labs/x/edit"),
        ("post", "/organiser/labs/x/end"),
        ("post", "/organiser/labs/x/reopen"),
        ("post", "/organiser/labs/x/checked"),
    ],
)
def test_visitors_are_sent_to_the_login_page(client, db, make_placed_lab, method, path):
    make_placed_lab(slug="x")
    response = getattr(client, method)(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.scalar(select(Lab.status).where(Lab.slug == "x")) == LabStatus.ACTIVE


@pytest.mark.csrf
def test_state_changes_need_the_csrf_token(client, db, make_user, make_placed_lab):
    user = make_user(role=Role.ORGANISER)
    login_page = client.get("/login").get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page) or re.search(
        r'name="csrf_token" value="([^"]+)"', login_page
    )
    client.post("/login", data={"email": user.email, "password": "correct horse battery staple", "csrf_token": token.group(1)})
    make_placed_lab(slug="x")
    assert client.post("/organiser/labs/x/end").status_code == 400
    assert client.post("/organiser/labs/new", data={"name": "Zonder token", "kind": "stadslab"}).status_code == 400
    assert db.session.scalar(select(Lab.status).where(Lab.slug == "x")) == LabStatus.ACTIVE
    assert lab_count(db) == 1


def test_organisers_find_the_management_from_the_public_pages(client, make_user, login, make_placed_lab):
    make_placed_lab(slug="hier")
    assert "/organiser/labs/" not in client.get("/labs").get_data(as_text=True)
    assert "/organiser/labs/hier/edit" not in client.get("/labs/hier").get_data(as_text=True)
    login(make_user(role=Role.EDITOR))
    assert 'href="/organiser/labs/"' in client.get("/labs").get_data(as_text=True)
    assert 'href="/organiser/labs/hier/edit"' in client.get("/labs/hier").get_data(as_text=True)
