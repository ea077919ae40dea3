"""Fixtures shared by the whole suite: the app, its database, a client and factories.

The schema is built once per session by running the migrations (so the tested schema is the
deployed one); each test then starts from empty tables. ``TEST_DATABASE_URL`` points the suite
at PostgreSQL; without it a SQLite file in a temporary folder is used.
"""
from __future__ import annotations

import contextvars
import os
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import text

from talkshow_app import create_app
from talkshow_app.extensions import db as _db

pytest_plugins = ["tests.factories"]

PUBLIC_URL = "https://talkshows.example.org"


def base_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_SUPPRESS_SEND": True,
        # Most tests read the mail a request caused right after it; the worker's path (the default,
        # MAIL_SEND_AFTER_REQUEST=false) has its own tests in tests/mailing and tests/topology.
        "MAIL_SEND_AFTER_REQUEST": True,
        "PUBLIC_URL": PUBLIC_URL,
        "SERVER_NAME": None,
        "PAGE_CACHE_ENABLED": False,  # tests/test_caching.py turns the page cache on
    }
    config.update(overrides)
    return config


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("database") / "test.sqlite3")


@pytest.fixture(scope="session")
def migrated_schema(database_url: str) -> str:
    app = create_app(base_config(database_url))
    with app.app_context():
        if is_postgres(database_url):
            with _db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade()
        _db.engine.dispose()
    return database_url


def empty_all_tables() -> None:
    tables = list(reversed(_db.metadata.sorted_tables))
    with _db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def app_config(tmp_path, request: pytest.FixtureRequest) -> dict[str, Any]:
    """Per-test overrides; a test may extend this fixture or use the ``csrf`` marker."""
    overrides: dict[str, Any] = {"UPLOAD_FOLDER": str(tmp_path / "uploads")}
    if request.node.get_closest_marker("csrf"):
        overrides["WTF_CSRF_ENABLED"] = True
    return overrides


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own contexts, as in production.

    A test that arranges data inside an app context (the ``db`` fixture) would otherwise share
    that context with its requests: Flask reuses an active app context, so ``g`` (Flask-Login's
    cached user, the chosen language) and the session leaked from one request into the next.
    Here the request starts from an empty ``contextvars`` context; what the test has arranged is
    committed first, and afterwards the test's session forgets what it had loaded, so it reads
    what the request wrote. ``with client:`` (kept contexts, for inspecting a request) is left as
    Flask does it.
    """

    def open(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        if self.preserve_context:
            return super().open(*args, **kwargs)
        outer = _db.session if has_app_context() else None
        if outer is not None:
            outer.commit()
        try:
            return contextvars.Context().run(super().open, *args, **kwargs)
        finally:
            if outer is not None:
                outer.rollback()  # ends the read transaction and expires what the test holds


@pytest.fixture
def app(migrated_schema: str, app_config: dict[str, Any]) -> Iterator[Flask]:
    app = create_app(base_config(migrated_schema, **app_config))
    app.test_client_class = IsolatedClient
    yield app
    with app.app_context():
        _db.session.remove()
        empty_all_tables()
        _db.engine.dispose()


@pytest.fixture
def db(app: Flask) -> Iterator[Any]:
    """The database inside an app context, for service tests and for arranging data."""
    with app.app_context():
        yield _db
        _db.session.remove()


@pytest.fixture
def client(app: Flask):
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()
