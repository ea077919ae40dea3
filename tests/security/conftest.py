"""Fixtures for the security tests: the app with its demo data, and what a crawl of it finds."""
from __future__ import annotations

import itertools

import pytest

from talkshow_app import create_app
from tests.conftest import base_config

from .site_map import crawl, load_demo_data


def collection_app():
    """An app for reading ``url_map`` while tests are collected (no database is touched)."""
    return create_app(base_config("sqlite://"))


_users = itertools.count(1)


def quick_user(app, role, active: bool = True) -> str:
    """A user that never logs in through the form (no slow password hash); returns its login id.

    Made in an app context of its own, so the test does not hold one while it sends requests
    (they would share ``g``, where Flask-Login caches the user of the first request).
    """
    from talkshow_app.accounts.models import Role, User
    from talkshow_app.extensions import db

    n = next(_users)
    with app.app_context():
        user = User(email=f"rol{n}@example.org", name=f"Rol {n}", role=Role(role), password_hash="!", is_active_account=active)
        db.session.add(user)
        db.session.commit()
        user_id = user.get_id()
        db.session.remove()
    return user_id


@pytest.fixture
def login_as(app, client):
    """Log in a fresh user with this role without the login form (works with CSRF on, too)."""

    def login(role, active: bool = True) -> str:
        user_id = quick_user(app, role, active)
        with client.session_transaction() as session:
            session.clear()
            session["_user_id"] = user_id
            session["_fresh"] = True
        return user_id

    return login


@pytest.fixture(scope="module")
def demo_app(migrated_schema, tmp_path_factory):
    """One app with every feature's demo data for a whole module (crawling is not free).

    Tests using it must not also use the function-scoped ``app`` fixture, which empties the
    tables after each test.
    """
    from talkshow_app.extensions import db as _db
    from tests.conftest import empty_all_tables

    app = create_app(base_config(migrated_schema, UPLOAD_FOLDER=str(tmp_path_factory.mktemp("uploads"))))
    with app.app_context():
        empty_all_tables()
    load_demo_data(app)
    app.extensions["site_map"] = crawl(app, app.test_client())
    yield app
    with app.app_context():
        _db.session.remove()
        empty_all_tables()
        _db.engine.dispose()
