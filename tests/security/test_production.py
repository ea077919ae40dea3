"""Production configuration: secure cookies, HSTS, a short session, and no start with a weak key."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import itsdangerous.timed
import pytest

from talkshow_app import create_app
from talkshow_app.config import DEVELOPMENT_SECRET_KEY, ConfigurationError
from tests.factories import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "0123456789abcdef" * 3


@pytest.fixture
def app_config(app_config):
    return {**app_config, "APP_ENV": "production", "SECRET_KEY": STRONG_KEY}


def set_cookie(response, name: str) -> dict[str, str]:
    """The attributes of one Set-Cookie header, lower-cased names; flags map to ''."""
    for header in response.headers.getlist("Set-Cookie"):
        first, *attributes = [part.strip() for part in header.split(";")]
        if first.split("=", 1)[0] == name:
            parsed = {"value": first.split("=", 1)[1]}
            for attribute in attributes:
                key, _, value = attribute.partition("=")
                parsed[key.lower()] = value
            return parsed
    raise AssertionError(f"no Set-Cookie for {name}: {response.headers.getlist('Set-Cookie')}")


def test_session_cookies_are_secure_httponly_and_samesite(app, client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "remember": "y"})
    assert response.status_code == 302
    session = set_cookie(response, app.config["SESSION_COOKIE_NAME"])
    assert "secure" in session and "httponly" in session and session.get("samesite") == "Lax"
    remember = set_cookie(response, app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    assert "secure" in remember and "httponly" in remember and remember.get("samesite") == "Lax"


def test_session_settings_are_not_the_framework_defaults(app):
    from flask import Flask

    defaults = Flask.default_config
    assert app.config["SESSION_COOKIE_NAME"] != defaults["SESSION_COOKIE_NAME"]
    for name, wanted in (("SESSION_COOKIE_SECURE", True), ("SESSION_COOKIE_HTTPONLY", True), ("SESSION_COOKIE_SAMESITE", "Lax")):
        assert app.config[name] == wanted, name
    assert defaults["SESSION_COOKIE_SECURE"] is False and defaults["SESSION_COOKIE_SAMESITE"] is None
    lifetime = app.config["PERMANENT_SESSION_LIFETIME"]
    assert timedelta(minutes=15) <= lifetime <= timedelta(days=1) < defaults["PERMANENT_SESSION_LIFETIME"]
    assert app.config["REMEMBER_COOKIE_DURATION"] <= timedelta(days=30)
    assert app.config["PREFERRED_URL_SCHEME"] == "https"


def test_an_old_session_cookie_stops_working(app, client, monkeypatch):
    from talkshow_app.accounts.services import create_user

    # Not the make_user fixture: it holds an app context, whose ``g`` would cache the user.
    with app.app_context():
        create_user("sessie@example.org", TEST_PASSWORD, "organiser")
    client.post("/login", data={"email": "sessie@example.org", "password": TEST_PASSWORD})
    assert client.get("/organiser/").status_code == 200
    later = time.time() + app.config["PERMANENT_SESSION_LIFETIME"].total_seconds() + 60
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
    response = client.get("/organiser/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_hsts_is_sent_in_production(client):
    response = client.get("/")
    hsts = response.headers.get("Strict-Transport-Security", "")
    max_age = int(hsts.split("max-age=")[1].split(";")[0]) if "max-age=" in hsts else 0
    assert max_age >= 180 * 24 * 3600


@pytest.mark.parametrize("key", [None, "", DEVELOPMENT_SECRET_KEY, "short-key"])
def test_production_refuses_a_weak_secret_key(tmp_path, key):
    with pytest.raises(ConfigurationError):
        create_app({"APP_ENV": "production", "SECRET_KEY": key, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})


def test_the_command_line_will_not_start_production_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "TEST_DATABASE_URL"}}
    env.update(APP_ENV="production", DATABASE_URL=f"sqlite:///{tmp_path}/cli.db")
    flask = Path(sys.executable).with_name("flask")
    result = subprocess.run([str(flask), "--app", "wsgi", "routes"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)  # nosec B603
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    env["SECRET_KEY"] = STRONG_KEY
    result = subprocess.run([str(flask), "--app", "wsgi", "routes"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)  # nosec B603
    assert result.returncode == 0, result.stderr
