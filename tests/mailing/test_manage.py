"""The organiser's outbox page: who may see it, masked addresses, counts, and "retry now"."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from talkshow_app.accounts.models import Role
from talkshow_app.database import utcnow
from talkshow_app.extensions import db as _db
from talkshow_app.mailing import services
from talkshow_app.mailing.models import OutboxMessage, OutboxStatus
from talkshow_app.mailing.overview import mask_address
from talkshow_app.site import current_site
from tests.factories import TEST_PASSWORD

PAGE = "/organiser/mail/"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _queue(to: str) -> OutboxMessage:
    return services.queue_mail(to=to, template="mailing/email/test", language="nl", context={}, site=current_site())


def _failed(to: str = "nina@example.org") -> OutboxMessage:
    message = _queue(to)
    message.status = OutboxStatus.FAILED
    message.attempts = 8
    message.last_error = "SMTPRecipientsRefused: 550 5.1.1 No such mailbox"
    _db.session.commit()
    return message


def _stored(message_id: int) -> OutboxMessage:
    _db.session.expire_all()
    return _db.session.get(OutboxMessage, message_id)


@pytest.fixture
def organiser(make_user, login):
    user = make_user(role=Role.ORGANISER)
    login(user)
    return user


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    message = _failed()
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    retry = client.post(f"/organiser/mail/{message.id}/retry")
    assert retry.status_code == 302 and "/login" in retry.headers["Location"]
    assert _stored(message.id).status == OutboxStatus.FAILED


def test_editors_are_not_organisers(client, db, make_user, login):
    message = _failed()
    login(make_user(role=Role.EDITOR))
    assert client.get(PAGE).status_code == 403
    assert client.post(f"/organiser/mail/{message.id}/retry").status_code == 403
    assert _stored(message.id).status == OutboxStatus.FAILED


def test_the_page_lists_waiting_and_failed_mail_with_masked_addresses_and_counts(client, db, organiser):
    _failed("nina@example.org")
    waiting = _queue("bram.jansen@example.org")
    waiting.attempts, waiting.last_error = 2, "ConnectionRefusedError: [Errno 111] Connection refused"
    waiting.next_attempt_at = utcnow() + timedelta(minutes=5)
    sent = _queue("sent@example.org")
    sent.status, sent.sent_at = OutboxStatus.SENT, utcnow()
    db.session.commit()

    page = client.get(PAGE).get_data(as_text=True)
    assert "n***@example.org" in page and "b***@example.org" in page
    assert "nina@example.org" not in page and "bram.jansen@example.org" not in page
    assert "sent@example.org" not in page and "s***@example.org" not in page, "sent mail is not listed"
    assert "mailing/email/test" in page
    assert "550 5.1.1 No such mailbox" in page and "Connection refused" in page
    assert page.index("n***@example.org") < page.index("b***@example.org"), "failed ones first"
    assert re.search(r"In de wachtrij</dt><dd>1<", page) and re.search(r"Mislukt</dt><dd>1<", page)
    assert re.search(r"Verstuurd</dt><dd>1<", page)
    assert 'href="/organiser/mail/"' in client.get("/organiser/talkshows").get_data(as_text=True), "in the menu"


def test_masking_keeps_only_the_first_letter_and_the_domain():
    assert mask_address("nina@example.org") == "n***@example.org"
    assert mask_address(" Bram.Jansen@Example.org ") == "B***@Example.org"
    assert mask_address("") == "—"


def test_retry_now_puts_a_failed_mail_back_in_the_queue_due_now(client, db, smtp, organiser, runner):
    message = _failed("nina@example.org")
    response = client.post(f"/organiser/mail/{message.id}/retry")
    assert response.status_code == 303 and response.headers["Location"].endswith(PAGE)
    stored = _stored(message.id)
    assert stored.status == OutboxStatus.QUEUED and stored.attempts == 8
    assert abs(stored.next_attempt_at - utcnow()) < timedelta(minutes=1)
    assert "1 sent" in runner.invoke(args=["mail", "worker", "--once"]).output, "due for the worker at once"
    assert len(smtp.inbox.to("nina@example.org")) == 1


def test_retry_of_a_mail_sent_meanwhile_says_so_and_an_unknown_one_is_404(client, db, organiser):
    message = _queue("sent@example.org")
    message.status, message.sent_at = OutboxStatus.SENT, utcnow()
    db.session.commit()
    response = client.post(f"/organiser/mail/{message.id}/retry", follow_redirects=True)
    assert response.status_code == 200 and "inmiddels verstuurd" in response.get_data(as_text=True)
    assert _stored(message.id).status == OutboxStatus.SENT
    assert client.post("/organiser/mail/999999/retry").status_code == 404


@pytest.mark.csrf
def test_retry_without_the_csrf_token_is_refused_and_changes_nothing(client, db, make_user):
    message = _failed()
    user = make_user(role=Role.ORGANISER)
    login_page = client.get("/login").get_data(as_text=True)
    client.post(
        "/login",
        data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": TOKEN.search(login_page)[1]},
    )
    page = client.get(PAGE)
    assert page.status_code == 200, "logged in"
    assert client.post(f"/organiser/mail/{message.id}/retry").status_code == 400
    assert client.post(f"/organiser/mail/{message.id}/retry", data={"csrf_token": "forged"}).status_code == 400
    assert _stored(message.id).status == OutboxStatus.FAILED
    token = TOKEN.search(page.get_data(as_text=True))[1]
    assert client.post(f"/organiser/mail/{message.id}/retry", data={"csrf_token": token}).status_code == 303
    assert _stored(message.id).status == OutboxStatus.QUEUED
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
