"""Venue and lab coordinates: a click on the map fills the fields, dragging moves them, typing moves the pin."""

from __future__ import annotations

import pytest

from .conftest import log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/organiser/venues/new", "/organiser/labs/new"])
def test_a_click_on_the_map_fills_the_coordinates(live_server, page, path):
    log_in(page, live_server, live_server.make_user("organiser", f"pin{len(path)}@example.org"))
    page.goto(live_server.absolute(path))
    picker = page.locator("#map-picker")
    picker.wait_for(state="visible")
    assert page.locator("input[name=latitude]").input_value() == ""
    picker.scroll_into_view_if_needed()
    box = picker.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    latitude = float(page.locator("input[name=latitude]").input_value())
    longitude = float(page.locator("input[name=longitude]").input_value())
    assert 52.0 < latitude < 52.16 and 4.2 < longitude < 4.4  # the middle of The Hague
    assert page.locator("#map-picker .leaflet-marker-icon").count() == 1

    # Dragging the pin to the right raises the longitude.
    pin = page.locator("#map-picker .leaflet-marker-icon").bounding_box()
    page.mouse.move(pin["x"] + pin["width"] / 2, pin["y"] + pin["height"] - 2)
    page.mouse.down()
    page.mouse.move(pin["x"] + 120, pin["y"] + pin["height"] - 2, steps=8)
    page.mouse.up()
    assert float(page.locator("input[name=longitude]").input_value()) > longitude


def test_without_javascript_the_fields_remain(live_server, browser):
    ctx = browser.new_context(locale="nl-NL", java_script_enabled=False)
    try:
        page = ctx.new_page()
        log_in(page, live_server, live_server.make_user("organiser", "pin-nojs@example.org"))
        page.goto(live_server.absolute("/organiser/venues/new"))
        assert page.locator("#map-picker").is_hidden()
        assert page.locator("input[name=latitude]").is_visible()
    finally:
        ctx.close()
