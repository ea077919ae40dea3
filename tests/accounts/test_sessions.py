"""Logging out ends the session on the server: copied cookies no longer open the organiser area."""
from __future__ import annotations

import re

from sqlalchemy import select

from talkshow_app.accounts.models import User
from tests.factories import TEST_PASSWORD


def flashes(html: str) -> list[str]:
    return [m.strip() for m in re.findall(r'<p class="flash flash-\w+">(.*?)</p>', html, re.S)]


def copied_cookies(app, client) -> dict[str, str]:
    names = (app.config["SESSION_COOKIE_NAME"], app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    return {name: client.get_cookie(name).value for name in names if client.get_cookie(name) is not None}


def replay(app, cookies: dict[str, str]):
    """A fresh browser that carries only the copied cookies."""
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief


def test_copied_session_and_remember_cookies_stop_working_after_logout(app, client, make_user):
    user = make_user()
    client.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "remember": "y"})
    cookies = copied_cookies(app, client)
    assert set(cookies) == {app.config["SESSION_COOKIE_NAME"], "remember_token"}
    assert replay(app, cookies).get("/organiser/").status_code == 200, "the copy works while logged in"

    client.post("/logout")

    response = replay(app, cookies).get("/organiser/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    remember_only = {"remember_token": cookies["remember_token"]}
    assert replay(app, remember_only).get("/organiser/").status_code == 302


def test_logout_says_that_every_session_of_the_account_ended(client, login, make_user, db):
    user = make_user()
    login(user)
    before = user.session_version
    response = client.post("/logout", follow_redirects=True)
    assert flashes(response.get_data(as_text=True)) == [
        "U bent uitgelogd.",
        "U bent nu ook op uw andere apparaten en browsers uitgelogd.",
    ]
    assert db.session.scalar(select(User.session_version).where(User.id == user.id)) == before + 1


def test_logging_out_on_one_device_ends_the_other_devices_too(app, client, make_user):
    user = make_user()
    laptop = app.test_client()
    for browser in (client, laptop):
        browser.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    client.post("/logout")
    assert laptop.get("/organiser/").status_code == 302


def test_logging_in_again_after_logout_works(client, login, make_user):
    user = make_user()
    login(user)
    client.post("/logout")
    login(user)
    assert client.get("/organiser/").status_code == 200


def test_logout_without_a_session_changes_nothing(client, make_user, db):
    user = make_user()
    response = client.post("/logout", follow_redirects=True)
    assert response.status_code == 200
    assert flashes(response.get_data(as_text=True)) == ["U bent uitgelogd."]
    assert db.session.scalar(select(User.session_version).where(User.id == user.id)) == user.session_version
