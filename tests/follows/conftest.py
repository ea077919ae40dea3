"""Follow fixtures: a real SMTP server (as in tests/mailing), followers made through the service, the clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select

from talkshow_app.follows import sending, subscribing, tokens
from talkshow_app.follows.inputs import FollowInput
from talkshow_app.follows.models import Follower
from talkshow_app.mailing import delivery
from talkshow_app.site import Site

from ..conftest import PUBLIC_URL
from ..mailing.smtp import SMTPServer, mail_settings

SECRET = "test-secret-key-that-is-long-enough-0123456789"
SITE = Site(public_url=PUBLIC_URL, sender="Den Haag Draait Door <talkshows@example.org>")
# A Tuesday morning in The Hague (09:00 CET).
MORNING = datetime(2027, 3, 9, 8, 0, tzinfo=UTC)


@pytest.fixture
def smtp() -> Iterator[SMTPServer]:
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app_config(app_config: dict[str, Any], smtp: SMTPServer) -> dict[str, Any]:
    return app_config | mail_settings(smtp) | {"MAIL_SEND_AFTER_REQUEST": False, "FOLLOW_SEND_INTERVAL": 0}


def token_of(follower: Follower) -> str:
    return tokens.link_token(SECRET, follower.link_key)


@pytest.fixture
def make_follower(db) -> Callable[..., tuple[Follower, str]]:
    """A follower through the service (confirmed unless told otherwise); returns it and its link token."""

    def make(email: str = "lotte@example.org", confirmed: bool = True, themes=(), stadsdelen=(), **fields: Any):
        subscribing.follow(FollowInput(email, True, tuple(themes), tuple(stadsdelen)), SITE, SECRET, now=MORNING)
        follower = db.session.scalar(select(Follower).where(Follower.email == email))
        token = token_of(follower)
        if confirmed:
            subscribing.confirm(token, now=fields.pop("confirmed_at", MORNING))
        for name, value in fields.items():
            setattr(follower, name, value)
        db.session.commit()
        return follower, token

    return make


def deliver() -> delivery.FlushResult:
    return delivery.flush(site=SITE)


def send(now: datetime) -> sending.SendResult:
    result = sending.run(SITE, SECRET, now=now)
    deliver()
    return result
