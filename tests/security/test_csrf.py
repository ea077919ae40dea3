"""Every state-changing route, found by walking ``app.url_map``, refuses a forged request.

A request without a CSRF token, or with the token of another session, is answered with the
friendly 400 page and changes nothing. Routes added later are covered automatically.
"""
from __future__ import annotations

import re

import pytest

from talkshow_app.accounts.models import Role

from .conftest import collection_app
from .site_map import count_rows, dummy_url, methods, rule_id, state_changing_rules

# Routes that may change state without a CSRF token, with the reason. Keep this empty unless a
# route is called by machines that cannot hold a session (and then it must authenticate itself).
EXEMPT: dict[str, str] = {}

APP = collection_app()
RULES = [rule for rule in state_changing_rules(APP) if rule.rule not in EXEMPT]
CSRF_MESSAGE = "Dit formulier is verlopen"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client) -> str:
    for page in ("/", "/login"):
        found = TOKEN.search(client.get(page).get_data(as_text=True))
        if found:
            return found.group(1)
    raise AssertionError("no page rendered a csrf_token")


def test_there_are_state_changing_routes_to_protect():
    assert {"/login", "/logout"} <= {rule.rule for rule in RULES}


def test_the_exemption_list_names_only_existing_routes():
    assert set(EXEMPT) <= {rule.rule for rule in state_changing_rules(APP)}


@pytest.mark.csrf
@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_requests_without_a_token_are_refused_and_store_nothing(app, client, db, login_as, rule):
    login_as(Role.ADMIN)
    url = dummy_url(app, rule)
    for method in sorted(methods(rule) & {"POST", "PUT", "PATCH", "DELETE"}):
        before = count_rows(db)
        response = client.open(url, method=method, data={"name": "Forged", "email": "forged@example.org", "consent": "y"})
        assert response.status_code == 400, f"{method} {url} without a CSRF token answered {response.status_code}"
        assert CSRF_MESSAGE in response.get_data(as_text=True)
        assert count_rows(db) == before, f"{method} {url} stored something without a CSRF token"


@pytest.mark.csrf
@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_a_token_from_another_session_is_refused(app, client, db, login_as, rule):
    stranger = app.test_client()
    foreign_token = csrf_token(stranger)
    login_as(Role.ADMIN)
    url = dummy_url(app, rule)
    method = sorted(methods(rule) & {"POST", "PUT", "PATCH", "DELETE"})[0]
    response = client.open(url, method=method, data={"csrf_token": foreign_token})
    assert response.status_code == 400
    assert CSRF_MESSAGE in response.get_data(as_text=True)


@pytest.mark.csrf
@pytest.mark.parametrize("rule", RULES, ids=rule_id)
def test_a_valid_token_gets_past_the_check(app, client, db, login_as, rule):
    """The control: the refusals above come from the CSRF check, not from something else."""
    login_as(Role.ADMIN)
    token = csrf_token(client)
    url = dummy_url(app, rule)
    method = sorted(methods(rule) & {"POST", "PUT", "PATCH", "DELETE"})[0]
    response = client.open(url, method=method, data={"csrf_token": token})
    assert CSRF_MESSAGE not in response.get_data(as_text=True)
    assert response.status_code < 500
