"""Organisers mail the audience of a talkshow: preview first, then each person gets it with their own working link."""

from __future__ import annotations

import re

import pytest

from talkshow_app.accounts.models import Role
from talkshow_app.mailing.services import flush

from ..mailing.smtp import text_part
from .helpers import register, token_in


@pytest.fixture
def organiser(make_user, login):
    user = make_user(Role.ORGANISER)
    login(user)
    return user


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


@pytest.fixture
def full_talkshow(client, db, make_talkshow):
    talkshow = make_talkshow(slug="buren-mailen", capacity=1)
    assert register(client, "buren-mailen", "Anna de Vries", "anna@example.org").status_code == 303
    assert register(client, "buren-mailen", "Bram Jansen", "bram@example.org").status_code == 303
    return talkshow


def test_preview_then_send_to_the_seat_holders_each_with_a_working_link(client, db, smtp, organiser, full_talkshow):
    url = f"/organiser/talkshows/{full_talkshow.id}/registrations/mail"
    data = {
        "audience": "confirmed",
        "subject": "Parkeren bij het wijkcentrum",
        "text": "Parkeer bij de Hoefkade.\n\nTot dan!",
    }
    preview = client.post(url, data=data)
    page = _text(preview.get_data(as_text=True))
    assert preview.status_code == 200
    assert "Deze mail gaat naar 1 persoon." in page and "Parkeer bij de Hoefkade." in page
    before = len(smtp.inbox)
    flush()
    assert len(smtp.inbox) == before  # the preview sends nothing

    sent = client.post(url, data=data | {"send": "1"})
    assert sent.status_code == 303
    flush()
    message = smtp.inbox.to("anna@example.org")[-1]
    assert message["Subject"] == "Parkeren bij het wijkcentrum"
    body = text_part(message, "plain") or ""
    assert "Beste Anna de Vries," in body and "Parkeer bij de Hoefkade." in body
    assert all(m["Subject"] != "Parkeren bij het wijkcentrum" for m in smtp.inbox.to("bram@example.org"))

    log = _text(client.get(url).get_data(as_text=True))
    assert "1 persoon krijgt deze mail." in log
    assert re.search(r"Parkeren bij het wijkcentrum 1 1 0", log)
    assert client.get(f"/registrations/{token_in(message)}").status_code == 200


def test_both_groups(client, db, smtp, organiser, full_talkshow):
    url = f"/organiser/talkshows/{full_talkshow.id}/registrations/mail"
    data = {"audience": "both", "subject": "Nieuw programma", "text": "Er is een extra spreker.", "send": "1"}
    assert client.post(url, data=data).status_code == 303
    flush()
    for address in ("anna@example.org", "bram@example.org"):
        assert smtp.inbox.to(address)[-1]["Subject"] == "Nieuw programma"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"audience": "confirmed", "subject": "", "text": "x"}, "subject", "Vul een onderwerp in."),
        ({"audience": "confirmed", "subject": "x", "text": " "}, "text", "Vul de tekst van de mail in."),
        ({"audience": "iedereen", "subject": "x", "text": "x"}, "audience", "Kies wie de mail krijgt."),
        ({"audience": "confirmed", "subject": "a" * 151, "text": "x"}, "subject", "hoogstens 150 tekens"),
    ],
)
def test_bad_input_gets_a_message_and_sends_nothing(client, db, smtp, organiser, full_talkshow, data, field, message):
    response = client.post(f"/organiser/talkshows/{full_talkshow.id}/registrations/mail", data=data | {"send": "1"})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    before = len(smtp.inbox)
    flush()
    assert len(smtp.inbox) == before


def test_an_empty_group_is_refused(client, db, organiser, make_talkshow):
    talkshow = make_talkshow()
    data = {"audience": "waitlisted", "subject": "x", "text": "y", "send": "1"}
    response = client.post(f"/organiser/talkshows/{talkshow.id}/registrations/mail", data=data)
    assert response.status_code == 400 and "Er zit nog niemand in deze groep." in response.get_data(as_text=True)


def test_editors_get_403(client, db, make_user, login, full_talkshow):
    login(make_user(Role.EDITOR))
    url = f"/organiser/talkshows/{full_talkshow.id}/registrations/mail"
    assert client.get(url).status_code == 403
    assert client.post(url, data={"audience": "both", "subject": "x", "text": "y", "send": "1"}).status_code == 403


def test_unknown_talkshows_are_404(client, db, organiser):
    assert client.get("/organiser/talkshows/9999/registrations/mail").status_code == 404
