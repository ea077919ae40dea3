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
    env.update(APP_ENV="production", DATABASE_URL=f"sqlite:///{tmp_path}/cli.db", PUBLIC_URL="https://dhdd.example.org")
    flask = Path(sys.executable).with_name("flask")
    result = subprocess.run([str(flask), "--app", "wsgi", "routes"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)  # nosec B603
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    env["SECRET_KEY"] = STRONG_KEY
    result = subprocess.run([str(flask), "--app", "wsgi", "routes"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)  # nosec B603
    assert result.returncode == 0, result.stderr


def production(tmp_path, **settings):
    config = {
        "APP_ENV": "production", "SECRET_KEY": STRONG_KEY, "PUBLIC_URL": "https://dhdd.example.org",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
    }
    return create_app({**config, **settings})


@pytest.mark.parametrize("key", ["a" * 32, "ab" * 20, "0123456789"[:9] * 5, "x" * 31 + "yz"])
def test_production_refuses_a_key_with_too_few_different_characters(tmp_path, key):
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        production(tmp_path, SECRET_KEY=key)


def test_production_accepts_a_random_key_and_an_https_address(tmp_path):
    import secrets

    app = production(tmp_path, SECRET_KEY=secrets.token_urlsafe(32))
    assert app.config["APP_ENV"] == "production"


@pytest.mark.parametrize(
    "public_url", [None, "", "http://127.0.0.1:5000", "http://dhdd.example.org", "https://", "ftp://dhdd.example.org"]
)
def test_production_refuses_a_public_url_that_is_not_https(tmp_path, public_url, monkeypatch):
    monkeypatch.delenv("PUBLIC_URL", raising=False)
    settings = {} if public_url is None else {"PUBLIC_URL": public_url}
    config = {"APP_ENV": "production", "SECRET_KEY": STRONG_KEY, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"}
    with pytest.raises(ConfigurationError, match="PUBLIC_URL") as refused:
        create_app({**config, **settings})
    assert "https://" in str(refused.value)


def test_every_problem_is_named_at_once(tmp_path):
    with pytest.raises(ConfigurationError) as refused:
        production(tmp_path, SECRET_KEY=DEVELOPMENT_SECRET_KEY, PUBLIC_URL="http://dhdd.example.org")
    assert "SECRET_KEY" in str(refused.value) and "PUBLIC_URL" in str(refused.value)


@pytest.mark.parametrize("app_env", ["staging", "prod", "Production", "test"])
def test_an_unknown_app_env_is_refused_in_any_mode(tmp_path, app_env):
    with pytest.raises(ConfigurationError, match="APP_ENV"):
        create_app({"APP_ENV": app_env, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"})


def test_an_unknown_app_env_from_the_environment_is_refused(tmp_path):
    from talkshow_app.config import build_config, check_production

    config = build_config(str(tmp_path), {"APP_ENV": " Staging "})
    assert config["APP_ENV"] == "staging"
    with pytest.raises(ConfigurationError, match="development, production"):
        check_production(config)
    check_production(build_config(str(tmp_path), {"APP_ENV": "Development"}))


@pytest.mark.parametrize(("name", "value"), [("TRUSTED_PROXIES", -1), ("MAIL_MAX_ATTEMPTS", 0)])
def test_impossible_numbers_are_refused(tmp_path, name, value):
    with pytest.raises(ConfigurationError, match=name):
        create_app({name: value, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"})
