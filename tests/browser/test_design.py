"""The look of the public pages in a real browser: the home hero, the footer on a short page, form control widths,
and no sideways scrolling at 320 px on the pages a visitor sees most.

With ``DESIGN_SHOTS=<folder>`` the walk also saves screenshots at 1280 and 320 px in Dutch and English there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from talkshow_app.series import public
from tests.browser.conftest import new_context

pytestmark = pytest.mark.browser

WIDTHS = (1280, 320)


@pytest.fixture(scope="module")
def walk(live_server) -> dict[str, str]:
    """name -> path of the pages to walk: home, an upcoming and a past talkshow, a speaker, a lab, the archive."""
    with live_server.app.app_context():
        programme = public.programme()
        upcoming, past = programme.upcoming[0].slug, programme.past[0].slug
    pages = live_server.site.html_pages()
    return {
        "home": "/",
        "talkshow": f"/talkshows/{upcoming}",
        "past-talkshow": f"/talkshows/{past}",
        "speaker": pages["/speakers/<slug>"],
        "lab": pages["/labs/<slug>"],
        "archive": "/archive",
    }


def test_the_home_hero_shows_the_next_talkshow_with_its_picture_and_one_button(page, live_server):
    with live_server.app.app_context():
        next_talkshow = next(t for t in public.next_talkshows(limit=4) if not t.is_cancelled)
        title, slug = next_talkshow.title, next_talkshow.slug
    page.goto(live_server.absolute("/"))
    hero = page.locator(".home-hero")
    assert hero.get_by_role("heading", name=title).is_visible()
    assert hero.locator("time").is_visible()
    image = hero.locator("img")
    assert image.count() == 1 and image.get_attribute("alt") is not None
    assert image.evaluate("e => e.complete && e.naturalWidth > 0")
    buttons = hero.locator("a.button, button")
    assert buttons.count() == 1
    assert buttons.get_attribute("href").endswith(f"/talkshows/{slug}")
    assert hero.bounding_box()["y"] < 400  # the first thing under the header


@pytest.mark.parametrize("path", ["/login", "/talkshows/bestaat-niet"])
def test_the_footer_touches_the_bottom_of_the_window_on_a_short_page(page, live_server, path):
    page.goto(live_server.absolute(path))
    assert page.evaluate("document.documentElement.scrollHeight") <= 900  # the page really is short
    bottom = page.locator(".site-footer").evaluate("e => e.getBoundingClientRect().bottom")
    assert bottom == pytest.approx(900, abs=1)


@pytest.mark.parametrize("width", WIDTHS)
def test_selects_are_as_wide_as_text_inputs_in_a_form(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.absolute("/questions/new"))
    # Per box the controls sit in (the form itself or one of its fieldsets): every select as wide as every input.
    widths = page.locator("form.question-form").evaluate(
        """form => {
          const boxes = {};
          for (const e of form.querySelectorAll("input[type=text], input[type=email], select:not([multiple])")) {
            const set = e.closest("fieldset");
            const box = set ? [...form.querySelectorAll("fieldset")].indexOf(set) : -1;
            (boxes[box] = boxes[box] || []).push([e.tagName, Math.round(e.getBoundingClientRect().width)]);
          }
          return Object.values(boxes);
        }"""
    )
    mixed = [box for box in widths if {tag for tag, _ in box} == {"INPUT", "SELECT"}]
    assert mixed, widths  # the question form has a box with both
    for box in mixed:
        assert len({width for _, width in box}) == 1, box


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_main_pages_never_scroll_sideways_at_320_px(browser, live_server, walk, language):
    shots = os.environ.get("DESIGN_SHOTS")
    context = new_context(browser)
    try:
        tab = context.new_page()
        for width in WIDTHS:
            tab.set_viewport_size({"width": width, "height": 900})
            for name, path in walk.items():
                separator = "&" if "?" in path else "?"
                tab.goto(live_server.absolute(f"{path}{separator}lang={language}"))
                tab.wait_for_load_state("load")
                assert tab.locator("html").get_attribute("lang") == language
                overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, (name, width, overflow)
                if shots:
                    Path(shots).mkdir(parents=True, exist_ok=True)
                    tab.screenshot(path=f"{shots}/{name}-{width}-{language}.png", full_page=True)
    finally:
        context.close()
