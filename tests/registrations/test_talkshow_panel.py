"""The registration panel on the public talkshow page."""
from __future__ import annotations

import re

import pytest

from .helpers import register


def test_the_panel_shows_free_seats_and_the_form(client, db, make_talkshow, make_registration):
    talkshow = make_talkshow(slug="paneel", capacity=3)
    make_registration(talkshow, "confirmed")
    page = client.get("/talkshows/paneel").get_data(as_text=True)
    assert "Nog 2 plaatsen vrij van de 3." in page
    assert 'action="/talkshows/paneel/register"' in page
    for name in ("name", "email", "consent", "affiliation", "organisation", "accessibility_needs"):
        assert f'name="{name}"' in page
    assert 'action="/talkshows/paneel/resend"' in page


def test_a_full_talkshow_offers_the_waiting_list(client, db, make_talkshow, make_registration):
    talkshow = make_talkshow(slug="vol", capacity=1)
    make_registration(talkshow, "confirmed")
    page = client.get("/talkshows/vol").get_data(as_text=True)
    assert "Alle plaatsen zijn bezet" in page and "wachtlijst" in page
    assert 'action="/talkshows/vol/register"' in page


@pytest.mark.csrf
def test_the_panel_form_carries_a_working_csrf_token(client, db, smtp, make_talkshow):
    make_talkshow(slug="token")
    page = client.get("/talkshows/token").get_data(as_text=True)
    token = re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = register(client, "token", "Anna", "anna@example.org", csrf_token=token)
    assert response.status_code == 303
    assert len(smtp.inbox.to("anna@example.org")) == 1
