"""Pictures in a real browser: an organiser uploads one through the form, and every <img> visitors get has alt text."""

from __future__ import annotations

import pytest

from talkshow_app.series import public
from tests.browser.conftest import log_in, new_context
from tests.images.conftest import jpeg_with_gps_and_rotation

pytestmark = pytest.mark.browser

IMAGES = """els => els.map(e => ({
  alt: e.getAttribute('alt'), src: e.currentSrc || e.src, eager: e.loading !== 'lazy',
  loaded: e.complete && e.naturalWidth > 0,
}))"""


def test_every_image_on_home_and_a_talkshow_has_alt_text(browser, page, live_server, tmp_path):
    with live_server.app.app_context():
        talkshow = public.next_talkshows(limit=1)[0]
        talkshow_id, slug = talkshow.id, talkshow.slug
    log_in(page, live_server, live_server.make_user("organiser", "beeldredactie@example.org"))
    page.goto(live_server.absolute(f"/organiser/talkshows/{talkshow_id}"))
    page.get_by_role("link", name="Een afbeelding uploaden").click()
    photo = tmp_path / "zaal.jpg"
    photo.write_bytes(jpeg_with_gps_and_rotation())
    page.get_by_label("Afbeelding (JPEG, PNG, WebP of GIF)").set_input_files(str(photo))
    page.get_by_role("button", name="Uploaden").click()
    assert page.get_by_text("Beschrijf wat er op de afbeelding staat").first.is_visible()  # alt text is required
    page.get_by_label("Afbeelding (JPEG, PNG, WebP of GIF)").set_input_files(str(photo))
    page.get_by_label("Wat er op de afbeelding staat (alt-tekst)").fill("Publiek in de zaal van de talkshow")
    page.get_by_role("button", name="Uploaden").click()
    assert page.get_by_text("De afbeelding is opgeslagen.").is_visible()

    visitor = new_context(browser)
    try:
        tab = visitor.new_page()
        for path in ("/", f"/talkshows/{slug}"):
            tab.goto(live_server.absolute(path))
            tab.wait_for_load_state("load")
            images = tab.eval_on_selector_all("img", IMAGES)
            assert images, path
            for image in images:
                assert image["alt"] is not None, (path, image["src"])
                if image["alt"] == "":  # only the drawn theme pictures are decorative here
                    assert "/media/drawn/theme-" in image["src"], (path, image["src"])
                if image["eager"]:
                    assert image["loaded"], (path, image["src"])
            uploaded = [image for image in images if "/media/images/" in image["src"]]
            assert uploaded, path
            assert {image["alt"] for image in uploaded} == {"Publiek in de zaal van de talkshow"}
        hero = tab.locator("img[alt='Publiek in de zaal van de talkshow']").first
        assert hero.evaluate("e => e.currentSrc").endswith(".webp")  # the browser took the WebP source
    finally:
        visitor.close()
