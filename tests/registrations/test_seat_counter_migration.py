"""Migration 0009 counts the registrations that already exist into the new seat counters (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from talkshow_app import create_app
from talkshow_app.extensions import db as _db
from tests.conftest import base_config, is_postgres

BACKENDS = ["sqlite"] + (["postgresql"] if is_postgres(os.environ.get("TEST_DATABASE_URL", "")) else [])
WHEN = {"at": "2030-03-01 19:00:00", "until": "2030-03-01 21:00:00", "now": "2026-01-01 12:00:00"}


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'seat-counter.sqlite3'}"
        return
    server = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"talkshow_seats_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _talkshow(connection, number: int) -> None:
    connection.execute(
        text(
            "INSERT INTO talkshows (id, slug, title, theme_id, summary, description, starts_at, ends_at, capacity,"
            " livestream_url, status, sequence, created_at, updated_at)"
            " VALUES (:id, :slug, 'Avond', 1, '', '', :at, :until, 2, '', 'published', 0, :now, :now)"
        ),
        {"id": number, "slug": f"avond-{number}", **WHEN},
    )


def _registration(connection, talkshow: int, number: int, status: str) -> None:
    connection.execute(
        text(
            "INSERT INTO registrations (talkshow_id, name, email, organisation, accessibility_needs, language,"
            " status, token_hash, checkin_code, created_at, queued_at)"
            " VALUES (:talkshow, 'Gast', :email, '', '', 'nl', :status, :hash, :code, :now, :now)"
        ),
        {
            "talkshow": talkshow,
            "email": f"gast{number}@example.org",
            "status": status,
            "hash": f"hash-{number}",
            "code": f"code-{number}",
            "now": WHEN["now"],
        },
    )


def test_existing_registrations_are_counted_when_the_counter_arrives(empty_database):
    app = create_app(base_config(empty_database))
    with app.app_context():
        engine = _db.engine
        try:
            upgrade(revision="0008")
            with engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO themes (id, slug, name, name_en, description, colour, is_core, position)"
                        " VALUES (1, 'wonen', 'Wonen', 'Housing', '', '#1d4f91', false, 0)"
                    )
                )
                for number in (1, 2):
                    _talkshow(connection, number)
                statuses = ["confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted", "cancelled"]
                for number, status in enumerate(statuses):
                    _registration(connection, 1, number, status)
            upgrade(revision="0009")
            with engine.connect() as connection:
                counters = connection.execute(
                    text("SELECT slug, seats_taken, waitlist_count FROM talkshows ORDER BY slug")
                ).all()
            assert [tuple(row) for row in counters] == [("avond-1", 2, 3), ("avond-2", 0, 0)]
            downgrade(revision="0008")
            with engine.connect() as connection:
                assert connection.execute(text("SELECT count(*) FROM registrations")).scalar() == 6
        finally:
            _db.session.remove()
            engine.dispose()
