"""Fixtures for the security tests: the app with its demo data, and what a crawl of it finds."""
from __future__ import annotations

import pytest

from talkshow_app import create_app
from tests.conftest import base_config

from .site_map import SiteMap, crawl, load_demo_data


def collection_app():
    """An app for reading ``url_map`` while tests are collected (no database is touched)."""
    return create_app(base_config("sqlite://"))


@pytest.fixture
def demo_site(app, db) -> SiteMap:
    """The demo data of every feature, and the public site as a visitor can walk it."""
    load_demo_data(app)
    return crawl(app, app.test_client())


@pytest.fixture
def login_as(client, make_user):
    """Log in a fresh user with this role without the login form (works with CSRF on, too)."""

    def login(role):
        user = make_user(role=role)
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return user

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
