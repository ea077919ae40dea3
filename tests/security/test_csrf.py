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
EXEMPT: dict[str, str] = {
    "/follow/unsubscribe/<token>": "RFC 8058 one-click unsubscribe: mail programs POST it without a session; the "
    "secret link itself authenticates, and it only ever deletes that one follower "
    "(tests/follows/test_following.py proves both)",
}

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
def test_forged_requests_are_refused_and_store_nothing(app, client, login_as, rule):
    """Without a token, or with another session's token: 400 and nothing stored; a valid token passes."""
    stranger = app.test_client()
    foreign_token = csrf_token(stranger)
    login_as(Role.ADMIN)
    url = dummy_url(app, rule)
    verbs = sorted(methods(rule) & {"POST", "PUT", "PATCH", "DELETE"})
    for method in verbs:
        for data in ({"name": "Forged", "email": "forged@example.org", "consent": "y"}, {"csrf_token": foreign_token}):
            before = count_rows(app)
            response = client.open(url, method=method, data=data)
            assert response.status_code == 400, f"{method} {url} with {sorted(data)} answered {response.status_code}"
            assert CSRF_MESSAGE in response.get_data(as_text=True)
            assert count_rows(app) == before, f"{method} {url} stored something without a valid CSRF token"

    # The control: the refusals above come from the CSRF check, not from something else.
    response = client.open(url, method=verbs[0], data={"csrf_token": csrf_token(client)})
    assert CSRF_MESSAGE not in response.get_data(as_text=True)
    assert response.status_code < 500
