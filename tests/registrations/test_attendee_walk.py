"""The talkshow page as an attendee walks it: waiting list wording, a call to register up top, past talkshows,
and the "check your mail" page that repeats the typed address without telling whether it was known."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from talkshow_app.archive.kinds import OutputType

from ..archive.conftest import editor, make_output, second_editor, storage  # noqa: F401
from .helpers import register

NOW = datetime.now(UTC).replace(microsecond=0)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_a_full_talkshow_offers_the_waiting_list_in_heading_and_button(client, db, make_talkshow, make_registration):
    talkshow = make_talkshow(slug="vol", capacity=1)
    make_registration(talkshow, "confirmed")
    make_registration(talkshow, "waitlisted")
    make_registration(talkshow, "waitlisted")
    html = client.get("/talkshows/vol").get_data(as_text=True)
    assert re.search(r'<h2 id="register-heading">\s*Op de wachtlijst\s*</h2>', html)
    assert re.search(r'<button type="submit" class="button">\s*Zet mij op de wachtlijst\s*</button>', html)
    assert "Er wachten 2 personen." in text_of(html)
    assert ">Aanmelden</button>" not in html
    make_talkshow(slug="ruim", capacity=3)  # with seats free it still says register
    html = client.get("/talkshows/ruim").get_data(as_text=True)
    assert re.search(r'<h2 id="register-heading">\s*Aanmelden\s*</h2>', html)
    assert ">Aanmelden</button>" in html and "wachtlijst</button>" not in html


def test_the_page_calls_to_register_near_the_top_and_calendar_follows_the_panel(client, db, make_talkshow,
                                                                               make_registration):
    make_talkshow(slug="open", description="Lang verhaal.\n\n" * 30)
    html = client.get("/talkshows/open").get_data(as_text=True)
    cta = html.index('href="#aanmelden"')
    assert cta < html.index("Lang verhaal.", html.index("<h1")), "the call to register comes before the description"
    assert re.search(r'<a class="button" href="#aanmelden">\s*Aanmelden\s*</a>', html)
    assert 'id="aanmelden"' in html
    assert html.index('id="aanmelden"') < html.index('id="calendar-heading"'), "calendar options after the panel"
    full = make_talkshow(slug="vol", capacity=1)
    make_registration(full, "confirmed")
    html = client.get("/talkshows/vol").get_data(as_text=True)
    assert re.search(r'<a class="button" href="#aanmelden">\s*Op de wachtlijst\s*</a>', html)


def test_a_past_talkshow_leads_with_its_outputs_without_registration_or_calendar(client, db, make_talkshow,
                                                                                 make_output):
    past = make_talkshow(slug="geweest", starts_at=NOW - timedelta(days=5), description="Wat we bespraken.")
    make_output(title="Verslag van de avond", output_type=OutputType.REPORT, talkshow_ids=[past.id])
    html = client.get("/talkshows/geweest").get_data(as_text=True)
    assert "Verslag van de avond" in html
    body = html.index("<h1")
    assert html.index("Verslag van de avond", body) < html.index("Wat we bespraken.", body), "outputs lead"
    assert 'action="/talkshows/geweest/register"' not in html and 'class="registration-panel' not in html
    assert 'href="#aanmelden"' not in html
    assert 'id="calendar-heading"' not in html and "webcal" not in html
    assert 'action="/talkshows/geweest/resend"' in html, "the lost-link form stays for delete-my-data"
    text = text_of(html)
    for future in ("Meld u aan", "Aanmelden", "Abonneer", "Zet mij"):
        assert future not in text, future


def test_check_your_mail_repeats_the_typed_address_the_same_for_new_and_known(client, db, smtp, make_talkshow):
    make_talkshow(slug="adres")
    pages = []
    for _ in range(2):  # first a new address, then the same address again (known)
        response = register(client, "adres", "Anna", "Anna.Typo@example.org")
        assert response.status_code == 303
        assert "example.org" not in response.headers["Location"], "never in the URL"
        pages.append(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Anna.Typo@example.org" in text_of(pages[0])
    assert pages[0] == pages[1], "new and known addresses get the same page"
    again = client.get("/talkshows/adres/registered").get_data(as_text=True)
    assert "Anna.Typo@example.org" not in again, "shown once, not kept in the session"


def test_check_your_mail_after_asking_for_the_link_again(client, db, smtp, make_talkshow):
    make_talkshow(slug="kwijt")
    response = client.post("/talkshows/kwijt/resend", data={"resend-email": "nooit@example.org"})
    assert response.status_code == 303
    assert "nooit@example.org" in text_of(client.get(response.headers["Location"]).get_data(as_text=True))
