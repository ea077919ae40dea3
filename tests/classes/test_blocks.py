"""Classes at talkshows (issue 17): blocks and single registrations racing, students joining, the release."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from talkshow_app.classes import blocks
from talkshow_app.classes.inputs import BlockInput
from talkshow_app.classes.models import ClassBlock, ClassMember
from talkshow_app.registrations import counter
from talkshow_app.registrations.errors import RegistrationError
from talkshow_app.registrations.inputs import RegistrationInput
from talkshow_app.registrations.models import Registration, RegistrationStatus
from talkshow_app.series.models import Talkshow
from talkshow_app.site import Site

SITE = Site(public_url="http://example.org", sender="Den Haag Draait Door <noreply@example.org>")


def _block(students: int, if_full: str = "", email: str = "docent@example.org") -> BlockInput:
    return BlockInput(
        course="Stadsontwikkeling",
        institution="Haagse Hogeschool",
        students=students,
        teacher_name="Docent Jansen",
        teacher_email=email,
        consent=True,
        if_full=if_full,
    )


def _student(n: int) -> RegistrationInput:
    return RegistrationInput(name=f"Student {n}", email=f"student{n}@example.org", consent=True)


def _in_threads(app, jobs: list[Any]) -> list[Any]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = []
    lock = threading.Lock()

    def run(job: Any) -> None:
        with app.app_context():
            barrier.wait(timeout=30)
            try:
                outcome: Any = job()
            except RegistrationError as error:
                outcome = error
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def _seated(talkshow_id: int) -> int:
    return counter.current(talkshow_id)[1]


def test_blocks_and_single_registrations_racing_for_the_last_seats_never_overbook(app, db, make_talkshow):
    from talkshow_app.registrations import seats

    talkshow = make_talkshow(capacity=12, slug="klas-race")
    talkshow_id = talkshow.id
    jobs: list[Any] = [
        lambda n=n: blocks.book(talkshow_id, _block(5, email=f"d{n}@example.org"), SITE) for n in range(4)
    ]
    jobs += [lambda n=n: seats.register(talkshow_id, _student(100 + n), SITE) for n in range(8)]

    results = _in_threads(app, jobs)

    db.session.expire_all()
    booked = [r for r in results if isinstance(r, blocks.Booked)]
    confirmed = db.session.scalar(
        select(func.count()).where(Registration.talkshow_id == talkshow_id, Registration.status == "confirmed")
    )
    held = sum(block.held for block in db.session.scalars(select(ClassBlock)))
    assert held == 5 * len(booked)
    assert confirmed + held <= 12, "never more seats than the hall has"
    assert _seated(talkshow_id) == confirmed + held
    assert counter.mismatches() == []
    refused = [r for r in results if isinstance(r, blocks.DoesNotFit)]
    assert len(booked) + len(refused) == 4
    assert db.session.scalar(select(func.count()).select_from(ClassBlock)) == len(booked), "a refusal stores nothing"


def test_students_racing_never_over_join_a_block(app, db, make_talkshow):
    talkshow = make_talkshow(capacity=40, slug="klas-vol")
    booked = blocks.book(talkshow.id, _block(3), SITE)

    results = _in_threads(app, [lambda n=n: blocks.join(booked.join_token, _student(n), SITE) for n in range(8)])

    db.session.expire_all()
    assert sum(isinstance(r, Registration) for r in results) == 3
    assert db.session.scalar(select(func.count()).select_from(ClassMember)) == 3
    assert db.session.get(ClassBlock, booked.block_id).joined == 3
    assert _seated(talkshow.id) == 3, "students took the block's seats, not new public ones"
    assert counter.mismatches() == []


def test_a_block_that_does_not_fit_takes_the_rest_or_waits_as_the_teacher_chooses(app, db, make_talkshow):
    talkshow = make_talkshow(capacity=10, slug="klas-keuze")
    blocks.book(talkshow.id, _block(8), SITE)
    try:
        blocks.book(talkshow.id, _block(5), SITE)
    except blocks.DoesNotFit as error:
        assert error.free == 2
    else:
        raise AssertionError("the teacher must choose")
    rest = blocks.book(talkshow.id, _block(5, "remaining"), SITE)
    waiting = blocks.book(talkshow.id, _block(5, "waitlist"), SITE)
    assert (rest.seats, rest.waitlisted) == (2, False)
    assert (waiting.seats, waiting.waitlisted) == (5, True)
    assert _seated(talkshow.id) == 10
    student = blocks.join(waiting.join_token, _student(1), SITE)
    assert student.status == RegistrationStatus.WAITLISTED


def test_the_release_gives_unused_seats_to_the_waiting_list_in_order(app, db, make_talkshow, make_registration):
    from talkshow_app.registrations import seats

    talkshow = make_talkshow(capacity=6, slug="klas-vrij")
    booked = blocks.book(talkshow.id, _block(5), SITE)
    blocks.join(booked.join_token, _student(1), SITE)
    seats.register(talkshow.id, _student(50), SITE)  # the last public seat
    line = [seats.register(talkshow.id, _student(60 + n), SITE) for n in range(6)]
    assert all(result.status == RegistrationStatus.WAITLISTED for result in line)

    early = talkshow.starts_at - timedelta(hours=49)
    assert blocks.release_due(SITE, now=early) == 0
    due = talkshow.starts_at - timedelta(hours=47)
    assert blocks.release_due(SITE, now=due) == 1
    assert blocks.release_due(SITE, now=due) == 0, "running it twice changes nothing"

    db.session.expire_all()
    statuses = [db.session.get(Registration, result.registration_id).status for result in line]
    assert statuses == [RegistrationStatus.CONFIRMED] * 4 + [RegistrationStatus.WAITLISTED] * 2
    assert _seated(talkshow.id) == 6
    assert counter.mismatches() == []


def test_bad_bookings_store_nothing(app, db, make_talkshow):
    talkshow = make_talkshow(capacity=100, slug="klas-fout", class_max=20)
    bad = [
        _block(21),
        _block(0),
        BlockInput("", "Haagse Hogeschool", 5, "Docent", "docent@example.org", True),
        BlockInput("Vak", "Haagse Hogeschool", 5, "<b>", "docent@example.org", True),
        BlockInput("Vak", "Haagse Hogeschool", 5, "Docent", "geen-adres", True),
        BlockInput("Vak", "Haagse Hogeschool", 5, "Docent", "docent@example.org", False),
    ]
    for data in bad:
        try:
            blocks.book(talkshow.id, data, SITE)
        except RegistrationError as error:
            assert error.errors
        else:
            raise AssertionError(data)
    closed = make_talkshow(capacity=100, slug="klas-geen", class_max=0)
    response = app.test_client().post(
        "/talkshows/klas-geen/class",
        data={
            "course": "Vak",
            "institution": "anders",
            "students": "3",
            "teacher_name": "Docent",
            "teacher_email": "docent@example.org",
            "consent": "y",
        },
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(ClassBlock)) == 0
    db.session.expire_all()
    assert db.session.get(Talkshow, talkshow.id).seats_taken == 0
    assert db.session.get(Talkshow, closed.id).seats_taken == 0


def test_the_teachers_page_lists_who_attended_and_downloads_csv(app, db, make_talkshow):
    talkshow = make_talkshow(capacity=30, slug="klas-pagina")
    booked = blocks.book(talkshow.id, _block(4), SITE)
    came = blocks.join(booked.join_token, _student(1), SITE)
    blocks.join(booked.join_token, _student(2), SITE)
    row = db.session.get(Registration, came.id)
    row.checked_in_at = talkshow.starts_at
    db.session.commit()
    client = app.test_client()

    page = client.get(f"/classes/{booked.token}").get_data(as_text=True)
    csv = client.get(f"/classes/{booked.token}/attended.csv")

    assert "Student 1" in page and "Student 2" not in page
    assert f"/classes/join/{booked.join_token}" in page
    assert csv.mimetype == "text/csv"
    assert csv.get_data(as_text=True).splitlines() == ["name", "Student 1"]
    assert client.get("/classes/not-a-token").status_code == 404
