"""The registrant's own page: private, cancel, calendar invite, delete my data; and mail that survives a dead server."""
from __future__ import annotations

from sqlalchemy import func, select

from talkshow_app.mailing.models import OutboxMessage, OutboxStatus
from talkshow_app.registrations.models import Registration, RegistrationStatus

from ..mailing.smtp import text_part
from .helpers import invite_in, register, token_in


def test_unknown_or_malformed_tokens_are_404(client, db):
    assert client.get("/registrations/niet-bestaand").status_code == 404
    assert client.get("/registrations/" + "x" * 300).status_code == 404
    assert client.post("/registrations/niet-bestaand/cancel").status_code == 404
    assert client.get("/registrations/niet-bestaand/invite.ics").status_code == 404


def test_own_page_is_private_and_offers_cancel_invite_and_delete(client, db, make_talkshow, make_registration):
    talkshow = make_talkshow(slug="eigen")
    registration = make_registration(talkshow, "confirmed", name="Sanne Óscar")
    response = client.get(f"/registrations/{registration.token}")
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "Sanne Óscar" in page
    assert f'action="/registrations/{registration.token}/cancel"' in page
    assert f'action="/registrations/{registration.token}/delete"' in page
    assert f'href="/registrations/{registration.token}/invite.ics"' in page


def test_invite_download_is_a_personal_publish_file(client, db, make_talkshow, make_registration):
    talkshow = make_talkshow(slug="agenda")
    registration = make_registration(talkshow, "confirmed", email="sanne@example.org")
    response = client.get(f"/registrations/{registration.token}/invite.ics")
    assert response.status_code == 200
    assert response.content_type == "text/calendar; charset=utf-8"
    assert response.headers["Referrer-Policy"] == "same-origin"
    body = response.get_data(as_text=True)
    assert "METHOD:PUBLISH" in body
    assert f"talkshow-{talkshow.id}@talkshows.example.org" in body
    waiting = make_registration(talkshow, "waitlisted")
    assert client.get(f"/registrations/{waiting.token}/invite.ics").status_code == 404, "no seat, no invite"


@__import__("pytest").mark.csrf
def test_cancel_needs_the_csrf_token(client, db, make_talkshow, make_registration):
    registration = make_registration(make_talkshow(), "confirmed")
    assert client.post(f"/registrations/{registration.token}/cancel").status_code == 400
    db.session.expire_all()
    assert db.session.get(Registration, registration.id).status == RegistrationStatus.CONFIRMED


def test_delete_my_data_anonymises_promotes_the_next_and_kills_the_link(client, db, smtp, make_talkshow):
    make_talkshow(slug="weg", capacity=1)
    register(client, "weg", "Anna de Vries", "anna@example.org", organisation="Haagse Hogeschool",
             accessibility_needs="rolstoelplaats")
    register(client, "weg", "Bram", "bram@example.org")
    token = token_in(smtp.inbox.to("anna@example.org")[0])

    response = client.post(f"/registrations/{token}/delete")
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "verwijderd" in response.get_data(as_text=True)
    assert client.get(f"/registrations/{token}").status_code == 404

    anna = db.session.scalar(select(Registration).where(Registration.status == RegistrationStatus.CANCELLED))
    assert (anna.name, anna.email, anna.email_key, anna.organisation, anna.accessibility_needs) == ("", "", None, "", "")
    assert anna.anonymised_at is not None
    stored = db.session.scalars(select(OutboxMessage.text_body)).all()
    assert not any("Anna de Vries" in body for body in stored), "her mails are gone, the goodbye wiped once sent"
    goodbye = smtp.inbox.to("anna@example.org")[-1]
    assert "verwijderd" in goodbye["Subject"]
    assert invite_in(goodbye)[0] == "CANCEL"
    assert "vrijgekomen" in smtp.inbox.to("bram@example.org")[-1]["Subject"]
    counts = client.get("/api/talkshows/weg").get_json()
    assert (counts["seats_taken"], counts["waitlist_count"]) == (1, 0)


def test_with_the_mail_server_down_registrations_succeed_and_flush_delivers_each_once(client, db, smtp, runner, make_talkshow):
    make_talkshow(slug="storing", capacity=2)
    smtp.stop()
    for name in ("Anna", "Bram", "Chaima"):
        assert register(client, "storing", name, f"{name.lower()}@example.org").status_code == 303
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 3
    queued = db.session.scalars(select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.QUEUED)).all()
    assert len(queued) == 3 and all(m.attempts == 1 and m.last_error for m in queued)

    smtp.start()
    result = runner.invoke(args=["mail", "flush"])
    assert "3 sent" in result.output, result.output
    assert "0 sent" in runner.invoke(args=["mail", "flush"]).output
    assert sorted(r.rcpt_tos[0] for r in smtp.inbox.received) == ["anna@example.org", "bram@example.org", "chaima@example.org"]
    (chaima,) = smtp.inbox.to("chaima@example.org")
    assert "wachtlijst" in chaima["Subject"]
    assert "https://talkshows.example.org/registrations/" in text_part(chaima, "plain")
