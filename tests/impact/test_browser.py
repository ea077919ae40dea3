"""/impact in a real browser: axe finds no WCAG 2.1 A/AA violation, and at 320 px nothing scrolls sideways."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from werkzeug.serving import make_server

from talkshow_app import create_app
from talkshow_app.accounts import services
from talkshow_app.extensions import db as _db
from tests.browser.audit import NARROW, check_page
from tests.browser.conftest import new_context
from tests.conftest import base_config, empty_all_tables
from tests.factories import TEST_PASSWORD

from . import dataset as builder

pytestmark = pytest.mark.browser
ORGANISER = "impact-organisator@example.org"


@pytest.fixture(scope="module")
def served(migrated_schema: str) -> Iterator[tuple[str, builder.Dataset]]:
    app = create_app(base_config(migrated_schema, WTF_CSRF_ENABLED=True))
    with app.app_context():
        empty_all_tables()
        city = builder.build(_db.session, datetime.now(UTC).replace(microsecond=0))
        services.create_user(ORGANISER, TEST_PASSWORD, "organiser")
        _db.session.expunge_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", city
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            _db.session.remove()
            empty_all_tables()
            _db.engine.dispose()


WIDEST_JS = """() => Math.max(...Array.from(document.querySelectorAll('main table, main svg, main figure'))
  .map(e => e.getBoundingClientRect().right))"""


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_impact_page_passes_axe_and_fits_320_pixels(browser, served, language):
    url, _city = served
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{url}/language/{language}")
        response = page.goto(f"{url}/impact")
        assert response.status == 200
        assert page.locator("svg.impact-chart").count() == 3
        problems = check_page(page, "/impact", language, focus_walk=6)
        assert problems == [], "\n".join(problems)
        page.set_viewport_size(NARROW)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= NARROW["width"]
        assert page.evaluate(WIDEST_JS) <= NARROW["width"]
        assert page.locator("#table-attendance").is_visible()
    finally:
        context.close()


def test_the_evaluation_form_passes_axe(browser, served):
    url, city = served
    context = new_context(browser)
    try:
        page = context.new_page()
        response = page.goto(f"{url}/registrations/{city.tokens['a-student']}/evaluation")
        assert response.status == 200
        problems = check_page(page, "/evaluation", "nl")
        assert problems == [], "\n".join(problems)
        page.get_by_role("button", name="Verstuur mijn antwoord").click()  # no score chosen
        assert page.locator("[aria-invalid=true]").count() >= 1
        assert page.locator(".error-summary").is_visible()
    finally:
        context.close()


def test_the_organiser_figures_pass_axe_and_fit_320_pixels(browser, served):
    url, _city = served
    context = new_context(browser)
    try:
        page = context.new_page()
        page.goto(f"{url}/login")
        page.get_by_label("E-mailadres").fill(ORGANISER)
        page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_url("**/organiser/**")
        assert page.goto(f"{url}/organiser/impact/").status == 200
        problems = check_page(page, "/organiser/impact/", "nl")
        assert problems == [], "\n".join(problems)
    finally:
        context.close()
