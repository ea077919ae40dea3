"""The certificate of attendance: a real PDF for people checked in at the door, after the talkshow, and only then."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

from flask_babel import format_date
from pypdf import PdfReader
from sqlalchemy import func, select

from talkshow_app.certificates.models import Certificate

CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() for page in reader.pages)


def checked_in(make_registration, talkshow, **fields):
    return make_registration(talkshow, checked_in_at=talkshow.starts_at, **fields)


def test_a_checked_in_attendee_downloads_a_pdf_with_name_talkshow_date_theme_speakers_and_code(
    app, client, db, ended, make_registration
):
    person = checked_in(make_registration, ended, name="Sanne de Wit-Özdemir")
    response = client.get(f"/registrations/{person.token}/certificate.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.data.startswith(b"%PDF-")
    text = pdf_text(response.data)
    with app.test_request_context("/"):
        date = format_date(ended.starts_at, "EEEE d MMMM y")
    for expected in (
        "Certificaat van aanwezigheid",
        "Sanne de Wit-Özdemir",
        "Wie zorgt er voor de wijk?",
        date,
        "Gezonde wijken",
        "Noor Haddou",
        "Pieter van Dam",
        "City Deal Kennis Maken",
    ):
        assert expected in text, expected
    code = CODE.search(text)
    assert code, text
    assert f"https://talkshows.example.org/verify/{code.group(0)}" in text
    # Minted once: a second download carries the same code, and one row is stored.
    again = pdf_text(client.get(f"/registrations/{person.token}/certificate.pdf").data)
    assert code.group(0) in again
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1


def test_the_personal_page_links_the_certificate_only_when_there_is_one(client, ended, make_registration):
    there = checked_in(make_registration, ended)
    absent = make_registration(ended)
    link = "certificate.pdf"
    assert link in client.get(f"/registrations/{there.token}").get_data(as_text=True)
    assert link not in client.get(f"/registrations/{absent.token}").get_data(as_text=True)


def test_no_certificate_without_check_in_or_before_the_end_and_nothing_is_stored(
    client, db, ended, make_talkshow, make_registration
):
    absent = make_registration(ended)
    response = client.get(f"/registrations/{absent.token}/certificate.pdf")
    assert response.status_code == 403
    assert "ingecheckt" in response.get_data(as_text=True)

    now = datetime.now(UTC).replace(microsecond=0)
    running = make_talkshow(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    early = make_registration(running, checked_in_at=now - timedelta(minutes=50))
    response = client.get(f"/registrations/{early.token}/certificate.pdf?lang=en")
    assert response.status_code == 403
    assert "once the talkshow has ended" in response.get_data(as_text=True)
    assert "certificate.pdf" not in client.get(f"/registrations/{early.token}").get_data(as_text=True)

    assert client.get("/registrations/not-a-real-link/certificate.pdf").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0


def test_a_cancelled_talkshow_gives_no_certificate(client, ended, make_registration, db):
    person = checked_in(make_registration, ended)
    ended.status = "cancelled"
    db.session.commit()
    response = client.get(f"/registrations/{person.token}/certificate.pdf")
    assert response.status_code == 403
    assert "geannuleerd" in response.get_data(as_text=True)
