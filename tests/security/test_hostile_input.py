"""Hostile and random input against every public form and every public page's query string.

The forms are discovered by crawling the demo site (so new public forms are fuzzed without
editing this file); hypothesis then sends markup, very long strings, unicode, NUL bytes,
SQL-ish text and repeated fields. Whatever comes in: never a 500, nothing stored when the
input is rejected, and nothing reflected unescaped.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import collection_app
from .site_map import (
    PRIVATE_FORMS,
    PRIVATE_PAGES,
    count_rows,
    dummy_url,
    public_form_rules,
    public_get_rules,
    rule_id,
)

APP = collection_app()
MARKERS = ["<script>alert(1)</script>", '"><svg onload=alert(1)>', "<img src=x onerror=alert(1)>"]
HOSTILE = [
    *MARKERS,
    "javascript:alert(1)",
    "'; DROP TABLE users; --",
    "' OR '1'='1",
    "1; SELECT pg_sleep(5)",
    "\x00",
    "naam\x00met nul",
    "\u202egnp.exe",
    "🙂" * 60,
    "Zoë Ünal-Çelik ĳsbeer ‘quotes’",
    "../../../etc/passwd",
    "{{ 7*7 }}",
    "%(name)s %s {0}",
    "${jndi:ldap://example.org/a}",
    "\r\nSet-Cookie: injected=1",
    "x" * 5000,
    "",
    "   ",
    "-1",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "[]",
    "2027-02-30",
    "bezoeker@example.org",
    "y",
]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
QUERY_SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
STANDARD_PARAMETERS = ["q", "theme", "type", "lab", "year", "page", "stadsdeel", "discipline", "partner", "status", "sort", "next", "lang"]

value = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=120), st.integers().map(str))
field_value = st.one_of(st.none(), value, st.lists(value, min_size=2, max_size=3))


def assert_harmless(url: str, response) -> str:
    assert response.status_code < 500, f"{url} answered {response.status_code}"
    body = response.get_data(as_text=True)
    for marker in MARKERS:
        assert marker not in body, f"{url} reflected {marker!r} unescaped"
    return body


def public_form(app, rule):
    site = app.extensions["site_map"]
    forms = site.forms_posting_to(rule)
    assert forms, f"no page links to a form posting to {rule.rule}; add it to PRIVATE_FORMS with a reason if that is right"
    return forms[0]


FORM_RULES = [rule for rule in public_form_rules(APP) if rule.rule not in PRIVATE_FORMS]


def test_the_public_forms_are_found():
    assert "/login" in {rule.rule for rule in FORM_RULES}


@pytest.mark.parametrize("rule", FORM_RULES, ids=rule_id)
def test_hostile_form_input_is_refused_cleanly(demo_app, rule):
    form = public_form(demo_app, rule)
    client = demo_app.test_client()

    @SETTINGS
    @given(st.fixed_dictionaries({name: field_value for name in form.names}))
    def post(fields):
        data = {name: v for name, v in fields.items() if v is not None}
        before = count_rows(demo_app)
        response = client.post(form.action, data=data)
        assert_harmless(form.action, response)
        if not 300 <= response.status_code < 400:
            assert count_rows(demo_app) == before, f"{form.action} refused {data!r} but stored something"

    post()


@pytest.mark.parametrize("rule", FORM_RULES, ids=rule_id)
def test_markup_in_every_field_comes_back_escaped(demo_app, rule):
    form = public_form(demo_app, rule)
    client = demo_app.test_client()
    for marker in MARKERS:
        response = client.post(form.action, data={name: marker for name in form.names})
        body = assert_harmless(form.action, response)
        if response.status_code == 200 and "field-error" in body:
            assert "&lt;" in body or marker not in body


PAGE_RULES = public_get_rules(APP)


@pytest.mark.parametrize("rule", PAGE_RULES, ids=rule_id)
def test_hostile_query_strings_never_break_a_page(demo_app, rule):
    site = demo_app.extensions["site_map"]
    url = site.url_for_rule(rule)
    if url is None:
        assert rule.rule in PRIVATE_PAGES or not rule.arguments, f"no link leads to {rule.rule}; add demo data or a PRIVATE_PAGES entry"
        url = dummy_url(demo_app, rule)
    own = {name for form in site.forms if form.page.split("?")[0] == url.split("?")[0] and form.method == "GET" for name in form.names}
    names = sorted(own | set(STANDARD_PARAMETERS))
    client = demo_app.test_client()

    @QUERY_SETTINGS
    @given(st.dictionaries(st.sampled_from(names), st.one_of(value, st.lists(value, min_size=2, max_size=3)), min_size=1, max_size=4))
    def visit(parameters):
        response = client.get(url.split("?")[0], query_string=parameters)
        assert_harmless(url, response)

    visit()


@pytest.mark.parametrize("marker", MARKERS)
def test_markup_in_query_strings_is_escaped_on_every_page(demo_app, marker):
    site = demo_app.extensions["site_map"]
    client = demo_app.test_client()
    for rule in PAGE_RULES:
        url = site.url_for_rule(rule) or dummy_url(demo_app, rule)
        response = client.get(url.split("?")[0], query_string={name: marker for name in STANDARD_PARAMETERS})
        assert_harmless(url, response)
