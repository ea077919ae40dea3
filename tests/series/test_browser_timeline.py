"""The season timeline and the board's readiness bars in a real browser: axe finds nothing, 320 px fits."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from talkshow_app import create_app
from talkshow_app.accounts import services
from talkshow_app.extensions import db as _db
from talkshow_app.impact import demo as impact_demo
from talkshow_app.registrations import demo as registrations_demo
from talkshow_app.series import demo as series_demo
from tests.browser.audit import NARROW, check_page
from tests.browser.conftest import new_context
from tests.conftest import base_config, empty_all_tables
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser
ORGANISER = "tijdlijn-organisator@example.org"
WIDEST_JS = """() => Math.max(...Array.from(
  document.querySelectorAll('main svg, main figure, main details, main table'))
  .map(e => e.getBoundingClientRect().right))"""


@pytest.fixture(scope="module")
def served(migrated_schema: str) -> Iterator[str]:
    app = create_app(base_config(migrated_schema, WTF_CSRF_ENABLED=True))
    with app.app_context():
        empty_all_tables()
        series_demo.load()
        registrations_demo.load()
        impact_demo.load()
        services.create_user(ORGANISER, TEST_PASSWORD, "organiser")
        _db.session.expunge_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            _db.session.remove()
            empty_all_tables()
            _db.engine.dispose()


def fits_and_passes(page, path: str, language: str = "nl") -> None:
    assert page.locator("svg.timeline-chart").count() == 1
    assert page.locator("svg.timeline-chart g.timeline-mark").count() >= 1
    problems = check_page(page, path, language)
    assert problems == [], "\n".join(problems)
    page.set_viewport_size(NARROW)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= NARROW["width"]
    page.locator("details.timeline-details summary").click()  # the list opens without any script of ours
    assert page.locator(".timeline-list li").first.is_visible()
    assert page.evaluate(WIDEST_JS) <= NARROW["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= NARROW["width"]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_talkshows_page_with_its_timeline_passes_axe_and_fits_320_pixels(browser, served, language):
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{served}/language/{language}")
        assert page.goto(f"{served}/talkshows").status == 200
        fits_and_passes(page, "/talkshows", language)
    finally:
        context.close()


def test_the_board_with_timeline_and_readiness_bars_passes_axe_and_fits_320_pixels(browser, served):
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{served}/login")
        page.get_by_label("E-mailadres").fill(ORGANISER)
        page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/organiser/**")
        assert page.goto(f"{served}/organiser/").status == 200
        bar = page.get_by_role("img", name="Gereedheid:").first
        assert bar.is_visible()
        checks = page.locator("details.readiness-details").first
        assert not checks.locator("li").first.is_visible()  # details on demand
        checks.locator("summary").click()
        assert checks.locator("li").first.is_visible()
        fits_and_passes(page, "/organiser/")
    finally:
        context.close()
