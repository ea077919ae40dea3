"""Registering: bad input stores nothing, closed talkshows refuse clearly, the same address never twice."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.registrations.models import Registration
from talkshow_app.registrations.tokens import token_hash
from talkshow_app.series.models import TalkshowStatus

from ..mailing.smtp import text_part
from .helpers import register, token_in


def _stored(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "geen-adres"}, "email", "Vul een geldig e-mailadres in"),
        ({"email": ""}, "email", "Vul uw e-mailadres in"),
        ({"consent": ""}, "consent", "Ga akkoord met de privacyverklaring"),
        ({"name": ""}, "name", "Vul uw naam in"),
        ({"name": "x" * 121}, "name", "Gebruik maximaal 120 tekens"),
        ({"name": "<script>alert(1)</script>"}, "name", "Een naam mag geen punthaken of accolades bevatten"),
        ({"organisation": "o" * 161}, "organisation", "Gebruik maximaal 160 tekens"),
        ({"accessibility_needs": "a" * 501}, "accessibility_needs", "Gebruik maximaal 500 tekens"),
        ({"affiliation": "koning"}, "affiliation", ""),
    ],
)
def test_bad_input_gives_field_messages_and_stores_nothing(client, db, smtp, make_talkshow, data, field, message):
    make_talkshow(slug="regels")
    form = {"name": "Anna", "email": "anna@example.org", "consent": "y"} | data
    if not form["consent"]:
        del form["consent"]
    response = client.post("/talkshows/regels/register", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert message in page
    assert "<script>alert(1)</script>" not in page
    assert _stored(db) == 0
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert len(smtp.inbox) == 0


def test_a_huge_post_is_refused_without_a_500(client, db, make_talkshow):
    make_talkshow(slug="groot")
    response = client.post("/talkshows/groot/register", data={"name": "A", "email": "a@example.org", "consent": "y",
                                                               "accessibility_needs": "x" * (600 * 1024)})
    assert response.status_code in (400, 413)
    assert _stored(db) == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": TalkshowStatus.CANCELLED}, "Deze talkshow is geannuleerd"),
        ({"starts_at": datetime.now(UTC) - timedelta(days=2)}, "heeft al plaatsgevonden"),
        ({"registration_opens_at": datetime.now(UTC) + timedelta(days=2)}, "nog niet geopend"),
        ({"registration_closes_at": datetime.now(UTC) - timedelta(hours=1)}, "is gesloten"),
    ],
)
def test_closed_talkshows_refuse_with_a_clear_message(client, db, smtp, make_talkshow, fields, message):
    make_talkshow(slug="dicht", **fields)
    page = client.get("/talkshows/dicht").get_data(as_text=True)
    assert message in page
    assert 'action="/talkshows/dicht/register"' not in page, "no form while closed"
    assert 'action="/talkshows/dicht/resend"' in page, "the lost-link form stays: it leads to delete-my-data"
    response = register(client, "dicht", "Anna", "anna@example.org")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _stored(db) == 0 and len(smtp.inbox) == 0


def test_a_draft_talkshow_is_not_found(client, db, make_talkshow):
    make_talkshow(slug="concept", status=TalkshowStatus.DRAFT)
    assert register(client, "concept", "Anna", "anna@example.org").status_code == 404
    assert client.post("/talkshows/bestaat-niet/register").status_code == 404


def test_the_same_address_twice_makes_no_second_registration_and_mails_a_fresh_link(client, db, smtp, make_talkshow):
    make_talkshow(slug="twee")
    first = register(client, "twee", "Anna de Vries", "anna@example.org")
    again = register(client, "twee", "Iemand Anders", "Anna@Example.org")
    assert first.status_code == again.status_code == 303
    assert first.headers["Location"] == again.headers["Location"], "the page does not tell who registered before"
    assert _stored(db) == 1
    registration = db.session.scalar(select(Registration))
    assert registration.name == "Anna de Vries", "a second attempt changes nothing"
    confirmation, link_again = smtp.inbox.to("anna@example.org")
    assert "al aangemeld" in text_part(link_again, "plain")
    old, new = token_in(confirmation), token_in(link_again)
    assert old != new
    assert client.get(f"/registrations/{new}").status_code == 200
    assert client.get(f"/registrations/{old}").status_code == 404, "only the newest link works"


def test_only_a_hash_of_the_token_is_stored(client, db, smtp, make_talkshow):
    make_talkshow(slug="hash")
    register(client, "hash", "Anna", "anna@example.org")
    token = token_in(smtp.inbox.to("anna@example.org")[0])
    assert len(token) >= 43  # 32 random bytes, url-safe base64: 256 bits
    registration = db.session.scalar(select(Registration))
    assert registration.token_hash == token_hash(token)
    assert token not in registration.token_hash


def test_resend_form_mails_the_link_and_says_the_same_for_unknown_addresses(client, db, smtp, make_talkshow):
    make_talkshow(slug="kwijt")
    register(client, "kwijt", "Anna", "anna@example.org")
    known = client.post("/talkshows/kwijt/resend", data={"resend-email": "anna@example.org"})
    unknown = client.post("/talkshows/kwijt/resend", data={"resend-email": "niemand@example.org"})
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    assert len(smtp.inbox.to("anna@example.org")) == 2
    assert smtp.inbox.to("niemand@example.org") == []
    assert client.post("/talkshows/kwijt/resend", data={"resend-email": "kapot"}).status_code == 400
    page = client.get("/talkshows/kwijt/resend").get_data(as_text=True)
    assert 'name="resend-email"' in page and "<h1>Stuur mijn link opnieuw</h1>" in page


def test_registering_again_after_cancelling_joins_the_end_of_the_line(client, db, smtp, make_talkshow):
    make_talkshow(slug="terug", capacity=1)
    register(client, "terug", "Anna", "anna@example.org")
    token = token_in(smtp.inbox.to("anna@example.org")[0])
    client.post(f"/registrations/{token}/cancel")
    register(client, "terug", "Bram", "bram@example.org")
    register(client, "terug", "Anna", "anna@example.org")
    assert _stored(db) == 2
    statuses = {r.email: r.status.value for r in db.session.scalars(select(Registration))}
    assert statuses == {"anna@example.org": "waitlisted", "bram@example.org": "confirmed"}


def test_mails_speak_the_language_the_person_registered_in(client, db, smtp, make_talkshow):
    from flask_babel import refresh

    make_talkshow(slug="taal", capacity=1)
    # The db fixture's app context is shared by the test client's requests, and Flask-Babel keeps
    # the chosen locale on it (g); refresh() makes each request choose again, as in production.
    client.get("/language/en")
    refresh()
    register(client, "taal", "Emma Smith", "emma@example.org")
    client.get("/language/nl")
    refresh()
    register(client, "taal", "Bram", "bram@example.org")
    refresh()
    (english,) = smtp.inbox.to("emma@example.org")
    assert "confirmed" in english["Subject"]
    assert english["Content-Language"] == "en"
    # A later mail caused by someone else's Dutch request is still in English.
    token = token_in(english)
    client.post(f"/registrations/{token}/cancel")  # a Dutch request
    assert "cancelled" in smtp.inbox.to("emma@example.org")[1]["Subject"]
    assert "vrijgekomen" in smtp.inbox.to("bram@example.org")[1]["Subject"]


def test_names_are_escaped_in_mails_and_pages(client, db, smtp, make_talkshow):
    make_talkshow(slug="escape")
    register(client, "escape", "Anna & Co \"quoted\"", "anna@example.org", organisation="<b>Vet</b> & Zo")
    (mail,) = smtp.inbox.to("anna@example.org")
    html = text_part(mail, "html")
    assert "Anna &amp; Co &#34;quoted&#34;" in html
    assert "Anna & Co \"quoted\"" in text_part(mail, "plain")
    page = client.get(f"/registrations/{token_in(mail)}").get_data(as_text=True)
    assert "Anna &amp; Co" in page


def test_the_confirmation_carries_a_qr_code_of_the_check_in_link(client, db, smtp, make_talkshow):
    make_talkshow(slug="qr")
    register(client, "qr", "Anna", "anna@example.org")
    (mail,) = smtp.inbox.to("anna@example.org")
    images = [p for p in mail.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 1
    assert 'src="cid:checkin-qr"' in text_part(mail, "html")
    registration = db.session.scalar(select(Registration))
    stored = db.session.scalar(select(OutboxMessage.qr_code_text))
    assert stored == f"https://talkshows.example.org/organiser/checkin/{registration.checkin_code}"


@pytest.mark.csrf
def test_registration_needs_the_csrf_token(client, db, make_talkshow):
    make_talkshow(slug="csrf")
    response = register(client, "csrf", "Anna", "anna@example.org")
    assert response.status_code == 400
    assert _stored(db) == 0
