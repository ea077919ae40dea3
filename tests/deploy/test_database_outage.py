"""The database does not answer: pages say 503 "temporarily unavailable" in the reader's language, never 500."""

from __future__ import annotations

import socket

import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError

from talkshow_app import create_app
from talkshow_app.errors import RETRY_AFTER_SECONDS
from tests.conftest import base_config


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again on return: nothing listens there


@pytest.fixture
def unreachable(tmp_path):
    """The app as deployed (production, pool_pre_ping), its PostgreSQL server gone."""
    url = f"postgresql+psycopg://talkshow@127.0.0.1:{closed_port()}/talkshow?connect_timeout=2"
    app = create_app(
        base_config(
            url,
            APP_ENV="production",
            SECRET_KEY="k3y-" + "0123456789abcdef" * 3,
            UPLOAD_FOLDER=str(tmp_path / "uploads"),
        )
    )
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
    return app


@pytest.mark.parametrize("path", ["/", "/talkshows", "/archive"])
def test_pages_answer_503_in_dutch_without_a_traceback(unreachable, path):
    response = unreachable.test_client().get(path)
    body = response.get_data(as_text=True)
    assert response.status_code == 503, body[:500]
    assert "Tijdelijk niet beschikbaar" in body
    assert response.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    for leak in ("Traceback", "OperationalError", "psycopg", "127.0.0.1:"):
        assert leak not in body


def test_in_english_on_request(unreachable):
    response = unreachable.test_client().get("/talkshows?lang=en")
    assert response.status_code == 503
    assert "temporarily unavailable" in response.get_data(as_text=True).lower()


def test_api_and_healthz_answer_503_json(unreachable):
    client = unreachable.test_client()
    api = client.get("/api/labs")
    assert api.status_code == 503 and api.get_json()["error"]["code"] == "unavailable"
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["status"] == "error"


def test_the_outage_is_logged_as_a_warning_without_a_traceback(unreachable, caplog):
    unreachable.test_client().get("/talkshows")
    records = [r for r in caplog.records if "database is unavailable" in r.getMessage()]
    assert records and records[0].levelname == "WARNING" and records[0].exc_info is None


def test_a_dropped_connection_is_503_but_a_refused_query_stays_500(unreachable):
    def dropped():
        raise DBAPIError("SELECT 1", None, Exception("server closed the connection"), connection_invalidated=True)

    def refused():
        raise IntegrityError("INSERT …", None, Exception("duplicate key"))

    unreachable.add_url_rule("/test-dropped", view_func=dropped)
    unreachable.add_url_rule("/test-refused", view_func=refused)
    client = unreachable.test_client()
    assert client.get("/test-dropped").status_code == 503
    assert client.get("/test-refused").status_code == 500
