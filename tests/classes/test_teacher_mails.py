"""The teacher's mails (issue 17): the booking with both links, and one notice a day before the release."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from talkshow_app.classes import blocks
from talkshow_app.classes.models import ClassBlock
from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.mailing.rendering import render
from talkshow_app.site import Site

from .test_blocks import SITE, _block

SITE_NL = Site(public_url="http://example.org", sender="Den Haag Draait Door <noreply@example.org>")


def _mails(db, template: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)))


def test_the_booking_mail_carries_the_teachers_page_and_the_students_link(app, db, make_talkshow):
    talkshow = make_talkshow(capacity=30, slug="klas-mail")
    booked = blocks.book(talkshow.id, _block(6), SITE)

    (message,) = _mails(db, "classes/email/booked")
    mail = render(message, SITE_NL)

    assert message.to_address == "docent@example.org"
    assert f"http://example.org/classes/{booked.token}" in mail.text_body
    assert f"http://example.org/classes/join/{booked.join_token}" in mail.text_body
    assert "6" in mail.text_body


def test_the_teacher_is_told_once_a_day_before_unused_seats_return(app, db, make_talkshow, runner):
    talkshow = make_talkshow(capacity=30, slug="klas-waarschuw")
    booked = blocks.book(talkshow.id, _block(6), SITE)
    blocks.join(booked.join_token, _student_input(), SITE)
    release_at = talkshow.starts_at - timedelta(hours=48)

    blocks.release_due(SITE, now=release_at - timedelta(hours=30))
    assert _mails(db, "classes/email/release_soon") == []
    blocks.release_due(SITE, now=release_at - timedelta(hours=20))
    blocks.release_due(SITE, now=release_at - timedelta(hours=10))

    (message,) = _mails(db, "classes/email/release_soon")
    assert "1 van de 6 studenten" in render(message, SITE_NL).text_body
    db.session.expire_all()
    assert db.session.get(ClassBlock, booked.block_id).released_at is None


def test_flask_classes_release_frees_seats_once(app, db, make_talkshow, runner):
    from talkshow_app.series.models import Talkshow

    talkshow = make_talkshow(capacity=30, slug="klas-cli", starts_at=_soon())  # within the 48 hours already
    blocks.book(talkshow.id, _block(6), SITE)

    first = runner.invoke(args=["classes", "release"])
    second = runner.invoke(args=["classes", "release"])

    assert first.exit_code == 0, first.output
    assert "1 class blocks released" in first.output
    assert "0 class blocks released" in second.output
    db.session.expire_all()
    assert db.session.get(Talkshow, talkshow.id).seats_taken == 0


def _soon():
    from datetime import UTC, datetime

    return datetime.now(UTC).replace(microsecond=0) + timedelta(hours=10)


def _student_input():
    from talkshow_app.registrations.inputs import RegistrationInput

    return RegistrationInput(name="Student Eén", email="student.een@example.org", consent=True)
