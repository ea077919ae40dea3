"""Chromium (Playwright, sync API) against the topology: HTTPS through nginx with the self-signed test certificate.

The browser comes from tests/browser/conftest.py's rules: the distribution's Chromium, never a download;
missing, it skips on a developer machine and fails under CI=true. No request leaves 127.0.0.1.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, no_browser
from tests.mailing.smtp import text_part

from .conftest import Topology


@contextmanager
def chromium(topology: Topology) -> Iterator[Callable[[], Any]]:
    """Yields ``new_context()``: a fresh Dutch browser profile that trusts the test certificate."""
    executable = chromium_path()
    if executable is None:
        no_browser("Chromium not found (CHROMIUM_PATH or /usr/bin/chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev extras not installed
        no_browser("the playwright package is missing (pip install -e '.[dev]')")
    manager = sync_playwright().start()
    contexts: list[Any] = []
    try:
        try:
            browser = manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except Exception as error:  # noqa: BLE001 - any launch failure means: no usable browser
            no_browser(f"Chromium at {executable} did not start ({error})")

        def new_context() -> Any:
            context = browser.new_context(ignore_https_errors=True, locale="nl-NL", timezone_id="Europe/Amsterdam")
            context.set_default_timeout(15_000)
            context.route(re.compile(r"^(?!https://127\.0\.0\.1[:/])"), lambda route: route.abort())
            contexts.append(context)
            return context

        yield new_context
        for context in contexts:
            context.close()
        browser.close()
    finally:
        manager.stop()


def register_in_browser(new_context: Callable[[], Any], topology: Topology, slug: str, name: str, email: str) -> None:
    page = new_context().new_page()
    page.goto(f"{topology.url}/talkshows/{slug}/register")
    form = page.locator("form.registration-form")
    form.locator("[name=name]").fill(name)
    form.locator("[name=email]").fill(email)
    form.locator("[name=consent]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url.endswith(f"/talkshows/{slug}/registered"), f"{name}: {page.url}\n{page.content()[:500]}"


def cancel_from_mail(new_context: Callable[[], Any], topology: Topology, mail: EmailMessage) -> tuple[int, str]:
    """Open the personal link from the mail, press "cancel" and confirm on the page that asks; the status and text
    of the page that follows the confirmation."""
    body = text_part(mail, "plain") or ""
    found = re.search(re.escape(topology.url) + r"/registrations/[\w-]+", body)
    assert found, f"no personal link to {topology.url} in the mail:\n{body}"
    page = new_context().new_page()
    page.goto(found.group(0))
    assert "bevestigd" in page.locator("main").inner_text().lower()
    with page.expect_navigation():
        page.get_by_role("button", name="Mijn aanmelding annuleren").click()
    assert "annuleren?" in page.locator("h1").inner_text().lower(), "cancelling asks for confirmation first"
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Ja, annuleer mijn aanmelding").click()
    response = navigation.value
    return (response.status if response else 0), page.locator("body").inner_text()
