"""Registration fixtures: a registration factory and the real SMTP server."""
from __future__ import annotations

import hashlib
import itertools
import secrets
from collections.abc import Callable
from typing import Any

import pytest

from talkshow_app.registrations.models import Registration, RegistrationStatus

from ..mailing.conftest import smtp  # noqa: F401  (the real SMTP server fixture)
from ..mailing.smtp import SMTPServer, mail_settings

_counter = itertools.count(1)


@pytest.fixture
def app_config(app_config: dict[str, Any], smtp: SMTPServer) -> dict[str, Any]:
    """Every registration test mails through a real SMTP server on a free port."""
    return app_config | mail_settings(smtp)


@pytest.fixture
def make_registration(db) -> Callable[..., Registration]:
    """A stored registration (no mail); ``token`` returns the secret so tests can open the page."""

    def make(talkshow, status: RegistrationStatus | str = RegistrationStatus.CONFIRMED, **fields: Any) -> Registration:
        n = next(_counter)
        token = fields.pop("token", secrets.token_urlsafe(24))
        fields.setdefault("name", f"Deelnemer {n}")
        fields.setdefault("email", f"deelnemer{n}@example.org")
        fields.setdefault("email_key", fields["email"].lower())
        registration = Registration(
            talkshow_id=talkshow.id,
            status=RegistrationStatus(status),
            token_hash=hashlib.sha256(token.encode()).hexdigest(),
            checkin_code=secrets.token_urlsafe(12),
            **fields,
        )
        db.session.add(registration)
        db.session.commit()
        registration.token = token  # type: ignore[attr-defined]
        return registration

    return make
