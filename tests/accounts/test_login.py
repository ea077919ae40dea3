"""Logging in and out of the organiser area, and the role guard."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from talkshow_app.accounts.models import Role, User
from tests.factories import TEST_PASSWORD

FAILED = "Het e-mailadres of wachtwoord klopt niet."


def flashes(html: str) -> list[str]:
    return [m.strip() for m in re.findall(r'<p class="flash flash-\w+">(.*?)</p>', html, re.S)]


def test_login_page_has_labelled_fields(client):
    page = client.get("/login").get_data(as_text=True)
    for field in ("email", "password", "remember"):
        assert f'<label for="{field}"' in page and f'id="{field}"' in page
    assert 'autocomplete="current-password"' in page


def test_login_with_correct_credentials_goes_to_the_board(client, make_user, db):
    user = make_user(email="planner@example.org")
    response = client.post("/login", data={"email": "Planner@Example.org ", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/organiser/"
    assert client.get("/organiser/").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, user.id).last_login_at is not None


@pytest.mark.parametrize(
    ("email", "password"),
    [("planner@example.org", "wrong password here"), ("nobody@example.org", TEST_PASSWORD), ("nobody@example.org", "wrong password here")],
)
def test_wrong_email_or_password_give_one_and_the_same_message(client, make_user, email, password):
    make_user(email="planner@example.org")
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 200
    assert flashes(response.get_data(as_text=True)) == [FAILED]
    assert client.get("/organiser/").status_code == 302


def test_a_deactivated_account_cannot_log_in(client, make_user):
    make_user(email="gone@example.org", is_active_account=False)
    response = client.post("/login", data={"email": "gone@example.org", "password": TEST_PASSWORD})
    assert flashes(response.get_data(as_text=True)) == [FAILED]


def test_empty_fields_get_dutch_field_messages(client):
    page = client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Vul uw e-mailadres in." in page and "Vul uw wachtwoord in." in page
    assert 'aria-describedby="email-error"' in page


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/organiser/talkshows", "/organiser/talkshows"),
        ("https://evil.example.com/", "/organiser/"),
        ("//evil.example.com/", "/organiser/"),
        ("/\\evil.example.com", "/organiser/"),
        ("javascript:alert(1)", "/organiser/"),
    ],
)
def test_next_only_leads_to_this_site(client, make_user, next_url, expected):
    user = make_user()
    response = client.post("/login", query_string={"next": next_url}, data={"email": user.email, "password": TEST_PASSWORD})
    assert response.headers["Location"] == expected


def test_anonymous_visitor_is_sent_to_login_and_back(client, make_user):
    user = make_user()
    response = client.get("/organiser/talkshows")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/login?next=")
    response = client.post(location, data={"email": user.email, "password": TEST_PASSWORD})
    assert response.headers["Location"] == "/organiser/talkshows"


def test_wrong_role_is_403_with_a_friendly_page(client, login, make_user):
    login(make_user(role=Role.EDITOR))
    response = client.get("/organiser/talkshows/new")
    assert response.status_code == 403
    assert "Geen toegang" in response.get_data(as_text=True)


def test_logged_in_user_visiting_login_goes_to_the_board(client, login, make_user):
    login(make_user())
    assert client.get("/login").headers["Location"] == "/organiser/"


def test_logout_is_a_post_and_ends_the_session(client, login, make_user):
    login(make_user())
    assert client.get("/logout").status_code == 405
    response = client.post("/logout", follow_redirects=True)
    assert "U bent uitgelogd." in flashes(response.get_data(as_text=True))
    assert client.get("/organiser/").status_code == 302


def test_logout_keeps_the_language_choice(client, login, make_user):
    login(make_user())
    client.get("/language/en")
    client.post("/logout")
    with client.session_transaction() as session:
        assert session.get("lang") == "en" and "_user_id" not in session


def test_a_password_change_ends_old_sessions(app, client):
    """Without the `db` fixture, so each request loads the user afresh (Flask-Login caches it in g)."""
    from talkshow_app.accounts import services
    from talkshow_app.extensions import db

    with app.app_context():
        services.create_user("planner@example.org", TEST_PASSWORD, Role.ORGANISER)
    client.post("/login", data={"email": "planner@example.org", "password": TEST_PASSWORD})
    assert client.get("/organiser/").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User))
        user.session_version += 1
        db.session.commit()
    assert client.get("/organiser/").status_code == 302


def test_remember_me_sets_a_lasting_cookie(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("remember_token=") and "HttpOnly" in c for c in cookies)


def test_login_page_in_english(client):
    client.get("/language/en")
    assert "Log in to the organiser area" in client.get("/login").get_data(as_text=True)
