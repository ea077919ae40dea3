"""Security headers on every response: each GET route is sampled (real pages, 404s, organiser pages)."""
from __future__ import annotations

import pytest

from talkshow_app.accounts.models import Role
from talkshow_app.security import content_security_policy

from .site_map import all_get_rules, dummy_url

GOOD_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}


def directives(policy: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0].lower()] = words[1:]
    return parsed


def assert_safe_headers(url: str, response) -> None:
    headers = response.headers
    policy = headers.get("Content-Security-Policy")
    assert policy, f"{url}: no Content-Security-Policy"
    csp = directives(policy)
    script_src = csp.get("script-src", csp.get("default-src"))
    assert script_src is not None, f"{url}: CSP limits no scripts"
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, f"{url}: {policy}"
    assert "'unsafe-inline'" not in policy, f"{url}: 'unsafe-inline' anywhere in the CSP: {policy}"
    assert "*" not in script_src and "data:" not in script_src
    assert csp.get("frame-ancestors") == ["'none'"], f"{url}: {policy}"
    assert csp.get("object-src") == ["'none'"], f"{url}: {policy}"
    assert "base-uri" in csp
    assert headers.get("X-Content-Type-Options") == "nosniff", url
    assert headers.get("Referrer-Policy") in GOOD_REFERRER_POLICIES, url
    assert headers.get("X-Frame-Options") == "DENY", url


def sample_urls(app) -> list[str]:
    site = app.extensions["site_map"]
    urls = []
    for rule in all_get_rules(app):
        real = site.url_for_rule(rule)
        if real:
            urls.append(real)
        if rule.arguments or not real:
            urls.append(dummy_url(app, rule))
    return urls


def test_every_public_response_carries_the_security_headers(demo_app):
    client = demo_app.test_client()
    urls = sample_urls(demo_app)
    assert len(urls) >= 10
    for url in urls:
        with client.get(url) as response:  # closes static files' handles (ResourceWarning otherwise)
            assert response.status_code < 500, url
            assert_safe_headers(url, response)
    assert "Strict-Transport-Security" not in response.headers, "HSTS only in production (not on http://localhost)"


def test_every_organiser_response_carries_the_security_headers(demo_app):
    from .site_map import crawl

    from .conftest import quick_user

    user_id = quick_user(demo_app, Role.ADMIN)
    client = demo_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user_id
    organiser = crawl(demo_app, client, start=["/organiser/"], max_pages=60)
    assert organiser.pages, "the organiser area could not be opened"
    for url in organiser.pages + [dummy_url(demo_app, rule) for rule in all_get_rules(demo_app) if rule.rule.startswith("/organiser")]:
        with client.get(url) as response:
            assert response.status_code < 500, url
            assert_safe_headers(url, response)


def test_error_responses_carry_the_headers_too(demo_app):
    client = demo_app.test_client()
    for response in (client.get("/bestaat-niet"), client.post("/"), client.get("/api/talkshows/bestaat-niet")):
        assert response.status_code in {404, 405}
        assert_safe_headers("error page", response)


@pytest.mark.parametrize("tile_url", ["https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://{s}.tile.example.org/{z}/{x}/{y}.png"])
def test_the_map_tiles_are_the_only_foreign_origin(tile_url):
    csp = directives(content_security_policy(tile_url))
    foreign = [source for values in csp.values() for source in values if source.startswith("https://")]
    assert len(foreign) == 1 and csp["img-src"][-1] == foreign[0]
    assert csp["script-src"] == ["'self'"] and csp["connect-src"] == ["'self'"]
