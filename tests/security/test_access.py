"""Every organiser-area route, found by walking ``app.url_map``, refuses people without the role.

Anonymous visitors are sent to the login page; logged-in users whose role is not allowed get
403. New routes are covered as soon as they are registered: a route under /organiser that is
not guarded by ``role_required`` fails here.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from talkshow_app.accounts.models import Role

from .conftest import collection_app, quick_user
from .site_map import dummy_url, methods, organiser_rules, required_roles, rule_id

APP = collection_app()
ORGANISER_RULES = organiser_rules(APP)


def test_the_organiser_area_has_routes_to_guard():
    """Guards against the walk silently finding nothing (then every test below would pass)."""
    assert any(rule.rule.startswith("/organiser") for rule in ORGANISER_RULES)


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"


@pytest.mark.parametrize("rule", ORGANISER_RULES, ids=rule_id)
def test_the_route_admits_only_its_roles(app, client, rule):
    """One test per route (building the app per test is what costs time): every kind of visitor."""
    roles = required_roles(app, rule)
    assert roles, f"{rule.rule} ({rule.endpoint}) must be decorated with @role_required(...)"
    url = dummy_url(app, rule)
    verbs = sorted(methods(rule))

    def as_user(role, active: bool = True):
        """A fresh browser for each person, logged in as a new user with this role."""
        browser = app.test_client()
        user_id = quick_user(app, role, active)
        with browser.session_transaction() as session:
            session["_user_id"] = user_id
            session["_fresh"] = True
        return browser
    # Anonymous visitors are sent to the login page.
    for method in verbs:
        response = client.open(url, method=method)
        assert is_login_redirect(response), f"{method} {url} answered {response.status_code} to an anonymous visitor"

    # A deactivated account counts as anonymous, whatever its role.
    assert is_login_redirect(as_user(Role.ADMIN, active=False).open(url, method=verbs[0]))

    # Logged-in users without the role get 403 with the friendly page.
    for role in (r for r in Role if r is not Role.ADMIN and r not in roles):
        browser = as_user(role)
        for method in verbs:
            response = browser.open(url, method=method)
            assert response.status_code == 403, f"{method} {url} answered {response.status_code} to a {role.value}"
            assert "Geen toegang" in response.get_data(as_text=True)

    # The control: users with the role (and admins) get past the guard, and an empty request is no 500.
    for role in {*roles, Role.ADMIN}:
        browser = as_user(role)
        for method in verbs:
            response = browser.open(url, method=method)
            assert response.status_code != 403 and not is_login_redirect(response), f"{method} {url} refused a {role.value}"
            assert response.status_code < 500, f"{method} {url} with an empty request gave {response.status_code}"
