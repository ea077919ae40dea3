"""The attendee list as organisers use it: filters with counts, an organisation column, a sign-in sheet, badges."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from talkshow_app.accounts.models import Role

ORGANISER_CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "organiser.css"


@pytest.fixture
def organiser(make_user, login):
    user = make_user(Role.ORGANISER)
    login(user)
    return user


def rows(page: str) -> list[str]:
    body = re.search(r"<tbody>(.*?)</tbody>", page, re.S).group(1)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


@pytest.fixture
def talkshow(make_talkshow, make_registration):
    talkshow = make_talkshow(capacity=2)
    make_registration(talkshow, "confirmed", name="Anna de Vries", organisation="De Haagse Hogeschool")
    make_registration(talkshow, "confirmed", name="Bram Jansen")
    make_registration(talkshow, "waitlisted", name="Chaima Bakker", organisation="Wijkberaad Moerwijk")
    make_registration(talkshow, "cancelled", name="Daan Smit")
    return talkshow


def test_the_list_has_filters_with_counts_and_an_organisation_column(client, db, organiser, talkshow):
    url = f"/organiser/talkshows/{talkshow.id}/registrations"
    page = client.get(url).get_data(as_text=True)
    assert 'class="organiser-nav"' in page and "css/organiser.css" in page
    assert re.search(r"<th scope=\"col\">Organisatie</th>", page)
    assert any("Anna de Vries" in row and "De Haagse Hogeschool" in row for row in rows(page))
    filters = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", re.search(r'<nav class="status-filter.*?</nav>', page, re.S).group(0))
    )
    assert "Iedereen (4)" in filters and "Bevestigd (2)" in filters and "Wachtlijst (1)" in filters
    assert "Geannuleerd (1)" in filters

    waiting = client.get(url + "?status=waitlisted").get_data(as_text=True)
    assert [row.split(" ")[0] for row in rows(waiting)] == ["Chaima"]
    assert re.search(r'status=waitlisted"[^>]*aria-current="page"', waiting)
    assert len(rows(client.get(url + "?status=nonsense").get_data(as_text=True))) == 4


def test_the_add_form_speaks_to_the_organiser_about_the_attendee(client, db, organiser, talkshow):
    page = client.get(f"/organiser/talkshows/{talkshow.id}/registrations").get_data(as_text=True)
    add_section = page[page.index('id="add-heading"') :]
    assert "zodat u kunt deelnemen" not in add_section and "Ik ben vooral" not in add_section
    assert "Naam van de deelnemer" in add_section and "zodat de deelnemer kan meedoen" in add_section
    response = client.post(f"/organiser/talkshows/{talkshow.id}/registrations/add", data={"add-name": ""})
    assert "Vul de naam van de deelnemer in." in response.get_data(as_text=True)


def test_the_list_prints_as_a_sign_in_sheet(client, db, organiser, talkshow):
    page = client.get(f"/organiser/talkshows/{talkshow.id}/registrations").get_data(as_text=True)
    assert 'class="print-only signature"' in page and "sign-in-sheet" in page
    css = ORGANISER_CSS.read_text(encoding="utf-8")
    assert "@media print" in css and ".sign-in-sheet" in css


def test_name_badges_for_confirmed_attendees_eight_to_an_a4_page(client, db, organiser, talkshow, make_registration):
    for i in range(8):
        make_registration(talkshow, "confirmed", name=f"Extra {i}")
    page = client.get(f"/organiser/talkshows/{talkshow.id}/registrations/badges").get_data(as_text=True)
    assert page.count('class="badge-page"') == 2
    assert page.count('class="name-badge"') == 10
    assert "Anna de Vries" in page and "Chaima Bakker" not in page and "Daan Smit" not in page
    css = ORGANISER_CSS.read_text(encoding="utf-8")
    assert re.search(r"@page badges \{ size: A4", css)


@pytest.mark.parametrize("suffix", ["", "/badges", "?status=confirmed"])
def test_editors_get_403(client, db, make_user, login, talkshow, suffix):
    login(make_user(Role.EDITOR))
    assert client.get(f"/organiser/talkshows/{talkshow.id}/registrations{suffix}").status_code == 403
