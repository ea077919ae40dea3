"""The factory, configuration, and the schema that the migrations build."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from talkshow_app import create_app
from talkshow_app.archive.search_index import include_name
from talkshow_app.config import ConfigurationError, build_config
from talkshow_app.extensions import db as _db


def test_migrations_produce_exactly_the_models_schema(db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": include_name})
        differences = compare_metadata(context, _db.metadata)
    assert differences == []


def test_production_refuses_the_development_secret_key():
    with pytest.raises(ConfigurationError):
        create_app({"APP_ENV": "production", "SECRET_KEY": "dev-only-change-me"})


def test_production_accepts_a_real_secret_key(tmp_path):
    app = create_app(
        {
            "APP_ENV": "production",
            "SECRET_KEY": "k3y-" + "0123456789abcdef" * 3,
            "PUBLIC_URL": "https://dhdd.example.org",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_environment_settings_are_read(tmp_path):
    config = build_config(
        str(tmp_path),
        {"DATABASE_URL": "postgres://u:p@db/x", "PUBLIC_URL": "https://dhdd.example.org/", "APP_ENV": "production"},
    )
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db/x"
    assert config["PUBLIC_URL"] == "https://dhdd.example.org"
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SQLALCHEMY_DATABASE_URI"] != build_config(str(tmp_path), {})["SQLALCHEMY_DATABASE_URI"]
    assert build_config(str(tmp_path), {})["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")


def test_unknown_page_is_a_friendly_404_in_dutch(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


def test_an_sqlite_database_enforces_foreign_keys_and_commits_through_its_write_ahead_log(tmp_path):
    """The embedded default: readers beside one writer (WAL), commits that do not wait for the disk
    (synchronous=NORMAL, 1; only checkpoints sync), foreign keys enforced, locks waited for."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'site.sqlite3'}", "SECRET_KEY": "t" * 40})
    with app.app_context(), _db.engine.connect() as connection:
        pragma = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragma == {"journal_mode": "wal", "synchronous": 1, "foreign_keys": 1, "busy_timeout": 30000}
