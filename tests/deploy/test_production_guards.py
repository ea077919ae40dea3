"""Production guards: no demo data in a production database; a warning for rate limits counted per worker."""

from __future__ import annotations

import logging
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from talkshow_app import create_app
from talkshow_app.extensions import db as _db
from talkshow_app.series.models import Talkshow, Theme
from tests.conftest import base_config, empty_all_tables

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "0123456789abcdef" * 3  # as tests/security/test_production.py
PRODUCTION = {"APP_ENV": "production", "SECRET_KEY": STRONG_KEY}  # base_config's PUBLIC_URL is https://


class TestDemoDataInProduction:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, **PRODUCTION}

    def test_demo_data_is_refused_and_loads_nothing(self, app, runner, db):
        for args in (["demo-data"], ["demo-data", "--if-empty"]):
            result = runner.invoke(args=args)
            assert result.exit_code != 0, result.output
            assert "APP_ENV=production" in result.stderr and "demo data" in result.stderr
            assert "loaded:" not in result.stdout
        for model in (Talkshow, Theme):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0

    def test_demo_data_still_loads_in_development(self, migrated_schema, tmp_path):
        app = create_app(base_config(migrated_schema, UPLOAD_FOLDER=str(tmp_path)))
        assert app.config["APP_ENV"] == "development"
        try:
            result = app.test_cli_runner().invoke(args=["demo-data"])
            assert result.exit_code == 0 and "Demo data loaded" in result.output
        finally:
            with app.app_context():
                _db.session.remove()
                empty_all_tables()
                _db.engine.dispose()


# --- Rate limits counted in memory -------------------------------------------------------------


def make_app(migrated_schema: str, tmp_path, **overrides):
    return create_app(base_config(migrated_schema, UPLOAD_FOLDER=str(tmp_path), **overrides))


def warnings_in(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and "RATELIMIT" in r.getMessage()]


def test_production_with_memory_rate_limits_warns_once(migrated_schema, tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    make_app(migrated_schema, tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", **PRODUCTION)
    found = warnings_in(caplog)
    assert len(found) == 1, found
    assert "memory://" in found[0] and "redis://" in found[0]


@pytest.mark.parametrize(
    "overrides",
    [
        {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0", **PRODUCTION},
        {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"},  # development
        {"RATELIMIT_ENABLED": False, "RATELIMIT_STORAGE_URI": "memory://", **PRODUCTION},  # nothing is counted
    ],
)
def test_no_warning_otherwise(migrated_schema, tmp_path, caplog, overrides):
    caplog.set_level(logging.WARNING)
    make_app(migrated_schema, tmp_path, **overrides)
    assert warnings_in(caplog) == []


def gunicorn_hook(monkeypatch, workers: int, **env: str):
    """deploy/gunicorn.conf.py's on_starting with a fake arbiter (its cfg and log), in this environment."""
    for name in ("APP_ENV", "RATELIMIT_STORAGE_URI", "RATELIMIT_ENABLED", "GUNICORN_WORKERS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    namespace = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    server = SimpleNamespace(cfg=SimpleNamespace(workers=workers), log=logging.getLogger("tests.gunicorn.arbiter"))
    namespace["on_starting"](server)


@pytest.mark.parametrize("storage", [None, "memory://"])
def test_gunicorn_warns_at_start_for_several_workers_counting_in_memory(monkeypatch, caplog, storage):
    caplog.set_level(logging.WARNING, logger="tests.gunicorn.arbiter")
    env = {"APP_ENV": "production"} | ({"RATELIMIT_STORAGE_URI": storage} if storage else {})
    gunicorn_hook(monkeypatch, 4, **env)
    messages = [r.getMessage() for r in caplog.records if r.name == "tests.gunicorn.arbiter"]
    assert len(messages) == 1 and caplog.records[0].levelno == logging.WARNING
    assert "4 workers" in messages[0] and "memory://" in messages[0] and "redis://" in messages[0]


@pytest.mark.parametrize(
    ("workers", "env"),
    [
        (1, {"APP_ENV": "production"}),
        (4, {"APP_ENV": "production", "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}),
        (4, {"APP_ENV": "production", "RATELIMIT_ENABLED": "false"}),
        (4, {}),
    ],
)
def test_gunicorn_is_quiet_otherwise(monkeypatch, caplog, workers, env):
    caplog.set_level(logging.DEBUG, logger="tests.gunicorn.arbiter")
    gunicorn_hook(monkeypatch, workers, **env)
    assert [r for r in caplog.records if r.name == "tests.gunicorn.arbiter"] == []
