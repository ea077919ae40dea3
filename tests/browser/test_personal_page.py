"""The personal page in Chromium with JavaScript off: cancel and delete ask first, delete looks dangerous."""

from __future__ import annotations

import re

import pytest

from .conftest import add_open_talkshow
from .test_registration_journey import personal_link, wait_for_mail

pytestmark = pytest.mark.browser

EMAIL = "zonder.javascript@example.org"


@pytest.fixture
def no_script_page(browser):
    ctx = browser.new_context(
        viewport={"width": 320, "height": 800},
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        java_script_enabled=False,
    )
    ctx.set_default_timeout(10_000)
    ctx.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda route: route.abort())
    yield ctx.new_page()
    ctx.close()


@pytest.fixture
def open_talkshow(live_server) -> str:
    return add_open_talkshow(live_server, "Zonder script", "zonder-script", capacity=20, days_ahead=40)


def _background(page, selector: str) -> str:
    return page.locator(selector).evaluate("el => getComputedStyle(el).backgroundColor")


def test_cancel_and_delete_ask_first_without_javascript(live_server, no_script_page, open_talkshow):
    page = no_script_page
    page.goto(live_server.absolute(open_talkshow))
    form = page.locator("form.registration-form")
    form.locator("[name=name]").fill("Noor Zonder Script")
    form.locator("[name=email]").fill(EMAIL)
    form.locator("[name=consent]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    link = personal_link(live_server, wait_for_mail(live_server, EMAIL, 1)[0])
    page.goto(link)

    delete = page.get_by_role("button", name="Verwijder mijn gegevens nu")
    cancel = page.get_by_role("button", name="Mijn aanmelding annuleren")
    assert _background(page, "form[action$='/delete'] button") != _background(page, "form[action$='/cancel'] button")
    assert "button-danger" in (delete.get_attribute("class") or "")
    assert page.get_by_role("img", name="Toegangscode voor Noor Zonder Script").is_visible(), "the QR code at 320 px"
    box = page.locator(".door-code-image").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320, "the code fits the phone's screen"

    # Cancel: a page asks; "no" goes back and nothing changed.
    cancel.click()
    assert page.locator("h1").inner_text() == "Uw aanmelding annuleren?"
    page.get_by_role("link", name="Nee, mijn aanmelding houden").click()
    assert "Bevestigd" in page.locator("main").inner_text()

    # Delete: a page asks, with the danger button; "yes" deletes.
    delete.click()
    assert page.locator("h1").inner_text() == "Uw gegevens verwijderen?"
    yes = page.get_by_role("button", name="Ja, verwijder mijn gegevens")
    assert "button-danger" in (yes.get_attribute("class") or "")
    yes.click()
    assert "verwijderd" in page.locator("h1").inner_text()
    assert page.goto(link).status == 404
