"""The login form against guessing: rate limited, one message for every failure, a fresh session."""
from __future__ import annotations

import re

import pytest

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True}


def attempt(client, email: str, password: str):
    return client.post("/login", data={"email": email, "password": password})


def test_repeated_failures_are_stopped_with_a_friendly_429(client, make_user):
    user = make_user()
    statuses = [attempt(client, user.email, f"wrong guess {n}").status_code for n in range(10)]
    assert statuses == [200] * 10
    response = attempt(client, user.email, "wrong guess 11")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Te veel pogingen" in page and "<h1>" in page and "Traceback" not in page
    assert int(response.headers["Retry-After"]) > 0
    # Even the right password waits now: the limit is on the address, not on the account's luck.
    assert attempt(client, user.email, TEST_PASSWORD).status_code == 429


def test_reading_the_login_page_is_not_limited(client):
    for _ in range(15):
        assert client.get("/login").status_code == 200


def without_echoes(page: str) -> str:
    """The page minus what the visitor typed and the per-session token."""
    return re.sub(r'value="[^"]*"', 'value=""', page)


def test_wrong_email_and_wrong_password_look_the_same(client, make_user):
    user = make_user()
    unknown = attempt(client, "niemand@example.org", TEST_PASSWORD)
    wrong_password = attempt(client, user.email, "not the password at all")
    assert unknown.status_code == wrong_password.status_code == 200
    assert "Het e-mailadres of wachtwoord klopt niet." in unknown.get_data(as_text=True)
    assert without_echoes(unknown.get_data(as_text=True)) == without_echoes(wrong_password.get_data(as_text=True))


def test_a_deactivated_account_looks_like_a_wrong_password(client, make_user):
    active = make_user()
    inactive = make_user(is_active_account=False)
    refused = attempt(client, inactive.email, TEST_PASSWORD)
    wrong = attempt(client, active.email, "not the password at all")
    assert without_echoes(refused.get_data(as_text=True)) == without_echoes(wrong.get_data(as_text=True))


def test_the_session_is_renewed_on_login(app, client, make_user):
    user = make_user()
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
        session["lang"] = "en"
    before = client.get_cookie(cookie_name).value
    response = attempt(client, user.email, TEST_PASSWORD)
    assert response.status_code == 302
    after = client.get_cookie(cookie_name).value
    assert after != before
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == user.get_id()
        assert session["lang"] == "en", "the language choice survives the renewal"


def test_logging_out_forgets_the_user(client, make_user):
    user = make_user()
    attempt(client, user.email, TEST_PASSWORD)
    client.post("/logout")
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert client.get("/organiser/").status_code == 302


def test_login_does_not_redirect_off_site(client, make_user):
    user = make_user()
    response = client.post("/login?next=https://evil.example.com/x", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert "evil.example.com" not in response.headers["Location"]
