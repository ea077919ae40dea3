"""Migration 0014 keeps speakers whose photo was an external address; the address itself is dropped."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from talkshow_app import create_app
from talkshow_app.extensions import db as _db
from tests.conftest import base_config


def test_a_speaker_with_a_photo_address_keeps_everything_but_the_address(tmp_path):
    app = create_app(base_config(f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"))
    with app.app_context():
        try:
            upgrade(revision="0013")
            _db.session.execute(
                text(
                    "INSERT INTO speakers (slug, name, role_title, bio, photo_url) "
                    "VALUES ('joost', 'Joost van der Meer', 'Onderzoeker', 'Over buren.', 'https://elders.example.org/j.jpg')"
                )
            )
            _db.session.commit()
            upgrade()
            row = _db.session.execute(text("SELECT slug, name, bio, photo_id FROM speakers")).one()
            assert tuple(row) == ("joost", "Joost van der Meer", "Over buren.", None)
            columns = {column["name"] for column in inspect(_db.engine).get_columns("speakers")}
            assert "photo_url" not in columns and "photo_id" in columns
            _db.session.commit()
            downgrade(revision="0013")
            assert _db.session.execute(text("SELECT name, photo_url FROM speakers")).one() == ("Joost van der Meer", "")
        finally:
            _db.session.remove()
            _db.engine.dispose()
