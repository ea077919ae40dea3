"""When the series changes a talkshow, registrants hear about it in the same transaction (and mail after it)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from talkshow_app.accounts.models import Role
from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.mailing.services import flush
from talkshow_app.registrations.models import Registration, RegistrationStatus
from talkshow_app.series import scheduling as series
from talkshow_app.series.models import Talkshow

from .helpers import invite_in, register


def _edit(talkshow: Talkshow, **changes) -> series.TalkshowInput:
    values = dict(
        title=talkshow.title, theme_id=talkshow.theme_id, starts_at=talkshow.starts_at, ends_at=talkshow.ends_at,
        venue_id=talkshow.venue_id, capacity=talkshow.capacity, registration_opens_at=talkshow.registration_opens_at,
        registration_closes_at=talkshow.registration_closes_at,
    )
    return series.TalkshowInput(**(values | changes))


def _people(client, slug: str, count: int) -> None:
    for i in range(count):
        assert register(client, slug, f"Persoon {i}", f"p{i}@example.org").status_code == 303


def test_a_new_time_mails_everyone_and_seat_holders_get_an_updated_invite(client, db, smtp, make_talkshow, make_user):
    talkshow = make_talkshow(slug="verzet", capacity=1)
    _people(client, "verzet", 2)
    uid_before = invite_in(smtp.inbox.to("p0@example.org")[0])[1].walk("VEVENT")[0]
    later = talkshow.starts_at + timedelta(days=1)
    organiser = make_user(Role.ORGANISER)

    series.update_talkshow(talkshow.id, _edit(talkshow, starts_at=later, ends_at=later + timedelta(hours=2)), organiser)
    flush()  # a row's text is rendered when it is sent (and kept on the row)
    db.session.expire_all()
    changed = db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.contains("Gewijzigd"))).all()
    assert sorted(m.to_address for m in changed) == ["p0@example.org", "p1@example.org"]
    seat_holder = next(m for m in changed if m.to_address == "p0@example.org")
    waiting = next(m for m in changed if m.to_address == "p1@example.org")
    assert seat_holder.calendar_method == "REQUEST" and waiting.calendar is None
    assert "Nieuwe tijd" in seat_holder.text_body

    flush()
    method, calendar = invite_in(smtp.inbox.to("p0@example.org")[-1])
    event = calendar.walk("VEVENT")[0]
    assert method == "REQUEST"
    assert str(event["UID"]) == str(uid_before["UID"])
    assert int(event["SEQUENCE"]) > int(uid_before.get("SEQUENCE", 0))
    assert event.decoded("DTSTART").astimezone(later.tzinfo) == later


def test_more_seats_promote_the_waiting_list_in_order(client, db, smtp, make_talkshow, make_user):
    talkshow = make_talkshow(slug="meer", capacity=1)
    _people(client, "meer", 4)
    series.update_talkshow(talkshow.id, _edit(talkshow, capacity=3), make_user(Role.ORGANISER))
    db.session.expire_all()
    statuses = {r.email: r.status for r in db.session.scalars(select(Registration))}
    assert statuses == {
        "p0@example.org": RegistrationStatus.CONFIRMED,
        "p1@example.org": RegistrationStatus.CONFIRMED,
        "p2@example.org": RegistrationStatus.CONFIRMED,
        "p3@example.org": RegistrationStatus.WAITLISTED,
    }
    flush()  # a row's text is rendered when it is sent (and kept on the row)
    promoted = db.session.scalars(select(OutboxMessage.to_address).where(OutboxMessage.subject.contains("vrijgekomen"))).all()
    assert sorted(promoted) == ["p1@example.org", "p2@example.org"]


def test_a_cancelled_talkshow_sends_cancel_invites_delivered_after_the_organisers_request(
    client, db, smtp, make_talkshow, make_user, login
):
    talkshow = make_talkshow(slug="afgelast", capacity=1)
    _people(client, "afgelast", 2)
    organiser = make_user(Role.ORGANISER)
    login(organiser)
    response = client.post(f"/organiser/talkshows/{talkshow.id}/cancel")
    assert response.status_code in (302, 303)
    # Delivered right after the series' commit, by the same request, without any flush.
    seat_holder = smtp.inbox.to("p0@example.org")[-1]
    assert "Geannuleerd" in seat_holder["Subject"]
    assert invite_in(seat_holder)[0] == "CANCEL"
    waiting = smtp.inbox.to("p1@example.org")[-1]
    assert "Geannuleerd" in waiting["Subject"] and invite_in(waiting) is None


def test_a_rolled_back_change_takes_its_mails_with_it(client, db, smtp, make_talkshow):
    from talkshow_app.series.signals import talkshow_cancelled

    talkshow = make_talkshow(slug="terugdraaien")
    _people(client, "terugdraaien", 1)
    before = len(db.session.scalars(select(OutboxMessage)).all())
    talkshow = db.session.get(Talkshow, talkshow.id)
    talkshow_cancelled.send(talkshow)
    db.session.rollback()
    assert len(db.session.scalars(select(OutboxMessage)).all()) == before
