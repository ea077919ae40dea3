"""Organisers: counts, the list, CSV for Excel, add/cancel/promote by hand, check-in at the door."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import event, select

from talkshow_app.accounts.models import Role
from talkshow_app.registrations.models import Registration, RegistrationStatus
from talkshow_app.registrations.organiser import csv_cell

from .helpers import register


@pytest.fixture
def organiser(make_user, login):
    user = make_user(Role.ORGANISER)
    login(user)
    return user


def test_the_organiser_area_needs_an_organiser(client, db, make_talkshow, make_user, login):
    talkshow = make_talkshow()
    url = f"/organiser/talkshows/{talkshow.id}/registrations"
    assert client.get(url).status_code == 302  # to the login page
    login(make_user(Role.EDITOR))
    assert client.get(url).status_code == 403
    assert client.get(url + ".csv").status_code == 403


def test_list_shows_counts_and_people_in_a_fixed_number_of_queries(client, db, organiser, make_talkshow, make_registration):
    talkshow = make_talkshow(capacity=2)
    make_registration(talkshow, "confirmed", name="Anna <b>", organisation="<script>x</script>")
    make_registration(talkshow, "confirmed", name="Bram")
    make_registration(talkshow, "waitlisted", name="Chaima")
    make_registration(talkshow, "cancelled", name="Daan")
    url = f"/organiser/talkshows/{talkshow.id}/registrations"

    def queries() -> int:
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            page = client.get(url)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert page.status_code == 200
        return len(statements), page.get_data(as_text=True)

    few, page = queries()
    assert "2 / 2" in page and "Anna &lt;b&gt;" in page and "&lt;script&gt;x&lt;/script&gt;" in page
    for i in range(10):
        make_registration(talkshow, "waitlisted", name=f"Extra {i}")
    many, _ = queries()
    assert many == few, "no query per registration"


def test_csv_opens_in_excel_with_accents_and_no_formulas(client, db, organiser, make_talkshow, make_registration):
    talkshow = make_talkshow(slug="export")
    make_registration(talkshow, "confirmed", name="Zoë Çelik-Brückner", organisation="=HYPERLINK(\"http://x\")")
    make_registration(talkshow, "waitlisted", name="@SUM(A1)", email="plus@example.org", accessibility_needs="+31 6 12345678")
    response = client.get(f"/organiser/talkshows/{talkshow.id}/registrations.csv")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert "aanmeldingen-export.csv" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Naam", "E-mailadres", "Status"]
    assert rows[1][0] == "Zoë Çelik-Brückner"
    assert rows[1][4] == "'=HYPERLINK(\"http://x\")"
    assert rows[2][0] == "'@SUM(A1)" and rows[2][5] == "'+31 6 12345678"
    assert rows[2][2] == "Op de wachtlijst"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
     ("Anna", "Anna"), ("", ""), (None, "")],
)
def test_csv_cells_are_neutralised(value, expected):
    assert csv_cell(value) == expected


def test_add_cancel_and_promote_by_hand(client, db, smtp, organiser, make_talkshow):
    talkshow = make_talkshow(capacity=1, slug="hand")
    base = f"/organiser/talkshows/{talkshow.id}/registrations"
    add = {"add-name": "Anna", "add-email": "anna@example.org", "add-consent": "y"}
    assert client.post(base + "/add", data=add).status_code == 303
    assert client.post(base + "/add", data=add | {"add-name": "Bram", "add-email": "bram@example.org"}).status_code == 303
    assert client.post(base + "/add", data=add | {"add-name": "Chaima", "add-email": "chaima@example.org"}).status_code == 303
    bad = client.post(base + "/add", data={"add-name": "X", "add-email": "kapot"})
    assert bad.status_code == 400 and 'id="add-email-error"' in bad.get_data(as_text=True)
    people = {r.name: r for r in db.session.scalars(select(Registration))}
    assert [people[n].status.value for n in ("Anna", "Bram", "Chaima")] == ["confirmed", "waitlisted", "waitlisted"]

    # Chaima jumps the queue by hand: first in line, but no seat beyond capacity.
    assert client.post(f"{base}/{people['Chaima'].id}/promote").status_code == 303
    db.session.expire_all()
    assert db.session.get(Registration, people["Chaima"].id).status == RegistrationStatus.WAITLISTED
    assert client.post(f"{base}/{people['Anna'].id}/cancel").status_code == 303
    db.session.expire_all()
    statuses = {r.name: r.status.value for r in db.session.scalars(select(Registration))}
    assert statuses == {"Anna": "cancelled", "Bram": "waitlisted", "Chaima": "confirmed"}
    assert "vrijgekomen" in smtp.inbox.to("chaima@example.org")[-1]["Subject"]
    assert "organisatie" in smtp.inbox.to("anna@example.org")[-1].get_body(("plain",)).get_content()
    assert client.post(f"{base}/999999/cancel").status_code == 404


def test_after_the_talkshow_nobody_is_cancelled_or_promoted_and_nobody_mailed(
    client, db, smtp, organiser, make_talkshow, make_registration
):
    from datetime import UTC, datetime, timedelta

    starts_at = datetime.now(UTC).replace(microsecond=0) - timedelta(days=2)
    talkshow = make_talkshow(capacity=1, slug="geweest", starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
    seated = make_registration(talkshow, "confirmed", name="Anna", email="anna@example.org")
    waiting = make_registration(talkshow, "waitlisted", name="Bram", email="bram@example.org")
    base = f"/organiser/talkshows/{talkshow.id}/registrations"
    page = client.get(base).get_data(as_text=True)
    assert "Anna" in page and "Bram" in page
    assert f"/{seated.id}/cancel" not in page and f"/{waiting.id}/promote" not in page  # no buttons for the past
    for url in (f"{base}/{seated.id}/cancel", f"{base}/{waiting.id}/promote"):  # nor by a crafted POST
        answer = client.post(url, follow_redirects=True).get_data(as_text=True)
        assert "Deze talkshow is voorbij: niemand kan nog worden afgemeld of een plaats krijgen." in answer
    db.session.expire_all()
    assert [r.status.value for r in db.session.scalars(select(Registration).order_by(Registration.id))] == [
        "confirmed",
        "waitlisted",
    ]
    assert len(smtp.inbox) == 0, "nobody is mailed about an evening that is past"


def test_check_in_at_the_door_search_mark_and_undo(client, db, organiser, make_talkshow, make_registration):
    talkshow = make_talkshow()
    anna = make_registration(talkshow, "confirmed", name="Anna de Vries")
    make_registration(talkshow, "confirmed", name="Bram Jansen")
    base = f"/organiser/talkshows/{talkshow.id}/registrations"
    page = client.get(base + "/checkin?q=vries").get_data(as_text=True)
    assert "Anna de Vries" in page and "Bram Jansen" not in page
    assert f'action="{base}/{anna.id}/checkin?q=vries"' in page

    response = client.post(f"{base}/{anna.id}/checkin?q=vries")
    assert response.status_code == 303 and response.headers["Location"].endswith("checkin?q=vries")
    db.session.expire_all()
    assert db.session.get(Registration, anna.id).checked_in_at is not None
    assert "aanwezig sinds" in client.get(base + "/checkin?q=vries").get_data(as_text=True)
    client.post(f"{base}/{anna.id}/undo")
    db.session.expire_all()
    assert db.session.get(Registration, anna.id).checked_in_at is None


def test_the_qr_link_opens_the_person_with_one_button(client, db, organiser, make_talkshow, make_registration):
    talkshow = make_talkshow()
    anna = make_registration(talkshow, "confirmed", name="Anna de Vries")
    page = client.get(f"/organiser/checkin/{anna.checkin_code}").get_data(as_text=True)
    assert "Anna de Vries" in page
    assert f'/registrations/{anna.id}/checkin' in page
    assert client.get("/organiser/checkin/onbekend").status_code == 404


@pytest.mark.csrf
def test_check_in_needs_csrf(client, db, make_talkshow, make_registration, make_user):
    from tests.factories import TEST_PASSWORD

    talkshow = make_talkshow()
    anna = make_registration(talkshow, "confirmed")
    user = make_user(Role.ORGANISER)
    with client:
        login_page = client.get("/login").get_data(as_text=True)
        import re

        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page) or re.search(
            r'name="csrf_token" value="([^"]+)"', login_page
        )
        client.post("/login", data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token.group(1)})
        response = client.post(f"/organiser/talkshows/{talkshow.id}/registrations/{anna.id}/checkin")
    assert response.status_code == 400
