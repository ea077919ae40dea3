"""``flask users deactivate`` and ``flask users set-password``: both end the account's sessions."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from talkshow_app.accounts.models import User
from tests.factories import TEST_PASSWORD

NEW = "a brand new long passphrase"
FAILED = "Het e-mailadres of wachtwoord klopt niet."


def flashes(html: str) -> list[str]:
    return [m.strip() for m in re.findall(r'<p class="flash flash-\w+">(.*?)</p>', html, re.S)]


def stored(db, email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def logged_in_browser(app, email: str, password: str = TEST_PASSWORD, remember: bool = False):
    browser = app.test_client()
    data = {"email": email, "password": password} | ({"remember": "y"} if remember else {})
    assert browser.post("/login", data=data).status_code == 302
    assert browser.get("/organiser/").status_code == 200
    return browser


def test_deactivate_ends_the_sessions_and_refuses_the_next_login(app, runner, db, make_user):
    user = make_user(email="planner@example.org")
    version = user.session_version
    browser = logged_in_browser(app, user.email, remember=True)
    result = runner.invoke(args=["users", "deactivate", "Planner@Example.org"])
    assert result.exit_code == 0, result.output
    assert "Deactivated planner@example.org; its sessions have ended." in result.output
    assert browser.get("/organiser/").status_code == 302
    account = stored(db, user.email)
    assert account.is_active_account is False and account.session_version == version + 1
    response = app.test_client().post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 200 and flashes(response.get_data(as_text=True)) == [FAILED]


def test_set_password_with_the_option_ends_the_sessions(app, runner, db, make_user):
    user = make_user(email="planner@example.org")
    browser = logged_in_browser(app, user.email, remember=True)
    result = runner.invoke(args=["users", "set-password", "planner@example.org", "--password", NEW])
    assert result.exit_code == 0, result.output
    assert "New password set for planner@example.org; its sessions have ended." in result.output
    assert browser.get("/organiser/").status_code == 302
    assert check_password_hash(stored(db, user.email).password_hash, NEW)
    old = app.test_client().post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    assert flashes(old.get_data(as_text=True)) == [FAILED]
    logged_in_browser(app, user.email, NEW)


def test_set_password_prompts_twice_without_echo(runner, db, make_user):
    user = make_user(email="planner@example.org")
    result = runner.invoke(args=["users", "set-password", user.email], input=f"{NEW}\nsomething else\n{NEW}\n{NEW}\n")
    assert result.exit_code == 0, result.output
    assert "match" in result.output and NEW not in result.output
    assert check_password_hash(stored(db, user.email).password_hash, NEW)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users", "set-password", "planner@example.org", "--password", "short"], "at least 12 characters"),
        (["users", "set-password", "nobody@example.org", "--password", NEW], "No account for nobody@example.org."),
        (["users", "deactivate", "nobody@example.org"], "No account for nobody@example.org."),
        (["users", "deactivate"], "Missing argument 'EMAIL'"),
    ],
)
def test_refusals_have_a_clear_message_and_change_nothing(app, runner, db, make_user, args, message):
    user = make_user(email="planner@example.org")
    version = user.session_version
    browser = logged_in_browser(app, user.email)
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output
    account = stored(db, user.email)
    assert account.is_active_account and account.session_version == version
    assert check_password_hash(account.password_hash, TEST_PASSWORD)
    assert browser.get("/organiser/").status_code == 200
