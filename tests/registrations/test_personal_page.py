"""The personal page as a registrant uses it: place in line, the code for the door, changing details, and
cancel / delete that ask first (plain links and forms: no JavaScript needed)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from talkshow_app.registrations.models import Affiliation, Registration, RegistrationStatus

from .helpers import register, token_in


def _page(client, registration) -> str:
    response = client.get(f"/registrations/{registration.token}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_waiting_list_shows_its_place_in_line_and_what_happens_next(client, db, make_talkshow, make_registration):
    talkshow = make_talkshow(capacity=1)
    make_registration(talkshow, "confirmed")
    make_registration(talkshow, "waitlisted")
    second = make_registration(talkshow, "waitlisted")
    page = _page(client, second)
    assert "U staat op plaats 2 van de wachtlijst." in page
    assert "automatisch" in page and "U hoeft niets te doen" in page
    assert "zodat iemand van de wachtlijst uw plaats kan innemen" not in page, "a waiting person frees no seat"
    assert "Van de wachtlijst af" in page
    assert "door-code" not in page, "no seat, no code for the door"


def test_someone_ahead_leaving_moves_the_place_up(client, db, smtp, make_talkshow):
    make_talkshow(slug="rij", capacity=1)
    register(client, "rij", "Anna", "anna@example.org")
    register(client, "rij", "Bram", "bram@example.org")
    register(client, "rij", "Cas", "cas@example.org")
    bram, cas = (token_in(smtp.inbox.to(a)[0]) for a in ("bram@example.org", "cas@example.org"))
    assert "plaats 2 van de wachtlijst" in client.get(f"/registrations/{cas}").get_data(as_text=True)
    assert client.post(f"/registrations/{bram}/cancel").status_code == 303
    flashed = client.get(f"/registrations/{bram}").get_data(as_text=True)
    assert "U staat niet meer op de wachtlijst" in flashed and "iemand anders kan nu uw plaats" not in flashed
    assert "plaats 1 van de wachtlijst" in client.get(f"/registrations/{cas}").get_data(as_text=True)


def test_a_seat_shows_the_qr_code_for_the_door_with_a_text_alternative(client, db, make_talkshow, make_registration):
    registration = make_registration(make_talkshow(), "confirmed", name="Sanne de Wit")
    page = _page(client, registration)
    svg = re.search(r"<svg role=\"img\"[^>]*class=\"door-code-image\"[^>]*>(.*?)</svg>", page, re.S)
    assert svg, "the QR code is inline SVG, an image for assistive technology"
    assert "<title>Toegangscode voor Sanne de Wit</title>" in svg.group(1)
    assert registration.checkin_code in page, "the code in text, for whoever cannot show the picture"
    english = client.get(f"/registrations/{registration.token}?lang=en").get_data(as_text=True)
    assert "Your code for the door" in english and "<title>Check-in code for Sanne de Wit</title>" in english


def test_a_past_or_cancelled_seat_shows_no_door_code(client, db, make_talkshow, make_registration):
    past = make_talkshow(starts_at=make_talkshow().starts_at - timedelta(days=60))
    assert "door-code-image" not in _page(client, make_registration(past, "confirmed"))
    assert "door-code-image" not in _page(client, make_registration(make_talkshow(), "cancelled"))


def test_details_can_be_changed_on_the_own_page(client, db, make_talkshow, make_registration):
    registration = make_registration(make_talkshow(), "confirmed", name="Sanne", organisation="")
    page = _page(client, registration)
    assert f'action="/registrations/{registration.token}/details"' in page
    assert 'value="Sanne"' in page, "the form starts with what we know"
    response = client.post(
        f"/registrations/{registration.token}/details",
        data={
            "name": "  Sanne   de Wit ",
            "affiliation": "onderzoeker",
            "organisation": "De Haagse Hogeschool",
            "accessibility_needs": "Een ringleiding graag",
        },
    )
    assert response.status_code == 303
    assert "Uw gegevens zijn gewijzigd." in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    stored = db.session.get(Registration, registration.id)
    assert (stored.name, stored.affiliation, stored.organisation, stored.accessibility_needs) == (
        "Sanne de Wit",
        Affiliation.ONDERZOEKER,
        "De Haagse Hogeschool",
        "Een ringleiding graag",
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Vul uw naam in."),
        ("name", "<script>", "punthaken"),
        ("organisation", "x" * 161, "160"),
        ("accessibility_needs", "x" * 501, "500"),
        ("affiliation", "koning", "keuze"),
    ],
)
def test_bad_details_store_nothing_and_say_why(client, db, make_talkshow, make_registration, field, value, message):
    registration = make_registration(make_talkshow(), "confirmed", name="Sanne", organisation="HHS")
    data = {"name": "Sanne Nieuw", "organisation": "Nieuw", "accessibility_needs": "", "affiliation": ""}
    response = client.post(f"/registrations/{registration.token}/details", data=data | {field: value})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message.lower() in page.lower()
    assert "error-summary" in page and "<title>Fout: " in page
    db.session.expire_all()
    stored = db.session.get(Registration, registration.id)
    assert (stored.name, stored.organisation) == ("Sanne", "HHS")


def test_details_of_an_unknown_link_are_404(client, db):
    assert client.post("/registrations/niet-bestaand/details", data={"name": "X"}).status_code == 404


@pytest.mark.csrf
def test_changing_details_needs_the_csrf_token(client, db, make_talkshow, make_registration):
    registration = make_registration(make_talkshow(), "confirmed", name="Sanne")
    assert client.post(f"/registrations/{registration.token}/details", data={"name": "Ander"}).status_code == 400
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).name == "Sanne"


def test_cancel_asks_first_on_a_page_of_its_own(client, db, make_talkshow, make_registration):
    registration = make_registration(make_talkshow(), "confirmed")
    own = _page(client, registration)
    assert re.search(rf'<form method="get" action="/registrations/{registration.token}/cancel">', own)
    response = client.get(f"/registrations/{registration.token}/cancel")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "Uw aanmelding annuleren?" in page
    assert re.search(rf'<form method="post" action="/registrations/{registration.token}/cancel">', page)
    assert 'class="button button-danger">Ja, annuleer mijn aanmelding' in page
    assert f'href="/registrations/{registration.token}">Nee, mijn aanmelding houden' in page
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == RegistrationStatus.CONFIRMED, (
        "asking changes nothing"
    )


def test_delete_asks_first_and_is_styled_as_the_dangerous_action(client, db, make_talkshow, make_registration):
    registration = make_registration(make_talkshow(), "confirmed", name="Sanne")
    own = _page(client, registration)
    delete_form = own[own.index(f'action="/registrations/{registration.token}/delete"') :]
    assert delete_form.index("button-danger") < delete_form.index("</form>"), "delete is the danger button"
    cancel_form = own[own.index(f'action="/registrations/{registration.token}/cancel"') :]
    assert "button-danger" not in cancel_form[: cancel_form.index("</form>")], "only one danger button"
    page = client.get(f"/registrations/{registration.token}/delete").get_data(as_text=True)
    assert "Uw gegevens verwijderen?" in page and "kan niet" in page
    assert re.search(rf'<form method="post" action="/registrations/{registration.token}/delete">', page)
    assert 'class="button button-danger">Ja, verwijder mijn gegevens' in page
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).name == "Sanne", "asking deletes nothing"


def test_confirming_cancel_of_a_cancelled_registration_goes_back_to_the_page(
    client, db, make_talkshow, make_registration
):
    registration = make_registration(make_talkshow(), "cancelled")
    response = client.get(f"/registrations/{registration.token}/cancel")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/registrations/{registration.token}")
    assert client.get("/registrations/niet-bestaand/cancel").status_code == 404
    assert client.get("/registrations/niet-bestaand/delete").status_code == 404
