"""The asker of a question from the city hears from us: a receipt, then accepted (its page) or rejected (why)."""
from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from talkshow_app.accounts.models import Role
from talkshow_app.matching import questions
from talkshow_app.matching.errors import MatchingError
from talkshow_app.matching.models import Question, QuestionState

from ..mailing.conftest import smtp  # noqa: F401  (the real SMTP server fixture)
from ..mailing.smtp import SMTPServer, mail_settings, text_part
from .test_web import _form

ASKER = "henk.devries@example.org"


@pytest.fixture
def app_config(app_config: dict[str, Any], smtp: SMTPServer) -> dict[str, Any]:
    return app_config | mail_settings(smtp)


def _plain(message) -> str:
    return text_part(message, "plain") or ""


def _submit(client, db, theme) -> Question:
    response = client.post("/questions/new", data=_form(theme))
    assert response.status_code == 302
    return db.session.scalar(select(Question).where(Question.contact_email == ASKER))


def test_submitting_a_question_mails_the_asker_a_receipt_that_promises_no_link_yet(client, db, smtp, make_theme):
    question = _submit(client, db, make_theme())

    (receipt,) = smtp.inbox.to(ASKER)
    assert receipt["Subject"] == f"We hebben uw vraag ontvangen: {question.title}"
    body = _plain(receipt)
    assert "Henk de Vries" in body
    assert "U krijgt een e-mail zodra de vraag is geaccepteerd" in body
    # Honest: the question's page is not public yet, so the receipt does not link to it.
    assert f"/questions/{question.slug}" not in body
    assert client.get(f"/questions/{question.slug}").status_code == 404


def test_accepting_mails_the_asker_the_public_page_that_now_opens(client, db, smtp, make_theme, make_user, login):
    question = _submit(client, db, make_theme())
    login(make_user(Role.ORGANISER))

    assert client.post(f"/organiser/questions/{question.id}/state", data={"state": "accepted"}).status_code == 302

    accepted = smtp.inbox.to(ASKER)[-1]
    assert accepted["Subject"] == f"Uw vraag staat op de site: {question.title}"
    link = f"https://talkshows.example.org/questions/{question.slug}"
    assert link in _plain(accepted) and f'href="{link}"' in (text_part(accepted, "html") or "")
    assert client.get(f"/questions/{question.slug}").status_code == 200
    assert "06 1234 5678" not in _plain(accepted)


def test_rejecting_mails_the_asker_the_moderators_reason(client, db, smtp, make_theme, make_user, login):
    question = _submit(client, db, make_theme())
    login(make_user(Role.ORGANISER))

    reason = "Dit is een klacht over afval, geen vraag voor onderzoek of onderwijs."
    assert client.post(f"/organiser/questions/{question.id}/reject", data={"reason": reason}).status_code == 302

    rejected = smtp.inbox.to(ASKER)[-1]
    assert rejected["Subject"] == f"Over uw vraag: {question.title}"
    assert "De reden:" in _plain(rejected) and reason in _plain(rejected) and reason in text_part(rejected, "html")
    assert f"/questions/{question.slug}" not in _plain(rejected)


def test_a_refused_rejection_or_a_later_state_sends_nothing(client, db, smtp, make_theme, make_user):
    organiser = make_user(Role.ORGANISER)
    question = _submit(client, db, make_theme())
    before = len(smtp.inbox.to(ASKER))

    with pytest.raises(MatchingError):
        questions.reject_question(question.id, actor=organiser, reason="  ")
    questions.accept_question(question.id, actor=organiser)
    db.session.get(Question, question.id).state = QuestionState.MATCHED
    db.session.commit()
    questions.change_state(question.id, QuestionState.IN_PROGRESS, actor=organiser)

    subjects = [m["Subject"] for m in smtp.inbox.to(ASKER)[before:]]
    assert subjects == [f"Uw vraag staat op de site: {question.title}"]
