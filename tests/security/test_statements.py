"""The privacy and accessibility statements a Dutch public service must have, linked from every page."""
from __future__ import annotations

import re

import pytest

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PRIVACY_RETENTION_DAYS": 45}


def test_the_privacy_statement_tells_the_configured_retention_and_the_rights(client):
    page = client.get("/privacy").get_data(as_text=True)
    assert "45 dagen na afloop" in page
    for needed in ("privacy@example.org", "Autoriteit Persoonsgegevens", "OpenStreetMap", "e-mailadres", "toestemming"):
        assert needed in page, needed
    assert {address.split("@")[1] for address in EMAIL.findall(page)} == {"example.org"}


def test_the_privacy_statement_in_english(client):
    page = client.get("/privacy?lang=en").get_data(as_text=True)
    assert "removed 45 days after the talkshow has ended" in page


def test_the_accessibility_statement_names_the_standard_status_and_contact(client):
    page = client.get("/toegankelijkheid").get_data(as_text=True)
    for needed in ("WCAG 2.1", "AA", "gedeeltelijk", "toegankelijkheid@example.org", "vijf werkdagen", "ombudsman"):
        assert needed in page, needed
    assert {address.split("@")[1] for address in EMAIL.findall(page)} == {"example.org"}


def test_every_page_links_both_statements_in_its_footer(demo_app):
    client = demo_app.test_client()
    site = demo_app.extensions["site_map"]
    pages = site.pages + ["/bestaat-niet"]
    assert len(pages) > 10
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        footer = html[html.index("<footer"):]
        assert 'href="/privacy"' in footer and 'href="/toegankelijkheid"' in footer, url
