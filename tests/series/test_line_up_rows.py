"""The line-up without JavaScript: add and remove rows, add a new speaker, all keeping what was typed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from talkshow_app.accounts.models import Role
from talkshow_app.series.models import Speaker, Talkshow

from .test_manage import _arrange, field_errors, talkshow_form


@pytest.fixture
def organiser_client(client, login, organiser):
    login(organiser)
    return client


@pytest.fixture
def theme(make_theme):
    return make_theme(name="Samenleven in wijken", slug="samenleven-in-wijken")


def selects(page: str, prefix: str = "speaker_") -> list[str]:
    return re.findall(rf'<select[^>]*name="({prefix}\d+)"', page)


def selected(page: str, name: str) -> str:
    select_html = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    found = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select_html)
    return found.group(1) or found.group(2)


def test_a_new_talkshow_starts_with_one_row_and_no_multi_select(organiser_client):
    page = organiser_client.get("/organiser/talkshows/new").get_data(as_text=True)
    assert selects(page) == ["speaker_1"]
    assert "multiple" not in page
    assert 'name="add_row"' in page and 'name="remove_row" value="1"' in page


def test_another_row_keeps_everything_typed_and_saves_nothing(organiser_client, db, theme, make_speaker):
    host = make_speaker(name="Joost van der Meer")
    data = talkshow_form(
        theme, title="Buren in de Schilderswijk", speaker_1=str(host.id), part_1="host", line_up_count="1", add_row="1"
    )
    response = organiser_client.post("/organiser/talkshows/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert selects(page) == ["speaker_1", "speaker_2"]
    assert (selected(page, "speaker_1"), selected(page, "part_1"), selected(page, "speaker_2")) == (
        str(host.id),
        "host",
        "0",
    )
    assert 'value="Buren in de Schilderswijk"' in page
    assert field_errors(page) == {}
    assert db.session.scalar(select(func.count()).select_from(Talkshow)) == 0


def test_removing_a_row_moves_the_next_speakers_up(organiser_client, theme, make_speaker):
    first, second, third = (make_speaker(name=name) for name in ("Anna", "Bram", "Chaima"))
    data = talkshow_form(
        theme,
        line_up_count="3",
        remove_row="2",
        speaker_1=str(first.id),
        part_1="host",
        speaker_2=str(second.id),
        part_2="guest",
        speaker_3=str(third.id),
        part_3="researcher",
    )
    page = organiser_client.post("/organiser/talkshows/new", data=data).get_data(as_text=True)
    assert selects(page) == ["speaker_1", "speaker_2"]
    assert [selected(page, name) for name in ("speaker_1", "part_1", "speaker_2", "part_2")] == [
        str(first.id),
        "host",
        str(third.id),
        "researcher",
    ]


def test_saving_after_the_rows_changed_stores_the_line_up_in_order(organiser_client, db, theme, make_speaker):
    first, third = make_speaker(name="Anna"), make_speaker(name="Chaima")
    data = talkshow_form(
        theme, line_up_count="2", speaker_1=str(first.id), part_1="host", speaker_2=str(third.id), part_2="guest"
    )
    assert organiser_client.post("/organiser/talkshows/new", data=data).status_code == 302
    stored = db.session.scalars(select(Talkshow)).one()
    assert [link.speaker.name for link in stored.speaker_links] == ["Anna", "Chaima"]


def test_the_edit_form_shows_the_line_up_and_one_empty_row(organiser_client, make_talkshow, make_speaker):
    talkshow = make_talkshow(speakers=[(make_speaker(name="Anna"), "host")])
    page = organiser_client.get(f"/organiser/talkshows/{talkshow.id}").get_data(as_text=True)
    assert selects(page) == ["speaker_1", "speaker_2"]


def test_a_new_speaker_is_added_to_the_line_up_keeping_what_was_typed(
    organiser_client, db, theme, make_speaker, make_organisation
):
    host = make_speaker(name="Joost van der Meer")
    org = make_organisation(name="De Haagse Hogeschool", short_name="HHs")
    data = talkshow_form(
        theme,
        title="Buren in de Schilderswijk",
        description="Een avond over ontmoeting.",
        speaker_1=str(host.id),
        part_1="host",
        line_up_count="1",
        add_speaker="1",
        **{
            "new_speaker-name": "Noor el Amrani",
            "new_speaker-role_title": "Onderzoeker",
            "new_speaker-organisation_id": str(org.id),
        },
    )
    response = organiser_client.post("/organiser/talkshows/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    new = db.session.scalars(select(Speaker).where(Speaker.name == "Noor el Amrani")).one()
    assert (new.role_title, new.organisation_id) == ("Onderzoeker", org.id)
    assert selects(page) == ["speaker_1", "speaker_2"]
    assert (selected(page, "speaker_1"), selected(page, "speaker_2")) == (str(host.id), str(new.id))
    assert "Noor el Amrani (HHs)" in page
    assert 'value="Buren in de Schilderswijk"' in page and "Een avond over ontmoeting." in page
    assert "is toegevoegd" in page
    assert db.session.scalar(select(func.count()).select_from(Talkshow)) == 0


def test_a_new_speaker_without_a_name_gets_a_message_and_nothing_is_stored(organiser_client, db, theme):
    data = talkshow_form(theme, add_speaker="1", **{"new_speaker-name": " ", "new_speaker-organisation_id": "x"})
    response = organiser_client.post("/organiser/talkshows/new", data=data)
    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True))["new_speaker-name"] == "Vul de naam van de nieuwe spreker in."
    assert db.session.scalar(select(func.count()).select_from(Speaker)) == 0


def test_saving_with_a_typed_but_unadded_new_speaker_is_not_silently_lost(organiser_client, db, theme):
    data = talkshow_form(theme, **{"new_speaker-name": "Noor el Amrani"})
    response = organiser_client.post("/organiser/talkshows/new", data=data)
    assert response.status_code == 400
    assert "Voeg de nieuwe spreker toe" in field_errors(response.get_data(as_text=True))["new_speaker-name"]
    assert db.session.scalar(select(func.count()).select_from(Talkshow)) == 0


@pytest.mark.csrf
def test_adding_a_speaker_needs_the_csrf_token(app, client):
    _arrange(app)
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    client.post(
        "/login", data={"email": "planner@example.org", "password": "correct horse battery staple", "csrf_token": token}
    )
    response = client.post("/organiser/talkshows/new", data={"add_speaker": "1", "new_speaker-name": "Noor el Amrani"})
    assert response.status_code == 400
    with app.app_context():
        from talkshow_app.extensions import db as _db

        assert _db.session.scalar(select(func.count()).select_from(Speaker)) == 0


def test_no_more_rows_than_the_limit(organiser_client, theme):
    page = organiser_client.post("/organiser/talkshows/new", data=talkshow_form(theme, line_up_count="10", add_row="1"))
    text = page.get_data(as_text=True)
    assert len(selects(text)) == 10 and "hoogstens 10 sprekers" in text


@pytest.mark.parametrize("count", ["-3", "abc", "99999"])
def test_a_tampered_row_count_is_harmless(organiser_client, theme, count):
    response = organiser_client.post(
        "/organiser/talkshows/new", data=talkshow_form(theme, line_up_count=count, add_row="1")
    )
    assert response.status_code == 200


def test_speaker_labs_are_checkboxes(organiser_client, make_lab):
    lab = make_lab(name="Lab Schilderswijk")
    page = organiser_client.get("/organiser/speakers/new").get_data(as_text=True)
    assert re.search(
        rf'<input[^>]*type="checkbox"[^>]*value="{lab.id}"|<input[^>]*value="{lab.id}"[^>]*type="checkbox"', page
    )
    assert "multiple" not in page


def test_editors_may_not_use_the_line_up_buttons(client, login, make_user, theme):
    login(make_user(role=Role.EDITOR))
    response = client.post(
        "/organiser/talkshows/new", data=talkshow_form(theme, add_speaker="1", **{"new_speaker-name": "X"})
    )
    assert response.status_code == 403
