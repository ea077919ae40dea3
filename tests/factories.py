"""Factory fixtures: each returns a function that stores a valid object with sensible defaults."""

from __future__ import annotations

import hashlib
import itertools
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from talkshow_app.accounts.models import Role, User
from talkshow_app.labs.models import Lab
from talkshow_app.registrations.models import Registration, RegistrationStatus
from talkshow_app.series.models import (
    Organisation,
    Speaker,
    SpeakerPart,
    Talkshow,
    TalkshowSpeaker,
    TalkshowStatus,
    Theme,
    Venue,
)

_counter = itertools.count(1)
TEST_PASSWORD = "correct horse battery staple"


def _n() -> int:
    return next(_counter)


def _save(db, obj):
    db.session.add(obj)
    db.session.commit()
    return obj


@pytest.fixture
def make_theme(db) -> Callable[..., Theme]:
    def make(**fields: Any) -> Theme:
        n = _n()
        fields.setdefault("name", f"Thema {n}")
        fields.setdefault("slug", f"thema-{n}")
        return _save(db, Theme(**fields))

    return make


@pytest.fixture
def make_organisation(db) -> Callable[..., Organisation]:
    def make(**fields: Any) -> Organisation:
        n = _n()
        fields.setdefault("name", f"Organisatie {n}")
        fields.setdefault("slug", f"organisatie-{n}")
        return _save(db, Organisation(**fields))

    return make


@pytest.fixture
def make_venue(db) -> Callable[..., Venue]:
    def make(**fields: Any) -> Venue:
        n = _n()
        fields.setdefault("name", f"Zaal {n}")
        fields.setdefault("slug", f"zaal-{n}")
        fields.setdefault("address", f"Spui {n}, 2511 BT Den Haag")
        return _save(db, Venue(**fields))

    return make


@pytest.fixture
def make_lab(db) -> Callable[..., Lab]:
    def make(**fields: Any) -> Lab:
        n = _n()
        fields.setdefault("name", f"Stadslab {n}")
        fields.setdefault("slug", f"stadslab-{n}")
        return _save(db, Lab(**fields))

    return make


@pytest.fixture
def make_speaker(db) -> Callable[..., Speaker]:
    def make(**fields: Any) -> Speaker:
        n = _n()
        fields.setdefault("name", f"Spreker {n}")
        fields.setdefault("slug", f"spreker-{n}")
        return _save(db, Speaker(**fields))

    return make


@pytest.fixture
def make_talkshow(db, make_theme, make_venue) -> Callable[..., Talkshow]:
    """A published talkshow three weeks ahead, open for registration, with 50 seats.

    ``speakers`` takes a list of (speaker, part) pairs.
    """

    def make(speakers: list[tuple[Speaker, str]] | None = None, **fields: Any) -> Talkshow:
        n = _n()
        starts_at = fields.pop("starts_at", datetime.now(UTC).replace(microsecond=0) + timedelta(days=21))
        fields.setdefault("title", f"Talkshow {n}")
        fields.setdefault("slug", f"talkshow-{n}")
        if "theme" not in fields and "theme_id" not in fields:
            fields["theme"] = make_theme()
        if "venue" not in fields and "venue_id" not in fields:
            fields["venue"] = make_venue()
        fields.setdefault("ends_at", starts_at + timedelta(hours=2))
        fields.setdefault("capacity", 50)
        fields.setdefault("status", TalkshowStatus.PUBLISHED)
        fields.setdefault("registration_opens_at", starts_at - timedelta(days=60))
        talkshow = Talkshow(starts_at=starts_at, **fields)
        for position, (speaker, part) in enumerate(speakers or []):
            talkshow.speaker_links.append(TalkshowSpeaker(speaker=speaker, part=SpeakerPart(part), position=position))
        return _save(db, talkshow)

    return make


@pytest.fixture
def make_user(db) -> Callable[..., User]:
    from werkzeug.security import generate_password_hash

    def make(role: Role | str = Role.ORGANISER, password: str = TEST_PASSWORD, **fields: Any) -> User:
        n = _n()
        fields.setdefault("email", f"gebruiker{n}@example.org")
        fields.setdefault("name", f"Gebruiker {n}")
        return _save(db, User(role=Role(role), password_hash=generate_password_hash(password), **fields))

    return make


@pytest.fixture
def login(client) -> Callable[[User], Any]:
    """Log a user in through the real login form."""

    def do_login(user: User, password: str = TEST_PASSWORD):
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, "login failed"
        return response

    return do_login


@pytest.fixture
def make_registration(db) -> Callable[..., Registration]:
    """A stored registration (no mail); ``token`` returns the secret so tests can open the page."""

    def make(talkshow, status: RegistrationStatus | str = RegistrationStatus.CONFIRMED, **fields: Any) -> Registration:
        n = _n()
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
