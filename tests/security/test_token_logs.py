"""The app's own logs never carry a registrant's secret link (gunicorn's access log masks it separately)."""
from __future__ import annotations

import hashlib
import logging
import secrets

import pytest

from talkshow_app.registrations.models import Registration, RegistrationStatus


@pytest.fixture
def app_config(app_config):
    return {**app_config, "RATELIMIT_ENABLED": True, "LOG_LEVEL": "DEBUG"}


def test_using_and_guessing_links_logs_no_token(client, db, make_talkshow, caplog):
    talkshow = make_talkshow()
    token = secrets.token_urlsafe(32)
    db.session.add(
        Registration(
            talkshow_id=talkshow.id, status=RegistrationStatus.CONFIRMED, name="Log Vrij", email="log@example.org",
            email_key="log@example.org", token_hash=hashlib.sha256(token.encode()).hexdigest(), checkin_code="c0de",
        )
    )
    db.session.commit()
    guesses = [f"geraden{n:02d}{secrets.token_hex(8)}" for n in range(22)]

    with caplog.at_level(logging.DEBUG):
        assert client.get(f"/registrations/{token}").status_code == 200
        assert client.get(f"/registrations/{token}/invite.ics").status_code == 200
        statuses = [client.get(f"/registrations/{guess}").status_code for guess in guesses]
        assert statuses[-1] == 429, "the guesser was stopped (and Flask-Limiter logged it)"

    logged = caplog.text + " ".join(str(record.args) for record in caplog.records)
    assert caplog.records, "the requests were logged at all"
    for secret in [token, *guesses]:
        assert secret not in logged
