"""Certificate fixtures: a talkshow that has ended, with speakers, and registrations on it."""

from __future__ import annotations

import hashlib
import itertools
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from talkshow_app.registrations.models import Registration, RegistrationStatus

_counter = itertools.count(1)


@pytest.fixture
def ended(make_talkshow, make_speaker, make_theme):
    """A talkshow that ended yesterday evening, with two speakers."""
    starts_at = datetime.now(UTC).replace(microsecond=0, second=0) - timedelta(days=1, hours=3)
    theme = make_theme(name="Gezonde wijken", name_en="Healthy neighbourhoods")
    speakers = [(make_speaker(name="Noor Haddou"), "host"), (make_speaker(name="Pieter van Dam"), "guest")]
    return make_talkshow(
        title="Wie zorgt er voor de wijk?",
        slug="wie-zorgt-er-voor-de-wijk",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        theme=theme,
        speakers=speakers,
    )


@pytest.fixture
def make_registration(db) -> Callable[..., Registration]:
    """A stored registration; ``token`` is set on it so tests can open the personal page."""

    def make(talkshow, status: str = "confirmed", **fields: Any) -> Registration:
        n = next(_counter)
        token = secrets.token_urlsafe(24)
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
