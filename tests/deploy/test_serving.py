"""Running behind a proxy: /healthz, trusted proxy headers and rate limits, request ids in one-line logs."""

from __future__ import annotations

import logging

import pytest
from flask import request

from talkshow_app import create_app
from talkshow_app.config import build_config
from tests.conftest import base_config

pytestmark = pytest.mark.usefixtures("db")


def test_healthz_answers_ok_without_a_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "unreachable",
    ["sqlite:////nonexistent-folder/for/sure/talkshow.sqlite3", "postgresql+psycopg://nobody@127.0.0.1:9/none"],
)
def test_healthz_is_503_when_the_database_does_not_answer(unreachable, caplog):
    app = create_app(base_config(unreachable))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error"}
    assert "Set-Cookie" not in response.headers
    assert "database does not answer" in caplog.text


def test_healthz_is_503_when_the_query_fails(app, client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from talkshow_app.extensions import db

    def broken(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    with app.app_context():
        monkeypatch.setattr(type(db.session()), "execute", broken)
    assert client.get("/healthz").status_code == 503


class TestRateLimitsAndTheHealthCheck:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_DEFAULT": "3 per minute"}

    @pytest.fixture(autouse=True)
    def _forget_the_default_limit(self):
        """The limiter is one object for every app of the suite and keeps a configured default limit."""
        from talkshow_app.extensions import limiter

        yield
        limiter.limit_manager.set_default_limits([])

    def test_healthz_is_never_rate_limited(self, client):
        assert [client.get("/healthz").status_code for _ in range(10)] == [200] * 10
        assert 429 in [client.get("/privacy").status_code for _ in range(5)], "the default limit applies elsewhere"


def login_attempts(client, forwarded_for: list[str]) -> list[int]:
    return [
        client.post(
            "/login", data={"email": "x@example.org", "password": "wrong"}, headers={"X-Forwarded-For": address}
        ).status_code
        for address in forwarded_for
    ]


def whoami(app):
    @app.get("/_test/whoami")
    def _whoami():
        return {"remote_addr": request.remote_addr, "scheme": request.scheme}


class TestBehindOneProxy:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RATELIMIT_ENABLED": True, "TRUSTED_PROXIES": 1}

    def test_the_client_address_and_scheme_come_from_the_proxy(self, app, client):
        whoami(app)
        seen = client.get(
            "/_test/whoami", headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.5", "X-Forwarded-Proto": "https"}
        ).get_json()
        assert seen == {"remote_addr": "203.0.113.5", "scheme": "https"}, "only the last hop (our nginx) is trusted"

    def test_rate_limits_count_per_real_client(self, client):
        """Login allows 10 a minute per client: eleven clients behind the proxy are eleven clients."""
        assert 429 not in login_attempts(client, [f"203.0.113.{n}" for n in range(1, 12)])
        assert login_attempts(client, ["198.51.100.7"] * 11)[-1] == 429


class TestWithoutTrustedProxies:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "RATELIMIT_ENABLED": True, "TRUSTED_PROXIES": 0}

    def test_forged_forwarded_headers_change_nothing(self, app, client):
        whoami(app)
        seen = client.get("/_test/whoami", headers={"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https"})
        assert seen.get_json() == {"remote_addr": "127.0.0.1", "scheme": "http"}
        assert login_attempts(client, [f"203.0.113.{n}" for n in range(1, 12)])[-1] == 429


def test_proxy_and_mail_settings_are_read_from_the_environment(tmp_path):
    config = build_config(
        str(tmp_path),
        {
            "RATELIMIT_STORAGE_URI": "redis://cache.internal:6379/0",
            "TRUSTED_PROXIES": "2",
            "MAIL_MAX_ATTEMPTS": "5",
            "MAIL_SEND_AFTER_REQUEST": "false",
            "LOG_LEVEL": "debug",
        },
    )
    assert config["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/0"
    assert (config["TRUSTED_PROXIES"], config["MAIL_MAX_ATTEMPTS"]) == (2, 5)
    assert config["MAIL_SEND_AFTER_REQUEST"] is False and config["LOG_LEVEL"] == "DEBUG"
    defaults = build_config(str(tmp_path), {})
    assert (defaults["TRUSTED_PROXIES"], defaults["MAIL_MAX_ATTEMPTS"]) == (0, 8)
    assert defaults["MAIL_SEND_AFTER_REQUEST"] is False  # no request talks to the mail server by default
    assert defaults["RATELIMIT_STORAGE_URI"] == "memory://"


def test_each_response_carries_a_request_id(client):
    given = client.get("/healthz", headers={"X-Request-ID": "nginx-0123abcd"})
    assert given.headers["X-Request-ID"] == "nginx-0123abcd"
    made = client.get("/healthz", headers={"X-Request-ID": "no spaces\tor tabs allowed"})
    assert len(made.headers["X-Request-ID"]) == 32 and " " not in made.headers["X-Request-ID"]
    assert client.get("/healthz").headers["X-Request-ID"] != made.headers["X-Request-ID"]


def test_log_lines_are_one_line_per_event_with_the_request_id(app, client, capsys):
    @app.get("/_test/log")
    def _log():
        logger = logging.getLogger("talkshow_app.test")
        logger.warning("first line\nsecond line")
        try:
            raise ValueError("boom")
        except ValueError:
            logger.exception("it failed")
        return "ok"

    capsys.readouterr()
    client.get("/_test/log", headers={"X-Request-ID": "req-77"})
    lines = [line for line in capsys.readouterr().err.splitlines() if "talkshow_app.test" in line]
    assert len(lines) == 2
    assert all("request_id=req-77" in line for line in lines)
    assert "[WARNING]" in lines[0] and "[ERROR]" in lines[1]
    assert "first line ⏎ second line" in lines[0]
    assert "Traceback" in lines[1] and "ValueError: boom" in lines[1]
