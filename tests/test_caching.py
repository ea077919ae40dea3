"""The page cache: anonymous visitors share rendered public pages; every change shows at once; nothing personal."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select

from talkshow_app import create_app
from talkshow_app.caching import page_cache
from talkshow_app.extensions import db as _db
from talkshow_app.registrations.models import Registration

from .conftest import IsolatedClient, base_config
from .topology import processes as proc

CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


@pytest.fixture
def app_config(app_config: dict[str, Any], tmp_path) -> dict[str, Any]:
    return app_config | {
        "PAGE_CACHE_ENABLED": True,
        "PAGE_CACHE_VERSION_FILE": str(tmp_path / "page-version"),
        "MAIL_SEND_AFTER_REQUEST": False,  # the outbox keeps the mail; no SMTP server needed
    }


def without_tokens(page: str) -> str:
    return CSRF_FIELD.sub("csrf", page)


def register(client, slug: str, email: str, token: str | None = None):
    data = {"name": "Noor de Vries", "email": email, "consent": "y"}
    if token:
        data["csrf_token"] = token
    return client.post(f"/talkshows/{slug}/register", data=data)


def test_a_second_anonymous_visit_gets_the_stored_page_without_touching_the_database(app, client, db, make_talkshow):
    url = f"/talkshows/{make_talkshow(title='Wonen in de wijk').slug}"
    first = client.get(url)
    statements: list[str] = []
    engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        second = app.test_client().get(url)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert first.headers["X-Page-Cache"] == "miss"
    assert second.headers["X-Page-Cache"] == "hit"
    # The same page, but each visitor has their own form token.
    assert without_tokens(second.get_data(as_text=True)) == without_tokens(first.get_data(as_text=True))
    assert "Wonen in de wijk" in second.get_data(as_text=True)
    assert statements == []


def test_a_registration_changes_the_seat_count_on_the_next_view(client, db, make_talkshow):
    talkshow = make_talkshow(capacity=50)
    url = f"/talkshows/{talkshow.slug}?lang=en"
    assert "50 seats left of 50." in client.get(url).get_data(as_text=True)
    assert client.get(url).headers["X-Page-Cache"] == "hit"

    assert register(client, talkshow.slug, "noor@example.org").status_code == 303

    again = client.get(url)
    assert again.headers["X-Page-Cache"] == "miss"
    assert "49 seats left of 50." in again.get_data(as_text=True)
    home = client.get("/?lang=en").get_data(as_text=True)
    assert "49 seats left" in home


def test_an_edited_talkshow_shows_at_once(client, db, make_talkshow):
    talkshow = make_talkshow(title="Oude titel")
    assert "Oude titel" in client.get("/").get_data(as_text=True)
    assert client.get("/").headers["X-Page-Cache"] == "hit"

    talkshow.title = "Nieuwe titel"
    db.session.commit()

    page = client.get("/").get_data(as_text=True)
    assert "Nieuwe titel" in page and "Oude titel" not in page


def test_languages_are_cached_separately_however_they_are_chosen(app, db, make_talkshow):
    make_talkshow()
    dutch = app.test_client().get("/")
    assert '<html lang="nl">' in dutch.get_data(as_text=True)
    assert "Accept-Language" in dutch.headers["Vary"] and "Cookie" in dutch.headers["Vary"]
    assert '<html lang="en">' in app.test_client().get("/?lang=en").get_data(as_text=True)
    browser = app.test_client().get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in browser.get_data(as_text=True)
    chooser = app.test_client()
    chooser.get("/language/en")  # remembered in this visitor's session
    assert '<html lang="en">' in chooser.get("/").get_data(as_text=True)

    again = app.test_client().get("/")
    assert again.headers["X-Page-Cache"] == "hit"
    assert '<html lang="nl">' in again.get_data(as_text=True)


def test_a_logged_in_organiser_never_gets_or_leaves_a_cached_page(client, db, make_talkshow, make_user, login):
    make_talkshow()
    anonymous = client.application.test_client()
    anonymous.get("/")
    assert anonymous.get("/").headers["X-Page-Cache"] == "hit"

    login(make_user())
    page = client.get("/")
    assert "X-Page-Cache" not in page.headers
    assert "Organiser area" in client.get("/?lang=en").get_data(as_text=True)
    assert "no-store" in page.headers["Cache-Control"]
    # ... and what the organiser saw is not what the next anonymous visitor gets.
    assert "Log out" not in anonymous.get("/?lang=en").get_data(as_text=True)


def test_personal_pages_are_never_cached(client, db, make_talkshow):
    talkshow = make_talkshow()
    register(client, talkshow.slug, "noor@example.org")
    registration = db.session.scalar(select(Registration))
    token = "personal-token-for-the-test"
    registration.token_hash = hashlib.sha256(token.encode()).hexdigest()
    db.session.commit()
    for _ in range(2):
        own = client.get(f"/registrations/{token}")
        assert own.status_code == 200
        assert "X-Page-Cache" not in own.headers
        assert own.headers["Cache-Control"] == "no-store"


def test_a_pending_message_is_shown_not_a_cached_page(client, db, make_talkshow):
    talkshow = make_talkshow()
    client.get(f"/talkshows/{talkshow.slug}")
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Een melding voor u alleen")]
    page = client.get(f"/talkshows/{talkshow.slug}")
    assert "X-Page-Cache" not in page.headers
    assert "Een melding voor u alleen" in page.get_data(as_text=True)
    assert "Een melding voor u alleen" not in client.get(f"/talkshows/{talkshow.slug}").get_data(as_text=True)


def test_pages_without_a_form_answer_304_to_a_matching_etag(client, db, make_talkshow):
    make_talkshow()
    first = client.get("/labs")
    assert first.headers["Cache-Control"].startswith("public")
    assert "Cookie" in first.headers["Vary"]
    again = client.get("/labs", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.csrf
def test_two_visitors_of_a_cached_page_get_their_own_valid_token_and_both_can_register(app, db, make_talkshow):
    talkshow = make_talkshow(capacity=10)
    url = f"/talkshows/{talkshow.slug}"
    first, second = app.test_client(), app.test_client()
    page_a = first.get(url)
    page_b = second.get(url)
    assert (page_a.headers["X-Page-Cache"], page_b.headers["X-Page-Cache"]) == ("miss", "hit")
    assert page_b.headers["Cache-Control"] == "private, no-cache"
    token_a = CSRF_FIELD.search(page_a.get_data(as_text=True)).group(1)
    token_b = CSRF_FIELD.search(page_b.get_data(as_text=True)).group(1)
    assert token_a != token_b
    assert token_a not in page_b.get_data(as_text=True)

    assert register(second, talkshow.slug, "tweede@example.org", token_b).status_code == 303
    assert register(first, talkshow.slug, "eerste@example.org", token_a).status_code == 303
    assert register(first, talkshow.slug, "derde@example.org", token_b).status_code == 400  # B's token is B's
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 2


def test_a_page_is_kept_no_longer_than_until_registration_opens(app, db, make_talkshow):
    now = datetime.now(UTC).replace(microsecond=0)
    make_talkshow(registration_opens_at=now + timedelta(seconds=30), starts_at=now + timedelta(days=3))
    with app.test_request_context("/"):
        pages = page_cache()
        assert pages is not None
        assert pages.timeout("some-version", now) <= 31


@pytest.fixture
def redis_url(tmp_path):
    binary = proc.need_tool(
        "redis-server", proc.binary("redis-server", "/usr/bin/redis-server"), "apt-get install redis-server"
    )
    service, port = proc.redis(tmp_path, binary)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        service.stop()


def test_with_redis_two_app_instances_share_pages_and_the_version(
    migrated_schema, tmp_path, redis_url, db, make_talkshow
):
    talkshow = make_talkshow(title="Gedeelde pagina")
    settings = base_config(
        migrated_schema, CACHE_REDIS_URL=redis_url, PAGE_CACHE_ENABLED=True, MAIL_SEND_AFTER_REQUEST=False
    )
    instances = [create_app(settings), create_app(settings)]
    for instance in instances:
        instance.test_client_class = IsolatedClient
    url = f"/talkshows/{talkshow.slug}?lang=en"
    assert instances[0].test_client().get(url).headers["X-Page-Cache"] == "miss"
    assert instances[1].test_client().get(url).headers["X-Page-Cache"] == "hit"

    assert register(instances[0].test_client(), talkshow.slug, "noor@example.org").status_code == 303
    page = instances[1].test_client().get(url)
    assert page.headers["X-Page-Cache"] == "miss"
    assert "49 seats left of 50." in page.get_data(as_text=True)
    for instance in instances:
        with instance.app_context():
            _db.engine.dispose()


def test_without_redis_workers_share_the_version_through_the_instance_folder(app, client, db, make_talkshow, tmp_path):
    talkshow = make_talkshow(title="Eerst")
    client.get("/")
    version_file = tmp_path / "page-version"
    before = version_file.read_text()
    talkshow.title = "Daarna"
    db.session.commit()
    assert version_file.read_text() != before  # what every other worker on this host reads before serving
