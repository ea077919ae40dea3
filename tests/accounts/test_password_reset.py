"""Forgotten password: one answer for every address, a link by mail that works once and for an hour."""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from talkshow_app.accounts import password_reset
from talkshow_app.accounts.models import User
from talkshow_app.database import utcnow
from talkshow_app.mailing.models import OutboxMessage
from tests.factories import TEST_PASSWORD

from ..mailing.conftest import smtp  # noqa: F401  (the real SMTP server fixture)
from ..mailing.smtp import SMTPServer, mail_settings, text_part

NEW = "a brand new long passphrase"
LINK = re.compile(r"https://talkshows\.example\.org/reset-password/([A-Za-z0-9_.\-]+)")
SENT = "Als er een account bestaat voor dit adres, hebben we er een link naartoe gestuurd"
USED = "Deze link is niet (meer) geldig"
EXPIRED = "Deze link is verlopen"


@pytest.fixture
def app_config(app_config: dict[str, Any], smtp: SMTPServer) -> dict[str, Any]:  # noqa: F811
    return app_config | mail_settings(smtp)


def flashes(html: str) -> list[str]:
    return [m.strip() for m in re.findall(r'<p class="flash flash-\w+">(.*?)</p>', html, re.S)]


def ask(client, email: str, **headers: str):
    return client.post("/forgot-password", data={"email": email}, headers=headers)


def link_path(smtp: SMTPServer, address: str) -> str:  # noqa: F811
    [mail] = smtp.inbox.to(address)
    match = LINK.search(text_part(mail, "plain") or "")
    assert match, "no reset link in the mail"
    return f"/reset-password/{match.group(1)}"


def new_password(client, path: str, password: str = NEW, confirm: str | None = None):
    return client.post(path, data={"password": password, "confirm": password if confirm is None else confirm})


def stored(db, email: str) -> User:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def mails(db) -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def test_the_login_page_links_to_the_form(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/forgot-password"' in page and "Wachtwoord vergeten?" in page
    form = client.get("/forgot-password").get_data(as_text=True)
    assert '<label for="email"' in form and 'autocomplete="username"' in form


def test_known_and_unknown_addresses_get_one_answer_and_only_the_known_one_a_mail(
    client, db, smtp, make_user  # noqa: F811
):
    make_user(email="planner@example.org", name="Sanne")
    make_user(email="gone@example.org", is_active_account=False)
    answers = [ask(client, email) for email in ("Planner@Example.org", "nobody@example.org", "gone@example.org")]
    assert {(a.status_code, a.headers["Location"]) for a in answers} == {(303, "/forgot-password/sent")}
    assert SENT in client.get("/forgot-password/sent").get_data(as_text=True)
    assert len(smtp.inbox) == 1 and mails(db) == 1, "no mail for an unknown or deactivated address"
    [mail] = smtp.inbox.to("planner@example.org")
    assert mail["Subject"] == "Kies een nieuw wachtwoord voor Den Haag Draait Door"
    text = text_part(mail, "plain") or ""
    assert "Beste Sanne," in text and "60 minuten" in text
    assert LINK.search(text_part(mail, "html") or "")
    row = db.session.scalar(select(OutboxMessage))
    assert (row.to_address, row.context) == ("", None), "neither the address nor the secret link is kept once sent"


def test_the_link_sets_a_new_password_once_and_ends_every_session(app, client, db, smtp, make_user):  # noqa: F811
    user = make_user(email="planner@example.org")
    version = user.session_version
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "remember": "y"})
    assert elsewhere.get("/organiser/").status_code == 200
    ask(client, user.email)
    path = link_path(smtp, user.email)

    page = client.get(path)
    assert page.status_code == 200 and 'autocomplete="new-password"' in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    response = new_password(client, path)
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    login_page = client.get("/login").get_data(as_text=True)
    assert flashes(login_page) == ["Uw nieuwe wachtwoord is ingesteld en u bent overal uitgelogd. Log opnieuw in."]

    account = stored(db, user.email)
    assert check_password_hash(account.password_hash, NEW) and account.session_version == version + 1
    assert elsewhere.get("/organiser/").status_code == 302, "sessions (and remember-me) ended with the reset"
    again = client.get(path)
    assert again.status_code == 400 and USED in again.get_data(as_text=True)
    assert new_password(client, path, "yet another long passphrase").status_code == 400
    assert check_password_hash(stored(db, user.email).password_hash, NEW), "the second use changed nothing"
    assert client.post("/login", data={"email": user.email, "password": NEW}).status_code == 302


def test_an_expired_link_is_refused_with_a_clear_message(app, client, db, make_user):
    user = make_user()
    with app.app_context():
        token = password_reset.make_token(user, app.config["SECRET_KEY"], utcnow() - timedelta(minutes=61))
    for response in (client.get(f"/reset-password/{token}"), new_password(client, f"/reset-password/{token}")):
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert EXPIRED in page and "60 minuten" in page and 'href="/forgot-password"' in page
    assert check_password_hash(stored(db, user.email).password_hash, TEST_PASSWORD)


def test_the_link_lasts_an_hour_by_the_clock_given(db, make_user):
    user = make_user()
    secret, signed = "a secret for this test only", utcnow()
    token = password_reset.make_token(user, secret, signed)
    assert password_reset.user_for_token(token, secret, signed + timedelta(minutes=59)).id == user.id
    with pytest.raises(password_reset.ResetLinkExpired):
        password_reset.user_for_token(token, secret, signed + timedelta(minutes=61))
    with pytest.raises(password_reset.ResetLinkInvalid):
        password_reset.user_for_token(token, "another secret", signed)


@pytest.mark.parametrize("token", ["nonsense", "x" * 300, "WzEsMSwiYWJjIl0.aaaa.bbbb"])
def test_forged_or_mangled_links_are_refused(client, db, token):
    response = client.get(f"/reset-password/{token}")
    assert response.status_code == 400 and USED in response.get_data(as_text=True)


def test_a_password_set_otherwise_after_the_mail_voids_the_link(client, runner, db, smtp, make_user):  # noqa: F811
    user = make_user(email="planner@example.org")
    ask(client, user.email)
    path = link_path(smtp, user.email)
    assert runner.invoke(args=["users", "set-password", user.email, "--password", NEW]).exit_code == 0
    assert client.get(path).status_code == 400


def test_a_deactivated_account_cannot_use_a_link_sent_earlier(client, runner, db, smtp, make_user):  # noqa: F811
    user = make_user(email="planner@example.org")
    ask(client, user.email)
    path = link_path(smtp, user.email)
    assert runner.invoke(args=["users", "deactivate", user.email]).exit_code == 0
    assert new_password(client, path).status_code == 400
    assert check_password_hash(stored(db, user.email).password_hash, TEST_PASSWORD)


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short", "short", "Kies een wachtwoord van 12 tot 200 tekens."),
        (NEW, "something else entirely", "De twee wachtwoorden zijn niet gelijk."),
        ("", "", "Vul een nieuw wachtwoord in."),
    ],
)
def test_a_bad_new_password_gets_a_field_message_and_changes_nothing(
    client, db, smtp, make_user, password, confirm, message  # noqa: F811
):
    user = make_user(email="planner@example.org")
    ask(client, user.email)
    path = link_path(smtp, user.email)
    response = new_password(client, path, password, confirm)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert check_password_hash(stored(db, user.email).password_hash, TEST_PASSWORD)
    assert client.get(path).status_code == 200, "the link still works"


@pytest.mark.parametrize(
    ("email", "message"), [("", "Vul uw e-mailadres in."), ("not an address", "Vul een geldig e-mailadres in")]
)
def test_a_bad_address_gets_a_field_message_and_sends_nothing(client, db, smtp, email, message):  # noqa: F811
    response = ask(client, email)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert len(smtp.inbox) == 0 and mails(db) == 0


def test_the_mail_is_in_the_language_of_the_page(client, db, smtp, make_user):  # noqa: F811
    user = make_user(email="planner@example.org")
    client.get("/language/en")
    assert "Forgot your password?" in client.get("/forgot-password").get_data(as_text=True)
    ask(client, user.email)
    [mail] = smtp.inbox.to(user.email)
    assert mail["Subject"] == "Choose a new password for Den Haag Draait Door"


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RATELIMIT_ENABLED": True}

    def test_five_requests_an_hour_per_address_and_client(self, client, db, smtp, make_user):  # noqa: F811
        user = make_user(email="planner@example.org")
        codes = [ask(client, "Planner@example.org").status_code for _ in range(6)]
        assert codes == [303] * 5 + [429]
        assert "Te veel pogingen" in ask(client, user.email).get_data(as_text=True)
        assert len(smtp.inbox.to(user.email)) == 5
        assert ask(client, "someone-else@example.org").status_code == 303, "another address is another count"
        other_client = {"REMOTE_ADDR": "198.51.100.9"}
        other = client.post("/forgot-password", data={"email": user.email}, environ_base=other_client)
        assert other.status_code == 303, "another client is another count"

    def test_twenty_requests_an_hour_per_client(self, client, db):
        codes = [ask(client, f"person{n}@example.org").status_code for n in range(21)]
        assert codes == [303] * 20 + [429]

    def test_reading_the_form_is_not_limited(self, client):
        assert {client.get("/forgot-password").status_code for _ in range(10)} == {200}
