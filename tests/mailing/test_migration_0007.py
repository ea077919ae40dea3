"""Migration 0007 keeps what was queued before it sendable: such rows go out with the text they were rendered with."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from talkshow_app import create_app
from talkshow_app.extensions import db as _db
from talkshow_app.mailing.delivery import flush
from talkshow_app.mailing.models import OutboxMessage, OutboxStatus
from tests.conftest import base_config

from .smtp import mail_settings, text_part

ROW = {
    "to_address": "oud@example.org",
    "language": "nl",
    "subject": "Uw plaats bij Wonen is bevestigd",
    "text_body": "Beste Anna,\nU heeft een plaats.\n",
    "html_body": "<p>Beste Anna,</p>",
    "erase_after_sending": False,
    "status": "queued",
    "attempts": 0,
    "last_error": "",
    "created_at": "2027-01-01 10:00:00",
}


def test_a_mail_queued_before_0007_is_sent_as_stored_after_the_upgrade(tmp_path, smtp):
    app = create_app(base_config(f"sqlite:///{tmp_path / 'upgrade.sqlite3'}", **mail_settings(smtp)))
    with app.app_context():
        try:
            upgrade(revision="0006")
            columns = ", ".join(ROW)
            values = ", ".join(f":{name}" for name in ROW)
            _db.session.execute(text(f"INSERT INTO outbox_messages ({columns}) VALUES ({values})"), ROW)
            _db.session.commit()
            upgrade()
            (row,) = _db.session.scalars(select(OutboxMessage)).all()
            assert row.template is None and row.context is None
            assert flush().sent == 1
            (mail,) = smtp.inbox.to("oud@example.org")
            assert mail["Subject"] == ROW["subject"] and "U heeft een plaats." in text_part(mail, "plain")
        finally:
            _db.session.remove()
            _db.engine.dispose()


def test_downgrading_below_0007_fails_what_was_never_rendered_instead_of_sending_it_empty(tmp_path, smtp):
    from talkshow_app.mailing import services
    from talkshow_app.site import current_site

    app = create_app(base_config(f"sqlite:///{tmp_path / 'downgrade.sqlite3'}", **mail_settings(smtp)))
    with app.app_context():
        try:
            upgrade()
            services.queue_mail(
                to="nieuw@example.org", template="mailing/email/test", language="nl", context={}, site=current_site()
            )
            _db.session.commit()
            _db.session.remove()
            downgrade(revision="0006")
            status, error = _db.session.execute(text("SELECT status, last_error FROM outbox_messages")).one()
            assert status == OutboxStatus.FAILED.value and "0007" in error
        finally:
            _db.session.remove()
            _db.engine.dispose()
