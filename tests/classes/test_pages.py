"""Classes through the pages (issue 17): the teacher's choice step without JavaScript, students' bad input,
what organisers set and see, and the privacy purge."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from talkshow_app.accounts.models import Role
from talkshow_app.classes import blocks
from talkshow_app.classes.models import ClassBlock
from talkshow_app.registrations.models import Registration
from talkshow_app.series.models import Talkshow

from ..series.test_manage import talkshow_form
from .test_blocks import SITE, _block, _student

BOOKING = {
    "course": "Wijkeconomie",
    "institution": "anders",
    "students": "8",
    "teacher_name": "Docent de Vries",
    "teacher_email": "docent.devries@example.org",
    "consent": "y",
}


@pytest.fixture
def organiser(make_user, login):
    user = make_user(Role.ORGANISER)
    login(user)
    return user


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_class_that_does_not_fit_gets_the_choice_on_the_form_then_takes_what_is_left(client, db, make_talkshow):
    talkshow = make_talkshow(capacity=5, slug="klein-zaaltje")

    asked = client.post("/talkshows/klein-zaaltje/class", data=BOOKING)

    page = asked.get_data(as_text=True)
    assert asked.status_code == 400
    assert "Er zijn nog maar 5 plaatsen" in page
    assert 'name="if_full"' in page and 'value="remaining"' in page and 'value="waitlist"' in page
    assert _count(db, ClassBlock) == 0
    booked = client.post("/talkshows/klein-zaaltje/class", data=BOOKING | {"if_full": "remaining"})
    assert booked.status_code == 303 and "/classes/" in booked.headers["Location"]
    teacher_page = client.get(booked.headers["Location"]).get_data(as_text=True)
    assert "0 van de 5 studenten" in teacher_page
    db.session.expire_all()
    assert db.session.get(Talkshow, talkshow.id).seats_taken == 5
    assert "Alle plaatsen zijn bezet" in client.get("/talkshows/klein-zaaltje").get_data(as_text=True)


@pytest.mark.parametrize(
    "changes",
    [{"consent": ""}, {"email": "geen-adres"}, {"name": ""}, {"name": "<script>"}],
)
def test_a_students_bad_input_stores_nothing(client, db, make_talkshow, changes):
    talkshow = make_talkshow(capacity=30)
    booked = blocks.book(talkshow.id, _block(4), SITE)
    data = {"name": "Student Een", "email": "student.een@example.org", "consent": "y"} | changes

    response = client.post(f"/classes/join/{booked.join_token}", data=data)

    assert response.status_code == 400
    assert _count(db, Registration) == 0
    assert db.session.get(ClassBlock, booked.block_id).joined == 0


def test_unknown_links_are_not_found(client, db):
    assert client.get("/classes/join/verzonnen").status_code == 404
    assert client.get("/classes/verzonnen/attended.csv").status_code == 404


def test_the_same_student_cannot_join_twice(client, db, make_talkshow):
    talkshow = make_talkshow(capacity=30)
    booked = blocks.book(talkshow.id, _block(4), SITE)
    data = {"name": "Student Een", "email": "student.een@example.org", "consent": "y"}
    assert client.post(f"/classes/join/{booked.join_token}", data=data).status_code == 303
    again = client.post(f"/classes/join/{booked.join_token}", data=data | {"email": "STUDENT.een@example.org"})
    assert again.status_code == 400
    assert _count(db, Registration) == 1


def test_organisers_set_the_largest_class_and_the_release_moment(client, db, organiser, make_theme):
    theme = make_theme()
    bad = client.post("/organiser/talkshows/new", data=talkshow_form(theme, class_max="-1"))
    assert bad.status_code == 400 and _count(db, Talkshow) == 0
    client.post("/organiser/talkshows/new", data=talkshow_form(theme, class_max="0", class_release_hours="24"))
    talkshow = db.session.scalar(select(Talkshow))
    assert (talkshow.class_max, talkshow.class_release_hours) == (0, 24)
    with pytest.raises(blocks.RegistrationError):
        blocks.book(talkshow.id, _block(2), SITE)


def test_organisers_see_blocks_on_the_attendee_list_and_the_board(client, db, organiser, make_talkshow):
    talkshow = make_talkshow(capacity=30)
    booked = blocks.book(talkshow.id, _block(6), SITE)
    blocks.join(booked.join_token, _student(1), SITE)

    attendees = client.get(f"/organiser/talkshows/{talkshow.id}/registrations").get_data(as_text=True)
    board = client.get("/organiser/").get_data(as_text=True)

    for page in (attendees, board):
        assert "Klassen" in page
        assert "1 blokken; 1 studenten aangemeld; 5 plaatsen vastgehouden" in page


def test_the_privacy_purge_forgets_the_teacher(runner, db, make_talkshow):
    from datetime import UTC, datetime

    talkshow = make_talkshow(capacity=30)
    booked = blocks.book(talkshow.id, _block(3), SITE)
    past = datetime.now(UTC) - timedelta(days=400)
    stored = db.session.get(Talkshow, talkshow.id)
    stored.starts_at, stored.ends_at = past, past + timedelta(hours=2)
    db.session.commit()

    result = runner.invoke(args=["privacy", "purge"])

    assert "1 class bookings anonymised" in result.output, result.output
    db.session.expire_all()
    block = db.session.get(ClassBlock, booked.block_id)
    assert (block.teacher_name, block.teacher_email, block.course) == ("", "", "Stadsontwikkeling")
    with pytest.raises(blocks.NotFound):
        blocks.by_token(booked.token)


def test_the_open_data_counts_seats_a_class_holds_as_taken(client, db, make_talkshow):
    make_talkshow(capacity=20, slug="met-een-klas")
    booked = client.post("/talkshows/met-een-klas/class", data=BOOKING)
    assert booked.status_code == 303

    talkshow = client.get("/api/talkshows/met-een-klas").get_json()

    assert talkshow["capacity"] == 20 and talkshow["seats_taken"] == 8
