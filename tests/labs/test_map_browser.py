"""In a real browser: the map draws exactly the labs the list shows, under the real CSP."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

from talkshow_app import create_app
from talkshow_app.extensions import db as _db
from talkshow_app.labs.models import Lab, LabStatus
from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, no_browser
from tests.conftest import base_config, empty_all_tables

pytestmark = pytest.mark.browser


class _Holder:
    app: Any = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        no_browser("Chromium not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev extras not installed
        no_browser("the playwright package is missing")
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception as error:  # noqa: BLE001 - any launch failure means: no usable browser
        manager.stop()
        no_browser(f"Chromium did not start ({error})")
    yield browser
    browser.close()
    manager.stop()


@pytest.fixture(scope="module")
def served(migrated_schema: str) -> Iterator[str]:
    """The app on a loopback port, its tiles on its own origin (so nothing leaves the machine)."""
    holder = _Holder()
    server = make_server("127.0.0.1", 0, holder, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    holder.app = create_app(base_config(migrated_schema, PUBLIC_URL=url, MAP_TILE_URL=url + "/tiles/{z}/{x}/{y}.png"))
    with holder.app.app_context():
        empty_all_tables()
        labs = [
            Lab(slug="oost-1", name="Oost 1", stadsdeel="Escamp", latitude=52.05, longitude=4.28),
            Lab(slug="oost-2", name="Oost 2", stadsdeel="Escamp", latitude=52.04, longitude=4.27),
            Lab(slug="oost-zonder-plek", name="Oost zonder plek", stadsdeel="Escamp"),
            Lab(slug="oost-gestopt", name="Oost gestopt", stadsdeel="Escamp", latitude=52.045, longitude=4.29, status=LabStatus.ENDED),
            Lab(slug="centrum", name="Centrum", stadsdeel="Centrum", latitude=52.08, longitude=4.31),
        ]
        _db.session.add_all(labs)
        _db.session.commit()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with holder.app.app_context():
            _db.session.remove()
            empty_all_tables()
            _db.engine.dispose()


@pytest.mark.parametrize(
    ("query", "expected_markers"),
    [("", 3), ("stadsdeel=escamp", 2), ("stadsdeel=escamp&status=all", 3), ("stadsdeel=segbroek", 0)],
)
def test_the_map_draws_exactly_the_filtered_labs(chromium, served, query, expected_markers):
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" and "/tiles/" not in message.text and "404" not in message.text else None)
    page.goto(f"{served}/labs?{query}")
    page.wait_for_selector("#lab-map[data-marker-count]", state="attached")
    assert page.is_visible("#lab-map")
    drawn = page.locator(".leaflet-marker-icon")
    assert drawn.count() == expected_markers
    titles = sorted(drawn.nth(i).get_attribute("title") for i in range(drawn.count()))
    api = page.request.get(f"{served}/api/labs?{query}").json()
    located = sorted(lab["name"] for lab in api["labs"] if lab["latitude"] is not None)
    assert titles == located
    listed = page.locator(".lab-card h3 a").all_inner_texts()
    assert sorted(listed) == sorted(lab["name"] for lab in api["labs"])
    assert problems == []
    context.close()


def test_a_marker_opens_a_popup_with_a_link_to_the_lab(chromium, served):
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(f"{served}/labs?stadsdeel=centrum")
    # The map fits its bounds after the tiles start loading; click once it has settled, or a busy
    # machine clicks a marker that is still moving and the popup never opens.
    page.wait_for_load_state("networkidle")
    page.locator(".leaflet-marker-icon").first.click()
    link = page.locator(".leaflet-popup-content a")
    assert link.inner_text() == "Naar de pagina van het lab"
    link.click()
    page.wait_for_url(f"{served}/labs/centrum")
    assert page.locator("h1").inner_text() == "Centrum"
    context.close()


def test_without_javascript_the_list_is_there_and_the_map_is_not(chromium, served):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served}/labs?stadsdeel=escamp")
    assert not page.is_visible("#lab-map")
    assert page.locator(".lab-card").count() == 3
    page.select_option("#filter-stadsdeel", "centrum")
    page.click("button[type=submit]")
    page.wait_for_url("**stadsdeel=centrum**")
    assert page.locator(".lab-card h3 a").all_inner_texts() == ["Centrum"]
    context.close()


def test_the_matching_map_loads_its_labs_from_their_own_address_under_the_csp(chromium, served):
    """/matching carries only the questions; its script fetches /matching/labs.json (connect-src 'self')."""
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" and "/tiles/" not in message.text and "404" not in message.text else None)
    with page.expect_response(f"{served}/matching/labs.json") as loaded:
        page.goto(f"{served}/matching")
    assert loaded.value.status == 200
    page.wait_for_selector("#matching-map[data-marker-count]", state="attached")
    titles = sorted(page.locator(".leaflet-marker-icon").evaluate_all("els => els.map(e => e.getAttribute('title'))"))
    assert titles == ["Centrum", "Oost 1", "Oost 2"]  # active labs with a location; no questions in this data
    assert page.locator("#matching-map").get_attribute("data-marker-count") == "3"
    assert problems == []
    context.close()
