"""Nothing personal outlives "delete my data" or the purge, whatever became of the person's mail."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_, select

from talkshow_app.mailing.models import OutboxMessage, OutboxStatus


def stored_mail(db, **fields) -> int:
    fields.setdefault("subject", "Uw aanmelding")
    fields.setdefault("html_body", "")
    message = OutboxMessage(**fields)
    db.session.add(message)
    db.session.commit()
    return message.id


def traces_of(db, address: str, name: str) -> list[OutboxMessage]:
    """Rows that still carry the person's address, name or the server's words about them."""
    db.session.expire_all()
    pattern = f"%{name}%"
    return list(
        db.session.scalars(
            select(OutboxMessage).where(
                or_(
                    func.lower(OutboxMessage.to_address) == address.lower(),
                    OutboxMessage.text_body.like(pattern),
                    OutboxMessage.html_body.like(pattern),
                    OutboxMessage.last_error.like(f"%{address}%"),
                )
            )
        )
    )


def ids_left(db) -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(select(OutboxMessage.id)))


def test_delete_my_data_leaves_no_failed_mail_even_when_the_server_refuses_the_goodbye(
    client, db, smtp, make_talkshow, make_registration
):
    talkshow = make_talkshow(slug="geweigerd")
    anna = make_registration(talkshow, "confirmed", name="Anna Weigering", email="anna@example.org")
    bram = make_registration(talkshow, "confirmed", name="Bram Blijft", email="bram@example.org")
    smtp.inbox.refused.add("anna@example.org")
    # Hers: a refused confirmation, and a stand-alone mail (no registration) that failed too.
    stored_mail(db, to_address="anna@example.org", text_body="Beste Anna Weigering", registration_id=anna.id,
                status=OutboxStatus.FAILED, last_error="550 5.1.1 <anna@example.org>: no such mailbox")
    stored_mail(db, to_address=" Anna@Example.org", text_body="Beste Anna Weigering",
                status=OutboxStatus.FAILED, erase_after_sending=True, last_error="550 anna@example.org")
    # Bram's stay, whatever their fate.
    keep = {
        stored_mail(db, to_address="bram@example.org", text_body="Beste Bram Blijft", registration_id=bram.id,
                    status=OutboxStatus.FAILED, last_error="550 <bram@example.org>"),
        stored_mail(db, to_address="bram@example.org", text_body="Beste Bram Blijft", registration_id=bram.id),
    }

    response = client.post(f"/registrations/{anna.token}/delete")
    assert response.status_code == 200
    assert "verwijderd" in response.get_data(as_text=True)
    assert smtp.inbox.to("anna@example.org") == [], "the server refused the goodbye"
    assert traces_of(db, "anna@example.org", "Anna Weigering") == []
    assert keep <= ids_left(db)


def test_delete_my_data_keeps_only_the_goodbye_in_flight_and_wipes_it_once_sent(
    client, db, smtp, runner, make_talkshow, make_registration
):
    talkshow = make_talkshow(slug="stilte")
    anna = make_registration(talkshow, "waitlisted", name="Anna Wachtrij", email="anna@example.org")
    bram = make_registration(talkshow, "confirmed", name="Bram Blijft", email="bram@example.org")
    smtp.stop()
    # Hers, still queued: one of this registration and an earlier stand-alone goodbye to her address.
    stored_mail(db, to_address="anna@example.org", text_body="Beste Anna Wachtrij", registration_id=anna.id)
    stored_mail(db, to_address="ANNA@example.org", text_body="Beste Anna Wachtrij", erase_after_sending=True)
    keep = stored_mail(db, to_address="bram@example.org", text_body="Beste Bram Blijft", registration_id=bram.id)

    assert client.post(f"/registrations/{anna.token}/delete").status_code == 200
    (goodbye,) = traces_of(db, "anna@example.org", "Anna Wachtrij")
    assert (goodbye.status, goodbye.erase_after_sending, goodbye.registration_id) == (OutboxStatus.QUEUED, True, None)

    smtp.start()
    assert "sent" in runner.invoke(args=["mail", "flush"]).output
    assert len(smtp.inbox.to("anna@example.org")) == 1, "one goodbye, none of the mails she left behind"
    assert traces_of(db, "anna@example.org", "Anna Wachtrij") == []
    assert keep in ids_left(db)


def test_the_purge_removes_every_leftover_mail_of_people_whose_data_goes(
    runner, db, make_talkshow, make_registration
):
    now = datetime.now(UTC)
    old = make_talkshow(starts_at=now - timedelta(days=100), slug="lang-geleden")
    upcoming = make_talkshow(slug="straks")
    anna = make_registration(old, "confirmed", name="Anna Oud", email="anna@example.org")
    bram = make_registration(upcoming, "confirmed", name="Bram Blijft", email="bram@example.org")
    # Anna's: queued and failed, linked to her registration or standing alone.
    stored_mail(db, to_address="anna@example.org", text_body="Beste Anna Oud", registration_id=anna.id,
                status=OutboxStatus.FAILED, last_error="550 <anna@example.org>")
    stored_mail(db, to_address="anna@example.org", text_body="Beste Anna Oud", status=OutboxStatus.FAILED)
    stored_mail(db, to_address="Anna@example.org", text_body="Beste Anna Oud")
    # Carla asked to be forgotten last week; her goodbye was refused for good.
    stored_mail(db, to_address="carla@example.org", text_body="Beste Carla Weg", erase_after_sending=True,
                status=OutboxStatus.FAILED, last_error="550 <carla@example.org>", created_at=now - timedelta(days=7))
    # Nobody will send a mail that waited longer than the retention period.
    stored_mail(db, to_address="dirk@example.org", text_body="Beste Dirk Vergeten",
                created_at=now - timedelta(days=120))
    keep = {
        stored_mail(db, to_address="bram@example.org", text_body="Beste Bram Blijft", registration_id=bram.id,
                    status=OutboxStatus.FAILED, last_error="550 <bram@example.org>"),
        stored_mail(db, to_address="bram@example.org", text_body="Beste Bram Blijft", registration_id=bram.id),
        stored_mail(db, to_address="eva@example.org", text_body="Beste Eva Nieuw", status=OutboxStatus.FAILED),
    }

    result = runner.invoke(args=["privacy", "purge"])
    assert "1 registrations anonymised" in result.output, result.output
    for address, name in [("anna@example.org", "Anna Oud"), ("carla@example.org", "Carla Weg"),
                          ("dirk@example.org", "Dirk Vergeten")]:
        assert traces_of(db, address, name) == [], address
    assert ids_left(db) == keep
