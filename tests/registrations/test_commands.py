"""``flask reminders send`` and ``flask privacy purge``; rate limits on registering and resending."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.registrations.models import Registration
from talkshow_app.registrations.seats import seat_counts

from .helpers import invite_in, register, token_in


def test_reminders_go_once_to_seat_holders_of_talkshows_within_48_hours(runner, db, smtp, make_talkshow, make_registration):
    soon = make_talkshow(starts_at=datetime.now(UTC) + timedelta(hours=30), slug="morgen")
    later = make_talkshow(starts_at=datetime.now(UTC) + timedelta(days=5))
    seated = make_registration(soon, "confirmed", email="zit@example.org")
    make_registration(soon, "waitlisted", email="wacht@example.org")
    make_registration(soon, "cancelled", email="weg@example.org")
    make_registration(later, "confirmed", email="later@example.org")

    first = runner.invoke(args=["reminders", "send"])
    assert "1 reminders queued" in first.output, first.output
    second = runner.invoke(args=["reminders", "send"])
    assert "0 reminders queued" in second.output
    assert [r.rcpt_tos[0] for r in smtp.inbox.received] == ["zit@example.org"]
    (reminder,) = smtp.inbox.to("zit@example.org")
    assert "Herinnering" in reminder["Subject"]
    assert invite_in(reminder)[0] == "REQUEST"
    # The reminder's link works (and replaces the old one, since only hashes are stored).
    assert runner.app.test_client().get(f"/registrations/{token_in(reminder)}").status_code == 200
    db.session.expire_all()
    assert db.session.get(Registration, seated.id).reminder_sent_at is not None


def test_privacy_purge_anonymises_old_registrations_and_keeps_counts(runner, db, app, make_talkshow, make_registration):
    old = make_talkshow(starts_at=datetime.now(UTC) - timedelta(days=100), slug="oud")
    recent = make_talkshow(starts_at=datetime.now(UTC) - timedelta(days=10), slug="recent")
    now = datetime.now(UTC)
    for i in range(3):
        make_registration(old, "confirmed", name=f"Oud {i}", organisation="HHs", checked_in_at=now if i else None)
    make_registration(old, "waitlisted", name="Oud wachtend")
    keep = make_registration(recent, "confirmed", name="Recent")
    old_id = old.id
    before = seat_counts([old_id])[old_id]
    db.session.add(OutboxMessage(to_address="oud@example.org", subject="s", text_body="Oud 0", html_body="",
                                 registration_id=db.session.scalar(select(Registration.id).where(Registration.name == "Oud 0"))))
    db.session.commit()

    result = runner.invoke(args=["privacy", "purge"])
    assert "4 registrations anonymised" in result.output, result.output
    db.session.expire_all()
    names = set(db.session.scalars(select(Registration.name)))
    assert names == {"", "Recent"}
    assert db.session.scalar(select(func.count()).select_from(Registration).where(Registration.email != "")) == 1
    assert seat_counts([old_id])[old_id] == before, "the counts survive"
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert db.session.get(Registration, keep.id).email.endswith("@example.org")
    assert "0 registrations anonymised" in runner.invoke(args=["privacy", "purge"]).output


class TestRateLimits:
    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"RATELIMIT_ENABLED": True}

    def test_registering_is_rate_limited(self, client, db, smtp, make_talkshow):
        make_talkshow(slug="limiet")
        codes = [register(client, "limiet", f"P {i}", f"p{i}@example.org").status_code for i in range(12)]
        assert codes[:10] == [303] * 10
        assert codes[10:] == [429, 429]
        assert db.session.scalar(select(func.count()).select_from(Registration)) == 10
        assert client.get("/talkshows/limiet").status_code == 200, "reading is never limited"

    def test_resending_is_rate_limited(self, client, db, smtp, make_talkshow):
        make_talkshow(slug="opnieuw")
        codes = [client.post("/talkshows/opnieuw/resend", data={"resend-email": "a@example.org"}).status_code for _ in range(6)]
        assert codes == [303] * 5 + [429]
