"""What the programme tells attendees about registering: when it opens, free seats, the waiting list, the JSON."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from talkshow_app.registrations.models import Registration, RegistrationStatus

NOW = datetime.now(UTC).replace(microsecond=0)
# 2030-03-01 11:00 UTC is 12:00 in Amsterdam (winter time); 2030-04-01 10:00 UTC is 12:00 (summer time).
OPENS = datetime(2030, 3, 1, 11, 0, 0, 400, tzinfo=UTC)
CLOSES = datetime(2030, 4, 1, 10, 0, tzinfo=UTC)
STARTS = datetime(2030, 4, 10, 18, 0, tzinfo=UTC)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def _fill(db, talkshow, confirmed: int = 0, waitlisted: int = 0) -> None:
    statuses = [RegistrationStatus.CONFIRMED] * confirmed + [RegistrationStatus.WAITLISTED] * waitlisted
    for n, status in enumerate(statuses):
        email, key = f"{talkshow.slug}-{n}@example.org", f"{talkshow.slug}-{n}"
        db.session.add(Registration(talkshow_id=talkshow.id, status=status, name=f"Gast {n}", email=email,
                                    email_key=email, token_hash=key, checkin_code=key))
    db.session.commit()


def test_the_talkshow_page_says_when_registration_opens_and_closes(client, make_talkshow):
    make_talkshow(slug="later-open", starts_at=STARTS, registration_opens_at=OPENS, registration_closes_at=CLOSES)
    page = text_of(client.get("/talkshows/later-open").get_data(as_text=True))
    assert "De aanmelding opent op vrijdag 1 maart 2030, 12:00 en sluit op maandag 1 april 2030, 12:00." in page


def test_cards_say_when_registration_opens(client, make_talkshow):
    make_talkshow(slug="later-open", starts_at=STARTS, registration_opens_at=OPENS)
    for path in ("/", "/talkshows"):
        page = text_of(client.get(path).get_data(as_text=True))
        assert "De aanmelding opent op vrijdag 1 maart 2030, 12:00." in page, path


def test_cards_show_free_seats_or_the_waiting_list(client, db, make_talkshow):
    _fill(db, make_talkshow(slug="ruim", capacity=5, starts_at=NOW + timedelta(days=3)), confirmed=2)
    _fill(db, make_talkshow(slug="vol", capacity=2, starts_at=NOW + timedelta(days=4)), confirmed=2, waitlisted=1)
    for path in ("/", "/talkshows"):
        html = client.get(path).get_data(as_text=True)
        ruim, vol = [text_of(part) for part in re.findall(r"<article.*?</article>", html, flags=re.S)][:2]
        assert "Nog 3 plaatsen" in ruim and "wachtlijst" not in ruim, path
        assert "Vol — wachtlijst" in vol and "plaatsen" not in vol, path
    make_talkshow(slug="geweest", title="Afgelopen avond", capacity=5, starts_at=NOW - timedelta(days=3))
    past = [text_of(p) for p in re.findall(r"<article.*?</article>", client.get("/talkshows").get_data(as_text=True),
                                           flags=re.S) if "Afgelopen avond" in p]
    assert past and "plaatsen" not in past[0] and "wachtlijst" not in past[0], "past cards say nothing about seats"


def test_the_json_carries_the_registration_window(client, make_talkshow):
    make_talkshow(slug="venster", starts_at=STARTS, registration_opens_at=OPENS, registration_closes_at=CLOSES)
    make_talkshow(slug="altijd", starts_at=STARTS, registration_opens_at=None)
    one = client.get("/api/talkshows/venster").get_json()
    assert one["registration_opens_at"] == "2030-03-01T12:00:00+01:00"
    assert one["registration_closes_at"] == "2030-04-01T12:00:00+02:00"
    listing = {t["slug"]: t for t in client.get("/api/talkshows").get_json()["talkshows"]}
    assert listing["venster"]["registration_opens_at"] == "2030-03-01T12:00:00+01:00"
    assert (listing["altijd"]["registration_opens_at"], listing["altijd"]["registration_closes_at"]) == (None, None)
