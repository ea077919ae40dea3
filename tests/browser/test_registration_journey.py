"""A visitor registers with the keyboard only, gets the mail, opens the link, downloads the invite
and cancels; the person on the waiting list is promoted and told so by mail."""
from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from talkshow_app.extensions import db
from talkshow_app.series.models import Talkshow, TalkshowStatus, Theme, Venue
from tests.mailing.smtp import text_part

from .audit import axe_violations, describe
from .conftest import new_context

pytestmark = pytest.mark.browser

KEYBOARD_EMAIL = "toetsenbord.bezoeker@example.org"
WAITING_EMAIL = "wachtlijst.bezoeker@example.org"


@pytest.fixture
def small_talkshow(live_server) -> str:
    """A published talkshow with one seat, so the second person lands on the waiting list."""
    with live_server.app.app_context():
        starts_at = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=30)
        talkshow = Talkshow(
            title="Eén stoel vrij",
            slug="een-stoel-vrij",
            theme=db.session.scalars(select(Theme)).first(),
            venue=db.session.scalars(select(Venue)).first(),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            capacity=1,
            status=TalkshowStatus.PUBLISHED,
            registration_opens_at=starts_at - timedelta(days=60),
        )
        db.session.add(talkshow)
        db.session.commit()
        db.session.remove()
    return "/talkshows/een-stoel-vrij"


def tab_to(page, description: str, predicate_js: str, limit: int = 150) -> None:
    """Press Tab until the focused element matches; the keyboard is the only way in."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!(el && ({predicate_js})); }}"):
            return
    raise AssertionError(f"Tab never reached {description}")


def wait_for_mail(live_server, address: str, count: int, timeout: float = 15.0) -> list:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mails = live_server.smtp.inbox.to(address)
        if len(mails) >= count:
            return mails
        time.sleep(0.1)
    raise AssertionError(f"{address} got {len(live_server.smtp.inbox.to(address))} mails, expected {count}")


def personal_link(live_server, mail) -> str:
    body = text_part(mail, "plain") or ""
    found = re.search(re.escape(live_server.url) + r"/registrations/[A-Za-z0-9_\-]+", body)
    assert found, f"no personal link in the mail:\n{body}"
    return found.group(0)


def register_with_the_keyboard(page, name: str, email: str) -> None:
    tab_to(page, "the name field", "el.name === 'name'")
    page.keyboard.type(name)
    tab_to(page, "the e-mail field", "el.name === 'email'")
    page.keyboard.type(email)
    tab_to(page, "the consent checkbox", "el.name === 'consent'")
    page.keyboard.press("Space")
    assert page.evaluate("() => document.activeElement.checked"), "Space did not tick the consent box"
    tab_to(page, "the register button", "el.tagName === 'BUTTON' && el.closest('form.registration-form')")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_register_by_keyboard_cancel_and_the_waiting_list_moves_up(live_server, page, browser, small_talkshow, tmp_path):
    # 1. Register without a mouse.
    page.goto(live_server.absolute(small_talkshow))
    register_with_the_keyboard(page, "Kees Toetsenbord", KEYBOARD_EMAIL)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == [], describe(axe_violations(page))

    # 2. The confirmation mail carries the personal link; opening it shows a confirmed seat.
    mail = wait_for_mail(live_server, KEYBOARD_EMAIL, 1)[0]
    link = personal_link(live_server, mail)
    page.goto(link)
    assert "Bevestigd" in page.locator("main").inner_text() or "bevestigd" in page.locator("main").inner_text()
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    # 3. Someone else registers (with a mouse, in their own browser) and is put on the waiting list.
    other = new_context(browser)
    try:
        other_page = other.new_page()
        other_page.goto(live_server.absolute(small_talkshow))
        form = other_page.locator("form.registration-form")
        form.locator("[name=name]").fill("Wendy Wachtlijst")
        form.locator("[name=email]").fill(WAITING_EMAIL)
        form.locator("[name=consent]").check()
        form.locator("button[type=submit]").click()
        other_page.wait_for_load_state()
        waiting_link = personal_link(live_server, wait_for_mail(live_server, WAITING_EMAIL, 1)[0])
        other_page.goto(waiting_link)
        assert "wachtlijst" in other_page.locator("main").inner_text().lower()
    finally:
        other.close()

    # 4. Download the invite with the keyboard.
    tab_to(page, "the invite link", "el.tagName === 'A' && el.getAttribute('href').endsWith('invite.ics')")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    invite = download_info.value
    saved = tmp_path / invite.suggested_filename
    invite.save_as(saved)
    assert saved.suffix == ".ics"
    ics = saved.read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in ics and "BEGIN:VEVENT" in ics and "/talkshows/een-stoel-vrij" in ics

    # 5. Cancel with the keyboard: a page asks first (no JavaScript), then the seat goes to the waiting list.
    tab_to(page, "the cancel button", "el.tagName === 'BUTTON' && (el.form.action || '').endsWith('/cancel')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "annuleren?" in page.locator("h1").inner_text().lower(), "cancelling asks for confirmation first"
    tab_to(page, "the confirm button", "el.tagName === 'BUTTON' && el.form.method === 'post'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "geannuleerd" in page.locator("main").inner_text().lower()

    promoted = wait_for_mail(live_server, WAITING_EMAIL, 2)[-1]
    check = new_context(browser)
    try:
        check_page = check.new_page()
        check_page.goto(personal_link(live_server, promoted))
        assert "bevestigd" in check_page.locator("main").inner_text().lower()
    finally:
        check.close()
