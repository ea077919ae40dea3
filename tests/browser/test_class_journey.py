"""A teacher books seats for a class, two students join with the class link, one is checked in at
the door, and the teacher's page shows that one attended (issue 17)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from talkshow_app.extensions import db
from talkshow_app.registrations.models import Registration
from tests.mailing.smtp import text_part

from .conftest import add_open_talkshow, log_in, new_context
from .test_registration_journey import wait_for_mail

pytestmark = pytest.mark.browser

TEACHER = "docent.klas@example.org"


@pytest.fixture
def class_talkshow(live_server) -> str:
    return add_open_talkshow(live_server, "Met de klas naar de stad", "met-de-klas", capacity=40, days_ahead=20)


def test_a_teacher_books_two_students_join_one_attends(live_server, browser, page, class_talkshow):
    page.goto(live_server.absolute(class_talkshow))
    page.get_by_role("link", name="Komt u met een klas? Boek plaatsen voor uw studenten").click()
    page.get_by_label("Vak").fill("Stad en samenleving")
    page.get_by_label("Instelling").select_option("anders")
    page.get_by_label("Aantal studenten").fill("12")
    page.get_by_label("Uw naam").fill("Docent Klaassen")
    page.get_by_label("E-mailadres").fill(TEACHER)
    page.get_by_label("Ik ga ermee akkoord").check()
    page.get_by_role("button", name="Plaatsen boeken").click()
    page.wait_for_url("**/classes/**")
    teacher_url = page.url
    assert "0 van de 12 studenten" in page.inner_text("#class-seats")
    join_url = page.input_value("#join-url")
    booking_mail = text_part(wait_for_mail(live_server, TEACHER, 1)[0], "plain") or ""
    assert join_url in booking_mail and teacher_url in booking_mail

    for name, email in (("Sanne Student", "sanne.student@example.org"), ("Omar Student", "omar.student@example.org")):
        student = new_context(browser)
        own = student.new_page()
        own.goto(join_url)
        own.get_by_label("Naam").fill(name)
        own.get_by_label("E-mailadres").fill(email)
        own.get_by_label("Ik ga ermee akkoord").check()
        own.get_by_role("button", name="Aanmelden").click()
        own.wait_for_url("**/registered")
        assert re.search(r"/registrations/[\w-]+", text_part(wait_for_mail(live_server, email, 1)[0], "plain") or "")
        student.close()

    with live_server.app.app_context():
        code = db.session.scalar(select(Registration.checkin_code).where(Registration.name == "Sanne Student"))
        db.session.remove()
    door = new_context(browser)
    organiser = door.new_page()
    log_in(organiser, live_server, live_server.make_user("organiser", "deur.klas@example.org"))
    organiser.goto(live_server.absolute(f"/organiser/checkin/{code}"))
    organiser.get_by_role("button", name="Aanwezig").click()
    organiser.wait_for_load_state()
    door.close()

    page.goto(teacher_url)
    assert "2 van de 12 studenten" in page.inner_text("#class-seats")
    assert "1 studenten zijn ingecheckt" in page.inner_text("#attended-count")
    assert page.inner_text("#attended").strip() == "Sanne Student"
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als CSV").click()
    with open(download.value.path(), encoding="utf-8") as csv:
        assert csv.read().splitlines() == ["name", "Sanne Student"]
