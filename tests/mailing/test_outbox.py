"""The outbox end to end against a real SMTP server: structure, failure, retry, no double sends."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from talkshow_app.extensions import db as _db
from talkshow_app.mailing import rendering, services
from talkshow_app.mailing.models import OutboxMessage, OutboxStatus
from talkshow_app.site import current_site

from .smtp import text_part

CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
    "UID:talkshow-1@example.org\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:20270311T190000Z\r\n"
    "SUMMARY:Café 't Hoekje\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def _queue(to="anna@example.org", language="nl", **extra) -> OutboxMessage:
    return services.queue_mail(
        to=to, template="mailing/email/test", language=language, context={}, site=current_site(), **extra
    )


def _count(status=None) -> int:
    query = select(func.count()).select_from(OutboxMessage)
    if status:
        query = query.where(OutboxMessage.status == status)
    return _db.session.scalar(query)


def test_queue_mail_renders_in_the_language_and_leaves_the_commit_to_the_caller(app, db):
    # The row holds what to send; its text is made at delivery (``rendering.render``), in the row's language.
    dutch = rendering.render(_queue(language="nl"), current_site())
    english = rendering.render(_queue(to="ben@example.org", language="en"), current_site())
    assert "Testbericht" in dutch.subject
    assert "Test message" in english.subject
    assert "instellingen" in dutch.text_body and "<html" in dutch.html_body
    db.session.rollback()
    assert _count() == 0, "queue_mail must not commit: a rolled-back change takes its mail with it"


def test_delivered_mail_is_multipart_with_an_inline_calendar_and_qr_image(app, db, smtp):
    message = _queue(calendar=CALENDAR, calendar_method="request", qr_code_text="https://x.example.org/c/abc")
    db.session.commit()
    services.deliver([message.id])
    received = smtp.inbox.to("anna@example.org")
    assert len(received) == 1
    mail = received[0]
    assert mail.get_content_type() == "multipart/alternative"
    types = [part.get_content_type() for part in mail.walk()]
    assert types == ["multipart/alternative", "text/plain", "multipart/related", "text/html", "image/png", "text/calendar"]
    calendar = next(p for p in mail.walk() if p.get_content_type() == "text/calendar")
    assert calendar.get_param("method") == "REQUEST"
    assert calendar.get_content_charset() == "utf-8"
    assert "Café 't Hoekje" in calendar.get_content()
    image = next(p for p in mail.walk() if p.get_content_type() == "image/png")
    assert image["Content-ID"] == "<checkin-qr>"
    assert image.get_content().startswith(b"\x89PNG")
    assert mail["Auto-Submitted"] == "auto-generated"
    db.session.expire_all()
    stored = db.session.get(OutboxMessage, message.id)
    assert stored.status == OutboxStatus.SENT and stored.sent_at is not None and stored.attempts == 1


def test_without_calendar_the_mail_is_text_and_html_only(app, db, smtp):
    message = _queue()
    db.session.commit()
    services.deliver([message.id])
    (mail,) = smtp.inbox.to("anna@example.org")
    assert [p.get_content_type() for p in mail.walk()] == ["multipart/alternative", "text/plain", "text/html"]
    assert "instellingen" in text_part(mail, "plain")


def test_server_down_keeps_mail_queued_and_flush_delivers_each_exactly_once(app, db, smtp, runner):
    smtp.stop()
    messages = [_queue(to=f"person{i}@example.org") for i in range(5)]
    db.session.commit()
    ids = [m.id for m in messages]
    services.deliver(ids)  # never raises
    db.session.expire_all()
    assert _count(OutboxStatus.QUEUED) == 5
    stored = db.session.get(OutboxMessage, ids[0])
    assert stored.attempts == 1 and stored.last_error and stored.claim_token is None

    smtp.start()
    result = runner.invoke(args=["mail", "flush"])
    assert result.exit_code == 0, result.output
    assert "5 sent" in result.output
    again = runner.invoke(args=["mail", "flush"])
    assert "0 sent" in again.output
    assert sorted(r.rcpt_tos[0] for r in smtp.inbox.received) == sorted(f"person{i}@example.org" for i in range(5))
    assert _count(OutboxStatus.SENT) == 5


def test_two_flushers_at_once_send_nothing_twice(app, db, smtp):
    for i in range(40):
        _queue(to=f"crowd{i}@example.org")
    db.session.commit()
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def flusher() -> None:
        try:
            with app.app_context():
                barrier.wait()
                services.flush(limit=7)
                services.flush(limit=7)
                services.flush()
                _db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=flusher) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    recipients = [r.rcpt_tos[0] for r in smtp.inbox.received]
    assert len(recipients) == 40
    assert len(set(recipients)) == 40
    db.session.expire_all()
    assert _count(OutboxStatus.SENT) == 40


def test_a_row_claimed_by_another_flusher_waits_until_its_lease_runs_out(app, db, smtp):
    from datetime import timedelta

    from talkshow_app.database import utcnow

    message = _queue()
    message.claim_token = "someone-else"
    message.claimed_until = utcnow() + timedelta(minutes=3)
    db.session.commit()
    assert services.flush().sent == 0
    message.claimed_until = utcnow() - timedelta(seconds=1)  # that flusher crashed
    db.session.commit()
    assert services.flush().sent == 1
    assert len(smtp.inbox) == 1


def test_a_refused_address_is_marked_failed_and_can_be_retried(app, db, smtp, runner):
    smtp.inbox.refused.add("nobody@example.org")
    bad = _queue(to="nobody@example.org")
    good = _queue(to="somebody@example.org")
    db.session.commit()
    result = services.flush()
    assert (result.sent, result.failed) == (1, 1)
    db.session.expire_all()
    assert db.session.get(OutboxMessage, bad.id).status == OutboxStatus.FAILED
    assert "550" in db.session.get(OutboxMessage, bad.id).last_error
    assert db.session.get(OutboxMessage, good.id).status == OutboxStatus.SENT
    smtp.inbox.refused.clear()
    result = runner.invoke(args=["mail", "flush", "--retry-failed"])
    assert "1 sent" in result.output
    assert len(smtp.inbox.to("nobody@example.org")) == 1


def test_header_injection_in_the_address_is_refused(app, db):
    import pytest

    with pytest.raises(services.MailError):
        _queue(to="anna@example.org\nBcc: everyone@example.org")


def test_mail_test_command_reports_delivery_and_failure(app, db, smtp, runner):
    ok = runner.invoke(args=["mail", "test", "beheer@example.org"])
    assert ok.exit_code == 0 and "Test message sent" in ok.output
    assert len(smtp.inbox.to("beheer@example.org")) == 1
    smtp.stop()
    down = runner.invoke(args=["mail", "test", "beheer@example.org"])
    assert down.exit_code != 0 and "stays queued" in down.output
    db.session.expire_all()
    assert _count(OutboxStatus.QUEUED) == 1
