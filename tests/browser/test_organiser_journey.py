"""An organiser logs in, plans a talkshow as a draft, publishes it, and visitors can find it."""
from __future__ import annotations

import pytest

from .audit import axe_violations, describe
from .conftest import log_in

pytestmark = pytest.mark.browser

TITLE = "Wonen boven de winkel"


def test_an_organiser_plans_and_publishes_a_talkshow(live_server, page, context):
    email = live_server.make_user("organiser", "planner@example.org")
    log_in(page, live_server, email)
    assert page.locator(".flash-success").count() == 1

    page.goto(live_server.absolute("/organiser/talkshows"))
    page.locator("main a[href='/organiser/talkshows/new']").first.click()
    page.wait_for_url("**/organiser/talkshows/new")

    # An empty save is refused with messages tied to the fields.
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    title_field = page.get_by_label("Titel", exact=False).first
    assert title_field.get_attribute("aria-invalid") == "true"
    message_id = title_field.get_attribute("aria-describedby").split()[-1]
    assert page.locator(f"#{message_id}").inner_text().strip()

    page.get_by_label("Titel", exact=False).first.fill(TITLE)
    theme = page.locator("select[name=theme_id]")
    theme.select_option(index=1)
    page.locator("textarea[name=summary]").fill("Over wonen en werken in de winkelstraten van Den Haag.")
    page.locator("input[name=starts_at]").fill("2028-06-13T20:00")
    page.locator("input[name=ends_at]").fill("2028-06-13T22:00")
    page.locator("select[name=venue_id]").select_option(index=1)
    page.locator("input[name=capacity]").fill("80")
    page.locator("select[name=speaker_1]").select_option(index=1)
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 0, page.locator("main").inner_text()
    assert "Concept" in page.locator(".status-panel").inner_text() or "concept" in page.locator(".status-panel").inner_text()
    edit_url = page.url

    # A draft is not public yet.
    visitor = context.browser.new_context()
    try:
        public = visitor.new_page()
        public.goto(live_server.absolute("/talkshows"))
        assert TITLE not in public.locator("main").inner_text()
    finally:
        visitor.close()

    page.get_by_role("button", name="Publiceren").click()
    page.wait_for_load_state()
    assert page.url == edit_url
    page.locator(".status-panel a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == TITLE
    assert "13 juni 2028" in page.locator("main").inner_text()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.goto(live_server.absolute("/talkshows"))
    assert TITLE in page.locator("main").inner_text()
