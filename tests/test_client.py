"""The test client runs each request in its own contexts, as a server does, even inside ``db``."""

from __future__ import annotations

from flask import g
from sqlalchemy import func, select

from talkshow_app.accounts.models import Role
from talkshow_app.registrations.models import Registration


def test_a_logged_in_user_does_not_leak_into_another_browsers_request(app, db, make_user, login, client):
    login(make_user(Role.ORGANISER))
    assert client.get("/organiser/").status_code == 200
    stranger = app.test_client()
    response = stranger.get("/organiser/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_language_of_one_request_does_not_stick_to_the_next(app, db):
    english, dutch = app.test_client(), app.test_client()
    assert 'lang="en"' in english.get("/?lang=en").get_data(as_text=True)
    assert 'lang="nl"' in dutch.get("/").get_data(as_text=True)


def test_the_tests_own_context_keeps_its_g(app, db, client):
    g.marker = "arranged by the test"
    client.get("/")
    assert g.marker == "arranged by the test"


def test_what_a_request_wrote_is_read_fresh_by_the_test(db, make_talkshow, client):
    talkshow = make_talkshow(capacity=5)
    assert client.post(
        f"/talkshows/{talkshow.slug}/register",
        data={"name": "Noor Visser", "email": "noor.visser@example.org", "consent": "y"},
    ).status_code in (302, 303)
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 1
