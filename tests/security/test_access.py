"""Every organiser-area route, found by walking ``app.url_map``, refuses people without the role.

Anonymous visitors are sent to the login page; logged-in users whose role is not allowed get
403. New routes are covered as soon as they are registered: a route under /organiser that is
not guarded by ``role_required`` fails here.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from talkshow_app.accounts.models import Role

from .conftest import collection_app
from .site_map import dummy_url, methods, organiser_rules, required_roles, rule_id

APP = collection_app()
ORGANISER_RULES = organiser_rules(APP)


def test_the_organiser_area_has_routes_to_guard():
    """Guards against the walk silently finding nothing (then every test below would pass)."""
    assert any(rule.rule.startswith("/organiser") for rule in ORGANISER_RULES)


@pytest.mark.parametrize("rule", ORGANISER_RULES, ids=rule_id)
def test_organiser_routes_use_the_role_guard(app, rule):
    assert required_roles(app, rule), f"{rule.rule} ({rule.endpoint}) must be decorated with @role_required(...)"


@pytest.mark.parametrize("rule", ORGANISER_RULES, ids=rule_id)
def test_anonymous_visitors_are_sent_to_the_login_page(app, client, db, rule):
    url = dummy_url(app, rule)
    for method in sorted(methods(rule)):
        response = client.open(url, method=method)
        assert response.status_code == 302, f"{method} {url} answered {response.status_code} to an anonymous visitor"
        location = urlsplit(response.headers["Location"])
        assert location.path == "/login", f"{method} {url} redirected to {location.path}"


@pytest.mark.parametrize("rule", ORGANISER_RULES, ids=rule_id)
def test_users_without_the_role_get_403(app, client, login_as, rule):
    allowed = set(required_roles(app, rule))
    refused = [role for role in Role if role is not Role.ADMIN and role not in allowed]
    url = dummy_url(app, rule)
    for role in refused:
        login_as(role)
        for method in sorted(methods(rule)):
            response = client.open(url, method=method)
            assert response.status_code == 403, f"{method} {url} answered {response.status_code} to a {role.value}"
            assert "Geen toegang" in response.get_data(as_text=True)


@pytest.mark.parametrize("rule", ORGANISER_RULES, ids=rule_id)
def test_users_with_the_role_get_past_the_guard(app, client, login_as, rule):
    """The other side of the guard, so the tests above cannot pass by refusing everybody."""
    url = dummy_url(app, rule)
    for role in {*required_roles(app, rule), Role.ADMIN}:
        login_as(role)
        for method in sorted(methods(rule)):
            response = client.open(url, method=method)
            assert response.status_code != 403, f"{method} {url} refused a {role.value}"
            assert not (response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login")
            assert response.status_code < 500, f"{method} {url} with an empty request gave {response.status_code}"


@pytest.mark.parametrize("rule", ORGANISER_RULES, ids=rule_id)
def test_deactivated_accounts_are_treated_as_anonymous(app, client, make_user, rule):
    user = make_user(role=Role.ADMIN, is_active_account=False)
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
    url = dummy_url(app, rule)
    method = sorted(methods(rule))[0]
    response = client.open(url, method=method)
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"
