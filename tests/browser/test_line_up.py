"""The line-up form in Chromium without JavaScript: rows come and go, a new speaker joins, nothing typed is lost."""

from __future__ import annotations

import re

import pytest

from .audit import axe_violations, describe
from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def no_script_page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", java_script_enabled=False)
    ctx.set_default_timeout(10_000)
    ctx.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda route: route.abort())
    yield ctx.new_page()
    ctx.close()


def test_line_up_rows_without_javascript(live_server, no_script_page, page):
    email = live_server.make_user("organiser", "line-up@example.org")
    browser_page = no_script_page
    log_in(browser_page, live_server, email)
    browser_page.goto(live_server.absolute("/organiser/talkshows/new"))
    browser_page.locator("input[name=title]").fill("Samen koken in Moerwijk")
    browser_page.locator("select[name=speaker_1]").select_option(index=1)
    chosen = browser_page.locator("select[name=speaker_1]").input_value()

    browser_page.get_by_role("button", name="Nog een spreker").click()
    browser_page.wait_for_load_state()
    assert browser_page.locator("select[name^=speaker_]").count() == 2
    assert browser_page.locator("input[name=title]").input_value() == "Samen koken in Moerwijk"
    assert browser_page.locator("select[name=speaker_1]").input_value() == chosen

    browser_page.locator("input[name='new_speaker-name']").fill("Sanne de Wit")
    browser_page.get_by_role("button", name="Aan de line-up toevoegen").click()
    browser_page.wait_for_load_state()
    added = browser_page.locator("select[name=speaker_2] option:checked").inner_text()
    assert added.startswith("Sanne de Wit")
    assert browser_page.locator("input[name=title]").input_value() == "Samen koken in Moerwijk"

    browser_page.get_by_role("button", name="Spreker 1 verwijderen").click()
    browser_page.wait_for_load_state()
    assert browser_page.locator("select[name^=speaker_]").count() == 1
    assert browser_page.locator("select[name=speaker_1] option:checked").inner_text().startswith("Sanne de Wit")

    # Enter in a text field saves (the form's first button), it does not remove a row.
    browser_page.locator("input[name=title]").press("Enter")
    browser_page.wait_for_load_state()
    assert browser_page.locator(".error-summary").count() == 1  # no theme, no times yet: refused, not removed
    assert browser_page.locator("select[name=speaker_1] option:checked").inner_text().startswith("Sanne de Wit")

    # With JavaScript the same page passes axe.
    log_in(page, live_server, email)
    page.goto(live_server.absolute("/organiser/talkshows/new"))
    violations = axe_violations(page)
    assert violations == [], describe(violations)
