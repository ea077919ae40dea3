"""A real browser against the app served by a real WSGI server, with a real SMTP server.

* Chromium is the distribution's (``CHROMIUM_PATH`` or /usr/bin/chromium); nothing is ever
  downloaded. Missing on a developer machine: the browser tests skip and say how to install it.
  In CI (``CI=true``) a missing browser fails the run instead.
* The live server is werkzeug's threaded server on a free loopback port, serving an app built
  from ``base_config`` with CSRF on, PUBLIC_URL set to the server's own address, and mail going
  to an aiosmtpd server. Its database is the session's migrated test database holding every
  feature's demo data; the tables are emptied again when the browser tests are done.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from werkzeug.serving import make_server

from talkshow_app import create_app
from talkshow_app.extensions import db as _db
from talkshow_app.series.models import Talkshow, TalkshowStatus, Theme, Venue
from tests.conftest import base_config, empty_all_tables
from tests.factories import TEST_PASSWORD
from tests.mailing.smtp import SMTPServer
from tests.security.site_map import SiteMap, crawl, load_demo_data

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
INSTALL_HINT = "install the distribution's Chromium: `sudo apt-get install chromium` (or set CHROMIUM_PATH)"


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


def no_browser(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI needs a browser for the browser tests: {reason}", pytrace=False)
    pytest.skip(f"no browser: {reason}; {INSTALL_HINT}")


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """One Chromium for this package, stopped when the package is done: Playwright's sync API keeps
    an event loop running while it is started, and other packages start their own."""
    executable = chromium_path()
    if executable is None:
        no_browser(f"Chromium not found at {os.environ.get('CHROMIUM_PATH') or '/usr/bin/chromium'}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - dev extras not installed
        no_browser("the playwright package is missing (pip install -e '.[dev]')")
    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Exception as error:  # noqa: BLE001 - any launch failure means: no usable browser
        manager.stop()
        no_browser(f"Chromium at {executable} did not start ({error})")
    yield chromium
    chromium.close()
    manager.stop()


@dataclass
class LiveServer:
    url: str
    app: Flask
    smtp: SMTPServer
    site: SiteMap

    def absolute(self, path: str) -> str:
        return self.url + path

    def make_user(self, role: str, email: str) -> str:
        """An organiser-area account; returns its e-mail address (the password is TEST_PASSWORD)."""
        from talkshow_app.accounts import services

        with self.app.app_context():
            services.create_user(email, TEST_PASSWORD, role)
        return email


class _Holder:
    """Lets the server start (and learn its port) before the app that needs the port exists."""

    app: Flask | None = None

    def __call__(self, environ, start_response):
        assert self.app is not None
        return self.app(environ, start_response)


@pytest.fixture(scope="package")
def live_server(migrated_schema: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    smtp = SMTPServer()
    smtp.start()
    holder = _Holder()
    server = make_server("127.0.0.1", 0, holder, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    uploads: Path = tmp_path_factory.mktemp("live-uploads")
    holder.app = create_app(
        base_config(
            migrated_schema,
            PUBLIC_URL=url,
            WTF_CSRF_ENABLED=True,
            MAIL_SUPPRESS_SEND=False,
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=smtp.port,
            UPLOAD_FOLDER=str(uploads),
        )
    )
    app = holder.app
    with app.app_context():
        empty_all_tables()
    load_demo_data(app)
    site = crawl(app, app.test_client())
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=url, app=app, smtp=smtp, site=site)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        smtp.stop()
        with app.app_context():
            _db.session.remove()
            empty_all_tables()
            _db.engine.dispose()


# A 1x1 transparent PNG: map tiles from the internet are answered locally (tests never go online).
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6300010000050001a5f645400000000049454e44ae426082"
)


def new_context(browser) -> Any:
    """A fresh profile: Dutch, Amsterdam time, and no request leaves the loopback interface."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL", timezone_id="Europe/Amsterdam")
    ctx.set_default_timeout(10_000)

    def offline(route) -> None:
        if route.request.resource_type == "image":
            route.fulfill(status=200, content_type="image/png", body=BLANK_PNG)
        else:
            route.abort()

    ctx.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), offline)
    return ctx


@pytest.fixture
def context(browser) -> Iterator[Any]:
    """A fresh browser profile per test: no cookies carry over between journeys."""
    ctx = new_context(browser)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context) -> Any:
    return context.new_page()


def log_in(page, live_server: LiveServer, email: str, password: str = TEST_PASSWORD) -> None:
    page.goto(live_server.absolute("/login"))
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/organiser/**")


def add_open_talkshow(live_server: LiveServer, title: str, slug: str, capacity: int, days_ahead: int) -> str:
    """A published talkshow ``days_ahead`` days from now, registration open, with the demo's first theme
    and venue; returns its page's path."""
    with live_server.app.app_context():
        starts_at = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=days_ahead)
        _db.session.add(
            Talkshow(
                title=title,
                slug=slug,
                theme=_db.session.scalars(select(Theme)).first(),
                venue=_db.session.scalars(select(Venue)).first(),
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=2),
                capacity=capacity,
                status=TalkshowStatus.PUBLISHED,
                registration_opens_at=starts_at - timedelta(days=60),
            )
        )
        _db.session.commit()
        _db.session.remove()
    return f"/talkshows/{slug}"
