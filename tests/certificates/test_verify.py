"""/verify/<code>: a real code shows the name, talkshow and date and nothing else; a forged one is a 404."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from talkshow_app.certificates.codes import display
from talkshow_app.certificates.models import Certificate
from talkshow_app.registrations import maintenance
from talkshow_app.site import current_site


def minted(client, db, talkshow, make_registration, **fields) -> tuple[str, str]:
    person = make_registration(talkshow, checked_in_at=talkshow.starts_at, **fields)
    assert client.get(f"/registrations/{person.token}/certificate.pdf").status_code == 200
    code = db.session.scalar(select(Certificate.code).where(Certificate.registration_id == person.id))
    return person.token, display(code)


def test_a_real_code_is_confirmed_with_the_name_talkshow_and_date_only(client, db, ended, make_registration):
    _, code = minted(
        client,
        db,
        ended,
        make_registration,
        name="Daan Verhoef",
        email="daan@example.org",
        organisation="Hogeschool Inholland",
    )
    page = client.get(f"/verify/{code}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "echt" in html and "Daan Verhoef" in html and "Wie zorgt er voor de wijk?" in html
    assert str(ended.starts_at.year) in html
    assert "daan@example.org" not in html and "Inholland" not in html.split("<main", 1)[-1].split("</main>")[0]
    # Typed by hand: lower case, without dashes, still found.
    assert client.get(f"/verify/{code.replace('-', '').lower()}").status_code == 200


def test_a_forged_or_malformed_code_is_a_404(client, db, ended, make_registration):
    _, code = minted(client, db, ended, make_registration)
    forged = ("A" if code[0] != "A" else "B") + code[1:]
    for attempt in (forged, "ABCD-EFGH-JKLM", "0000-0000-0000", "x" * 300, "%27%20or%201%3D1"):
        response = client.get(f"/verify/{attempt}")
        assert response.status_code == 404, attempt


class TestRateLimit:
    @pytest.fixture
    def app_config(self, app_config):
        return app_config | {"RATELIMIT_ENABLED": True}

    def test_checking_codes_is_rate_limited(self, client):
        statuses = [client.get("/verify/ABCD-EFGH-JKLM").status_code for _ in range(22)]
        assert statuses[:20] == [404] * 20
        assert statuses[20:] == [429, 429]


def test_the_retention_purge_removes_the_name_but_the_code_still_confirms(
    app, client, db, make_talkshow, make_registration
):
    long_ago = datetime.now(UTC).replace(microsecond=0) - timedelta(days=400)
    old = make_talkshow(title="Oude talkshow", starts_at=long_ago, ends_at=long_ago + timedelta(hours=2))
    _, code = minted(client, db, old, make_registration, name="Fenna Oudhuis")
    with app.test_request_context("/"):
        result = maintenance.purge_personal_data(current_site())
    assert result.registrations == 1
    db.session.expire_all()
    names = db.session.scalars(select(Certificate.name)).all()
    assert names == [""]
    html = client.get(f"/verify/{code}").get_data(as_text=True)
    assert "Fenna" not in html and "Oude talkshow" in html and "Verwijderd na de bewaartermijn" in html


def test_delete_my_data_also_removes_the_name_on_the_certificate(app, client, db, ended, make_registration):
    token, code = minted(client, db, ended, make_registration, name="Gijs Vergeet")
    with app.test_request_context("/"):
        maintenance.forget(token, current_site())
    db.session.expire_all()
    certificate = db.session.scalars(select(Certificate)).one()
    assert certificate.name == "" and certificate.name_removed_at is not None
    assert "Gijs" not in client.get(f"/verify/{code}").get_data(as_text=True)
    assert client.get(f"/registrations/{token}/certificate.pdf").status_code == 404
