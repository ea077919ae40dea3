"""The talkshow's stored seat counter equals its confirmed (and waiting) rows after any mix of changes (issue 11)."""

from __future__ import annotations

import contextlib
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from talkshow_app.accounts.models import Role
from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.registrations import counter, maintenance, organiser, seats
from talkshow_app.registrations.errors import RegistrationError
from talkshow_app.registrations.inputs import RegistrationInput
from talkshow_app.registrations.models import Registration, RegistrationStatus
from talkshow_app.series import scheduling as series
from talkshow_app.series.models import Talkshow
from talkshow_app.site import Site

PEOPLE = 6
_shows = itertools.count(1)


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return app_config | {"MAIL_SEND_AFTER_REQUEST": False}  # only queued: the counter is what is tested


def _rows(talkshow_id: int) -> tuple[int, int]:
    found = dict(
        seats.db.session.execute(
            select(Registration.status, func.count())
            .where(Registration.talkshow_id == talkshow_id)
            .group_by(Registration.status)
        ).all()
    )
    return found.get(RegistrationStatus.CONFIRMED, 0), found.get(RegistrationStatus.WAITLISTED, 0)


def _registration(talkshow_id: int, person: int) -> Registration | None:
    return seats.db.session.scalar(
        select(Registration).where(
            Registration.talkshow_id == talkshow_id, Registration.email_key == f"p{person}@example.org"
        )
    )


def _token(registration: Registration) -> str | None:
    contexts = seats.db.session.scalars(
        select(OutboxMessage.context)
        .where(OutboxMessage.registration_id == registration.id)
        .order_by(OutboxMessage.id.desc())
    ).all()
    return next((context["token"] for context in contexts if context.get("token")), None)


def _capacity_to(talkshow_id: int, seats_now: int, actor) -> None:
    talkshow = seats.db.session.get(Talkshow, talkshow_id, populate_existing=True)
    values = dict(
        title=talkshow.title,
        theme_id=talkshow.theme_id,
        starts_at=talkshow.starts_at,
        ends_at=talkshow.ends_at,
        venue_id=talkshow.venue_id,
        capacity=seats_now,
        registration_opens_at=talkshow.registration_opens_at,
        registration_closes_at=talkshow.registration_closes_at,
    )
    series.update_talkshow(talkshow_id, series.TalkshowInput(**values), actor)


def _apply(step: tuple[str, int], talkshow_id: int, site: Site, actor) -> None:
    action, number = step
    person = number % PEOPLE
    data = RegistrationInput(name=f"Persoon {person}", email=f"p{person}@example.org", consent=True)
    if action == "register":
        seats.register(talkshow_id, data, site)
        return
    if action == "add":
        organiser.add_by_organiser(talkshow_id, data, actor, site)
        return
    if action == "capacity":
        _capacity_to(talkshow_id, number, actor)
        return
    registration = _registration(talkshow_id, person)
    if registration is None:
        return
    if action == "organiser_cancel":
        organiser.cancel_by_organiser(talkshow_id, registration.id, actor, site)
    elif action == "promote" and registration.status == RegistrationStatus.WAITLISTED:
        organiser.promote_by_organiser(talkshow_id, registration.id, actor, site)
    elif action in ("cancel", "forget") and (token := _token(registration)):
        (seats.cancel if action == "cancel" else maintenance.forget)(token, site)


STEPS = st.lists(
    st.tuples(
        st.sampled_from(["register", "register", "add", "cancel", "organiser_cancel", "promote", "capacity", "forget"]),
        st.integers(min_value=0, max_value=PEOPLE + 2),
    ),
    min_size=1,
    max_size=18,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first_capacity=st.integers(min_value=0, max_value=3), steps=STEPS)
def test_after_any_mix_of_changes_the_stored_counter_equals_the_rows(
    app, db, make_talkshow, make_user, first_capacity, steps
):
    talkshow = make_talkshow(slug=f"mix-{next(_shows)}", capacity=first_capacity)
    actor = make_user(Role.ORGANISER)
    talkshow_id, site = talkshow.id, Site.from_config(app.config)
    with app.test_request_context():
        for step in steps:
            with contextlib.suppress(RegistrationError):  # a refusal stores nothing; the counter stays right
                _apply(step, talkshow_id, site, actor)
            db.session.rollback()
            stored = db.session.execute(
                select(Talkshow.capacity, Talkshow.seats_taken, Talkshow.waitlist_count).where(
                    Talkshow.id == talkshow_id
                )
            ).one()
            confirmed, waiting = _rows(talkshow_id)
            assert (stored.seats_taken, stored.waitlist_count) == (confirmed, waiting), step
            # In order: nobody waits while a seat is free.
            assert waiting == 0 or confirmed >= stored.capacity, step
    assert counter.mismatches() == []


def test_registrations_stored_any_way_keep_the_counter_and_recount_repairs_it(db, make_talkshow, make_registration):
    talkshow = make_talkshow(slug="telling", capacity=2)
    first = make_registration(talkshow, "confirmed")
    make_registration(talkshow, "waitlisted")
    db.session.expire_all()
    assert (talkshow.seats_taken, talkshow.waitlist_count) == (1, 1)
    first.status = RegistrationStatus.CANCELLED
    db.session.commit()
    db.session.delete(
        db.session.scalar(select(Registration).where(Registration.status == RegistrationStatus.WAITLISTED))
    )
    db.session.commit()
    assert (talkshow.seats_taken, talkshow.waitlist_count) == (0, 0)
    assert counter.mismatches() == []
    db.session.execute(Talkshow.__table__.update().values(seats_taken=7))  # broken by hand
    db.session.commit()
    assert counter.mismatches() == [("telling", 7, 0, 0, 0)]
    assert counter.recount() == 1
    db.session.commit()
    assert counter.mismatches() == [] and talkshow.seats_taken == 0


def test_demo_data_leaves_exact_counters(db):
    from talkshow_app.registrations import demo
    from talkshow_app.series import demo as series_demo

    series_demo.load()
    demo.load()
    assert counter.mismatches() == []
    busiest = db.session.scalar(select(Talkshow).where(Talkshow.slug == "veilig-over-straat"))
    assert busiest.seats_taken + busiest.waitlist_count == 12


def test_flask_seats_check_reports_and_fixes_a_wrong_counter(runner, db, make_talkshow, make_registration):
    talkshow = make_talkshow(slug="controle", capacity=4)
    make_registration(talkshow, "confirmed")
    result = runner.invoke(args=["seats", "check"])
    assert result.exit_code == 0 and "match" in result.output
    db.session.execute(Talkshow.__table__.update().values(waitlist_count=3))
    db.session.commit()
    result = runner.invoke(args=["seats", "check"])
    assert result.exit_code == 1
    assert "controle: seats_taken 1 but 1 confirmed; waitlist_count 3 but 0 waiting" in result.output
    assert runner.invoke(args=["seats", "check", "--fix"]).exit_code == 0
    assert runner.invoke(args=["seats", "check"]).exit_code == 0


def test_a_rush_with_cancellations_and_more_seats_keeps_the_counter_exact(app, db, make_talkshow, make_user):
    import threading

    talkshow = make_talkshow(slug="spits", capacity=4)
    actor = make_user(Role.ORGANISER)
    talkshow_id, site = talkshow.id, Site.from_config(app.config)
    with app.test_request_context():
        for person in range(4):
            _apply(("register", person), talkshow_id, site, actor)
        tokens = [_token(_registration(talkshow_id, person)) for person in range(2)]
    db.session.rollback()
    barrier = threading.Barrier(14)
    errors: list[BaseException] = []

    def run(work) -> None:
        try:
            with app.test_request_context():
                barrier.wait(timeout=30)
                work()
                seats.db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    def join(i: int):
        data = RegistrationInput(name=f"Laat {i}", email=f"laat{i}@example.org", consent=True)
        return lambda: seats.register(talkshow_id, data, site)

    work = [join(i) for i in range(11)] + [lambda t=t: seats.cancel(t, site) for t in tokens]
    work.append(lambda: _capacity_to(talkshow_id, 6, seats.db.session.get(type(actor), actor.id)))
    threads = [threading.Thread(target=run, args=(w,)) for w in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    db.session.expire_all()
    assert counter.mismatches() == []
    assert _rows(talkshow_id) == (6, 4 + 11 - 2 - 6)
