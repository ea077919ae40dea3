"""The secret link over HTTPS: its forms work with CSRF on, it never leaves the origin, and guessing it is limited."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from talkshow_app.registrations.models import Registration, RegistrationStatus

HTTPS = "https://talkshows.example.org"
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
URL_ATTRIBUTES = re.compile(r'(?:href|src|action|content)="([^"]*)"')


def open_own_page(client, token: str):
    page = client.get(f"/registrations/{token}", base_url=HTTPS)
    assert page.status_code == 200
    match = CSRF_FIELD.search(page.get_data(as_text=True))
    return page, match.group(1) if match else None


@pytest.mark.csrf
@pytest.mark.parametrize(("action", "status_after"), [("cancel", RegistrationStatus.CANCELLED),
                                                      ("delete", RegistrationStatus.CANCELLED)])
def test_cancel_and_delete_my_data_work_over_https_with_the_referrer_a_browser_sends(
    client, db, smtp, make_talkshow, make_registration, action, status_after
):
    registration = make_registration(make_talkshow(), "confirmed", name="Sanne Https")
    page, csrf_token = open_own_page(client, registration.token)
    assert csrf_token, "the page's forms carry a CSRF token"
    assert page.headers["Referrer-Policy"] == "same-origin"

    own_url = f"{HTTPS}/registrations/{registration.token}"
    url = f"/registrations/{registration.token}/{action}"
    # What a browser sent under the old "no-referrer": no Referer, and the strict HTTPS check refused it.
    assert client.post(url, base_url=HTTPS, data={"csrf_token": csrf_token}).status_code == 400
    # Under "same-origin" the browser sends the page's own URL.
    response = client.post(url, base_url=HTTPS, data={"csrf_token": csrf_token}, headers={"Referer": own_url})
    assert response.status_code in {200, 302, 303}, response.get_data(as_text=True)[:500]
    assert response.headers["Referrer-Policy"] == "same-origin"
    db.session.expire_all()
    stored = db.session.get(Registration, registration.id)
    assert stored.status == status_after
    assert (stored.anonymised_at is not None) == (action == "delete")


def test_the_own_page_links_to_no_other_origin_with_the_token(client, db, make_talkshow, make_registration):
    registration = make_registration(make_talkshow(), "confirmed")
    page, _csrf = open_own_page(client, registration.token)
    html = page.get_data(as_text=True)
    assert registration.token in html, "the page's own forms and links carry it"
    for url in URL_ATTRIBUTES.findall(html):
        if registration.token in url:
            assert urlsplit(url).netloc in {"", "talkshows.example.org"}, url
    foreign = [u for u in re.findall(r"https?://[^\s\"'<>]+", html) if urlsplit(u).netloc != "talkshows.example.org"]
    assert not any(registration.token in u for u in foreign), foreign
    invite = client.get(f"/registrations/{registration.token}/invite.ics", base_url=HTTPS)
    assert invite.headers["Referrer-Policy"] == "same-origin"


class TestGuessingLinks:
    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"RATELIMIT_ENABLED": True}

    def test_wrong_tokens_are_stopped_after_20_a_minute_on_every_route_together(
        self, client, db, make_talkshow, make_registration
    ):
        registration = make_registration(make_talkshow(), "confirmed")
        tries = [
            lambda n: client.get(f"/registrations/geraden-{n}"),
            lambda n: client.get(f"/registrations/geraden-{n}/invite.ics"),
            lambda n: client.post(f"/registrations/geraden-{n}/cancel"),
            lambda n: client.post(f"/registrations/geraden-{n}/delete"),
        ]
        statuses = [tries[n % 4](n).status_code for n in range(20)]
        assert statuses == [404] * 20
        blocked = client.get("/registrations/geraden-21")
        assert blocked.status_code == 429
        assert int(blocked.headers["Retry-After"]) > 0
        assert client.post("/registrations/geraden-22/delete").status_code == 429, "one limit for all routes"

        elsewhere = {"REMOTE_ADDR": "192.0.2.7"}
        own = client.get(f"/registrations/{registration.token}", environ_base=elsewhere)
        assert own.status_code == 200, "the guesser's limit is not someone else's"

    def test_using_a_valid_link_is_never_limited(self, client, db, make_talkshow, make_registration):
        registration = make_registration(make_talkshow(), "confirmed")
        statuses = set()
        for n in range(30):
            suffix = "/invite.ics" if n % 3 == 0 else ""
            statuses.add(client.get(f"/registrations/{registration.token}{suffix}").status_code)
        assert statuses == {200}
        assert client.post(f"/registrations/{registration.token}/cancel").status_code == 303
        assert client.get(f"/registrations/{registration.token}").status_code == 200
