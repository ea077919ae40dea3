"""The migrations go from an empty database to head, back down to empty, and up again.

On SQLite always (a fresh file); on PostgreSQL when the suite runs there (TEST_DATABASE_URL),
in a throw-away database on the same server so the session's test schema is untouched.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from talkshow_app import create_app
from talkshow_app.extensions import db as _db
from tests.conftest import base_config, is_postgres

BACKENDS = ["sqlite"] + (["postgresql"] if is_postgres(os.environ.get("TEST_DATABASE_URL", "")) else [])


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    server = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"talkshow_migrations_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def schema_differences(engine) -> list:
    """As in test_app: the archive's full-text index is made by the migration, not by a model."""
    from talkshow_app.archive.search_index import include_name

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "include_name": include_name})
        return compare_metadata(context, _db.metadata)


def test_migrations_go_up_down_and_up_again(empty_database):
    app = create_app(base_config(empty_database))
    with app.app_context():
        engine = _db.engine
        try:
            check_up_down_up(engine)
        finally:  # also when an assertion fails: an open PostgreSQL connection is a ResourceWarning
            _db.session.remove()
            engine.dispose()


def check_up_down_up(engine) -> None:
    assert tables(engine) == set()

    upgrade()
    model_tables = {table.name for table in _db.metadata.sorted_tables}
    # Migrations may add tables the models do not map (the archive's full-text index).
    assert model_tables | {"alembic_version"} <= tables(engine)
    assert schema_differences(engine) == []
    after_first_upgrade = tables(engine)

    downgrade(revision="base")
    assert tables(engine) <= {"alembic_version"}, f"left behind after downgrade: {tables(engine)}"
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            enums = connection.execute(text("SELECT typname FROM pg_type WHERE typtype = 'e'")).scalars().all()
        assert enums == [], f"enum types left behind after downgrade: {enums}"

    upgrade()
    assert tables(engine) == after_first_upgrade
    assert schema_differences(engine) == []


def test_each_migration_downgrades_to_exactly_its_predecessor(tmp_path):
    """Step by step: after going down one revision and up again the schema is unchanged."""
    app = create_app(base_config(f"sqlite:///{tmp_path / 'steps.sqlite3'}"))
    with app.app_context():
        from alembic.script import ScriptDirectory

        config = app.extensions["migrate"].migrate.get_config()
        revisions = [r.revision for r in reversed(list(ScriptDirectory.from_config(config).walk_revisions()))]
        assert len(revisions) >= 5
        for revision in revisions:
            upgrade(revision=revision)
            before = {name: sorted(c["name"] for c in inspect(_db.engine).get_columns(name)) for name in tables(_db.engine)}
            downgrade(revision="-1")
            upgrade(revision=revision)
            after = {name: sorted(c["name"] for c in inspect(_db.engine).get_columns(name)) for name in tables(_db.engine)}
            assert after == before, f"migration {revision} does not downgrade and upgrade cleanly"
        _db.engine.dispose()
