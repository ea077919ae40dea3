"""Request bodies and uploads have a ceiling; going over it is a friendly 413, never a 500."""
from __future__ import annotations

import io

import pytest

from talkshow_app.accounts.models import Role

from .conftest import collection_app
from .site_map import count_rows, dummy_url, state_changing_rules

SMALL_LIMIT = 16 * 1024
APP = collection_app()


@pytest.fixture
def app_config(app_config):
    return {**app_config, "MAX_CONTENT_LENGTH": SMALL_LIMIT}


def test_the_default_limits_are_set_and_sensible():
    config = APP.config
    assert 1024 * 1024 <= config["MAX_CONTENT_LENGTH"] <= 50 * 1024 * 1024
    assert config["MAX_FORM_MEMORY_SIZE"] <= 1024 * 1024


def test_an_oversized_login_post_gets_the_friendly_413(app, client):
    before = count_rows(app)
    response = client.post("/login", data={"email": "a@example.org", "password": "x" * (4 * SMALL_LIMIT)})
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Te groot" in page and "<h1>" in page
    assert count_rows(app) == before


def test_an_oversized_upload_gets_the_friendly_413(client):
    response = client.post(
        "/login",
        data={"email": "a@example.org", "file": (io.BytesIO(b"%PDF" + b"0" * (4 * SMALL_LIMIT)), "big.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "Te groot" in response.get_data(as_text=True)


def test_oversized_bodies_never_cause_a_server_error(app, client, login_as):
    """Every state-changing route, organiser uploads included: the limit holds before a view stores a byte."""
    login_as(Role.ADMIN)
    rules = state_changing_rules(app)
    assert len(rules) > 5
    for rule in rules:
        before = count_rows(app)
        url = dummy_url(app, rule)
        response = client.post(
            url,
            data={"title": "Groot", "file": (io.BytesIO(b"0" * (4 * SMALL_LIMIT)), "groot.pdf")},
            content_type="multipart/form-data",
        )
        assert response.status_code < 500, f"{url}: {response.status_code}"
        assert count_rows(app) == before, url
