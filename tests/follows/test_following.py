"""Following through the site: double opt-in, no enumeration, the follower's page, one-click unsubscribe."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from talkshow_app.follows.models import Follower
from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.series.models import TalkshowStatus

from .conftest import MORNING, SITE, deliver, send, token_of


def _follow(client, email="lotte@example.org", **fields):
    data = {"email": email, "consent": "y", **fields}
    return client.post("/follow", data=data)


def _follower(db, email="lotte@example.org") -> Follower | None:
    db.session.rollback()
    return db.session.scalar(select(Follower).where(Follower.email == email))


def test_double_opt_in_sends_only_the_confirmation_until_the_link_is_used(
    app, db, client, smtp, make_theme, make_talkshow
):
    theme = make_theme(slug="wonen")
    response = _follow(client, "Lotte.Visser@Example.org", themes=["wonen"])
    assert response.status_code == 303 and response.headers["Location"].endswith("/follow/sent")
    deliver()
    (mail,) = smtp.inbox.to("lotte.visser@example.org")
    assert "Bevestig" in mail["Subject"]
    follower = _follower(db, "lotte.visser@example.org")
    assert follower is not None and not follower.is_confirmed
    token = token_of(follower)
    assert f"/follow/{token}" in mail.get_body(("plain",)).get_content()
    assert follower.token_hash != token and token not in follower.link_key  # only a hash is stored

    talkshow = make_talkshow(theme=theme, status=TalkshowStatus.DRAFT)
    talkshow.status = TalkshowStatus.PUBLISHED
    db.session.commit()
    send(MORNING.replace(hour=20))
    assert len(smtp.inbox.to("lotte.visser@example.org")) == 1  # unconfirmed: nothing but the confirmation

    page = client.get(f"/follow/{token}")
    assert page.status_code == 200 and "Nog niet bevestigd" in page.get_data(as_text=True)
    assert client.post(f"/follow/{token}/confirm").status_code == 303
    assert _follower(db, "lotte.visser@example.org").is_confirmed
    other = make_talkshow(theme=theme, status=TalkshowStatus.DRAFT, title="Wonen in de Schilderswijk")
    other.status = TalkshowStatus.PUBLISHED
    db.session.commit()
    send(MORNING.replace(day=20))
    mails = smtp.inbox.to("lotte.visser@example.org")
    assert len(mails) == 2 and "Wonen in de Schilderswijk" in mails[1]["Subject"]


def test_the_answer_is_the_same_for_a_new_and_a_known_address(app, db, client, make_follower):
    make_follower("bekend@example.org", link_sent_at=None)
    known = _follow(client, "bekend@example.org")
    new = _follow(client, "nieuw@example.org")
    assert (known.status_code, known.headers["Location"]) == (new.status_code, new.headers["Location"])
    assert client.get(known.headers["Location"]).get_data() == client.get(new.headers["Location"]).get_data()
    # the known, confirmed address gets its page link, not a second follower and not changed choices
    assert db.session.scalar(select(func.count()).select_from(Follower)) == 2
    templates = db.session.scalars(
        select(OutboxMessage.template).where(OutboxMessage.to_address == "bekend@example.org")
    ).all()
    assert "follows/email/already" in templates


def test_a_second_request_within_minutes_sends_no_second_mail(app, db, client):
    _follow(client)
    _follow(client)
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


@pytest.mark.parametrize(
    "data, field",
    [
        ({"email": "geen-adres", "consent": "y"}, "email"),
        ({"email": "lotte@example.org"}, "consent"),
        ({"email": "lotte@example.org", "consent": "y", "themes": ["bestaat-niet"]}, "themes"),
        ({"email": "lotte@example.org", "consent": "y", "stadsdelen": ["amsterdam-noord"]}, "stadsdelen"),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(app, db, client, data, field):
    response = client.post("/follow", data=data)
    assert response.status_code == 400
    assert 'id="' + field + '-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Follower)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


@pytest.mark.csrf
def test_one_click_unsubscribe_works_without_session_or_csrf_and_only_for_that_follower(app, db, make_follower):
    lotte, lotte_token = make_follower("lotte@example.org")
    make_follower("sem@example.org")
    fresh = app.test_client()  # no session cookie, no CSRF token
    page = fresh.get(f"/follow/unsubscribe/{lotte_token}")
    assert page.status_code == 200 and _follower(db, "lotte@example.org") is not None  # a GET changes nothing
    response = fresh.post(
        f"/follow/unsubscribe/{lotte_token}",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert _follower(db, "lotte@example.org") is None
    assert _follower(db, "sem@example.org") is not None
    assert fresh.post(f"/follow/unsubscribe/{lotte_token}", data={"other": "x"}).status_code == 400


@pytest.mark.csrf
def test_the_followers_page_still_needs_the_csrf_token(app, db, make_follower):
    _follower_row, token = make_follower()
    assert app.test_client().post(f"/follow/{token}/delete").status_code in (302, 303, 400)
    assert _follower(db) is not None


def test_the_page_changes_choices_exports_and_deletes(app, db, client, make_follower, make_theme):
    make_theme(slug="klimaat")
    _row, token = make_follower()
    response = client.post(
        f"/follow/{token}", data={"themes": ["klimaat"], "stadsdelen": ["laak"], "frequency": "weekly"}
    )
    assert response.status_code == 303
    exported = client.get(f"/follow/{token}/export.json")
    assert exported.headers["Cache-Control"] == "no-store"
    data = json.loads(exported.get_data())
    assert data["email"] == "lotte@example.org" and data["themes"] == ["klimaat"]
    assert data["stadsdelen"] == ["Laak"] and data["frequency"] == "weekly" and data["expires_at"]
    assert client.post(f"/follow/{token}", data={"frequency": "hourly"}).status_code == 400
    assert client.post(f"/follow/{token}/delete").status_code == 200
    assert _follower(db) is None
    assert client.get(f"/follow/{token}").status_code == 404


def test_an_unknown_link_is_not_found(client):
    assert client.get("/follow/" + "x" * 43).status_code == 404


def test_the_follow_form_is_offered_on_home_theme_talkshow_and_lab_pages(app, db, client, make_talkshow, make_lab):
    talkshow = make_talkshow()
    lab = make_lab(stadsdeel="Escamp")
    pages = {
        "/": None,
        f"/talkshows?theme={talkshow.theme.slug}": f'value="{talkshow.theme.slug}"',
        f"/talkshows/{talkshow.slug}": f'value="{talkshow.theme.slug}"',
        f"/labs/{lab.slug}": 'value="escamp"',
        "/labs?stadsdeel=escamp": 'value="escamp"',
    }
    for url, choice in pages.items():
        html = client.get(url).get_data(as_text=True)
        assert 'action="/follow"' in html, url
        assert choice is None or choice in html, url


def test_the_privacy_statement_covers_followers(client):
    assert "Als u een thema, een stadsdeel of de reeks volgt" in client.get("/privacy").get_data(as_text=True)


def test_follow_mails_carry_rfc_8058_headers_as_delivered(app, db, client, smtp):
    _follow(client)
    deliver()
    (mail,) = smtp.inbox.to("lotte@example.org")
    token = token_of(_follower(db))
    assert mail["List-Unsubscribe"] == f"<{SITE.public_url}/follow/unsubscribe/{token}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
