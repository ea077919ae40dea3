"""Mail is rendered when it is sent, from what the row recorded; what cannot be rendered fails alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select

from talkshow_app.extensions import db as _db
from talkshow_app.mailing import rendering, services
from talkshow_app.mailing.delivery import flush
from talkshow_app.mailing.models import OutboxMessage, OutboxStatus
from talkshow_app.mailing.worker import Worker
from talkshow_app.registrations.models import Registration
from talkshow_app.site import current_site
from tests.registrations.helpers import invite_in, register, token_in

from .smtp import text_part

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "MAIL_SEND_AFTER_REQUEST": False}


def _stored(message_id: int) -> OutboxMessage:
    _db.session.expire_all()
    return _db.session.get(OutboxMessage, message_id)


def test_every_mail_template_has_a_renderer(app):
    on_disk = {
        str(path.relative_to(TEMPLATES)).removesuffix(".subject.txt")
        for path in TEMPLATES.glob("*/email/*.subject.txt")
    }
    assert on_disk and on_disk <= rendering.registered_templates()


def test_the_row_records_what_to_send_and_the_text_is_made_when_it_is_sent(client, db, smtp, make_talkshow):
    make_talkshow(slug="later", title="Wonen in de wijk", capacity=5)
    assert register(client, "later", "Anna de Vries", "anna@example.org").status_code == 303
    (row,) = db.session.scalars(select(OutboxMessage)).all()
    assert row.template == "registrations/email/confirmed" and row.calendar_method == "REQUEST"
    assert set(row.context) >= {"registration_id", "talkshow_id", "token"}
    assert row.qr_code_text and row.subject == "" and row.calendar is None

    assert flush().sent == 1
    (mail,) = smtp.inbox.to("anna@example.org")
    assert token_in(mail) == row.context["token"]
    assert "Wonen in de wijk" in mail["Subject"] and "Anna de Vries" in text_part(mail, "plain")
    method, calendar = invite_in(mail)
    assert method == "REQUEST" and "anna@example.org" in str(calendar.walk("VEVENT")[0]["ATTENDEE"])
    sent = _stored(row.id)
    assert (
        "Wonen in de wijk" in sent.subject and "Anna de Vries" in sent.text_body and "BEGIN:VCALENDAR" in sent.calendar
    )


def test_a_mail_about_a_deleted_registration_fails_with_the_reason_and_the_others_are_sent(
    client, db, smtp, make_talkshow, runner
):
    make_talkshow(slug="weg", capacity=5)
    for name in ("Anna", "Bram"):
        assert register(client, "weg", name, f"{name.lower()}@example.org").status_code == 303
    anna = db.session.scalar(select(Registration).where(Registration.email == "anna@example.org"))
    anna_mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "anna@example.org"))
    db.session.execute(delete(Registration).where(Registration.id == anna.id))
    db.session.commit()

    result = runner.invoke(args=["mail", "flush"])
    assert result.exit_code == 1
    assert "1 sent, 1 failed" in result.output and "RenderError" in result.output
    assert [r.rcpt_tos for r in smtp.inbox.received] == [["bram@example.org"]]
    failed = _stored(anna_mail.id)
    assert failed.status == OutboxStatus.FAILED and "no longer exists" in failed.last_error


def test_a_template_error_fails_that_mail_only_and_the_worker_goes_on(app, db, smtp, monkeypatch):
    monkeypatch.setitem(rendering._RENDERERS, "mailing/email/missing", rendering.plain)  # no such template files
    broken = services.queue_mail(
        to="broken@example.org", template="mailing/email/missing", language="nl", context={}, site=current_site()
    )
    services.queue_mail(
        to="fine@example.org", template="mailing/email/test", language="nl", context={}, site=current_site()
    )
    db.session.commit()
    broken_id = broken.id
    totals = Worker(current_site()).run(once=True)
    assert (totals.sent, totals.failed) == (1, 1)
    assert [r.rcpt_tos for r in smtp.inbox.received] == [["fine@example.org"]]
    assert _stored(broken_id).status == OutboxStatus.FAILED
    assert "TemplateNotFound" in _stored(broken_id).last_error


def test_a_row_rendered_before_the_upgrade_is_sent_as_it_was_stored(app, db, smtp):
    old = OutboxMessage(
        to_address="oud@example.org",
        language="nl",
        subject="Uw plaats is bevestigd",
        text_body="Beste Anna,\n",
        html_body="<p>Beste Anna,</p>",
        status=OutboxStatus.QUEUED,
        attempts=0,
        last_error="",
    )
    db.session.add(old)
    db.session.commit()
    assert old.template is None
    assert flush().sent == 1
    (mail,) = smtp.inbox.to("oud@example.org")
    assert mail["Subject"] == "Uw plaats is bevestigd" and text_part(mail, "plain").strip() == "Beste Anna,"


def test_queue_mail_refuses_a_template_nobody_renders_and_values_that_are_not_plain(app, db):
    from datetime import datetime

    with pytest.raises(services.MailError, match="no renderer"):
        services.queue_mail(
            to="a@example.org", template="nowhere/email/x", language="nl", context={}, site=current_site()
        )
    with pytest.raises(services.MailError, match="plain values"):
        services.queue_mail(
            to="a@example.org",
            template="mailing/email/test",
            language="nl",
            context={"when": datetime(2027, 1, 1)},
            site=current_site(),
        )


def test_the_goodbye_mail_keeps_its_words_until_sent_and_then_its_context_is_wiped(client, db, smtp, make_talkshow):
    make_talkshow(slug="vergeet", capacity=5)
    assert register(client, "vergeet", "Anna de Vries", "anna@example.org").status_code == 303
    assert flush().sent == 1
    token = token_in(smtp.inbox.to("anna@example.org")[0])
    assert client.post(f"/registrations/{token}/delete").status_code == 200
    goodbye = db.session.scalar(select(OutboxMessage).where(OutboxMessage.template == "registrations/email/forgotten"))
    assert goodbye.erase_after_sending and goodbye.context["person"]["name"] == "Anna de Vries"

    assert flush().sent == 1
    mail = smtp.inbox.to("anna@example.org")[-1]
    assert "Anna de Vries" in text_part(mail, "plain") and invite_in(mail)[0] == "CANCEL"
    wiped = _stored(goodbye.id)
    assert wiped.status == OutboxStatus.SENT
    assert (wiped.to_address, wiped.context, wiped.text_body, wiped.calendar) == ("", None, "", None)
