"""No overbooking, ever: many people registering at the same moment for a small talkshow.

Runs on whichever database the suite uses (SQLite by default, PostgreSQL with TEST_DATABASE_URL).
"""
from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import func, select

from talkshow_app.mailing.models import OutboxMessage
from talkshow_app.registrations.models import Registration, RegistrationStatus


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    # The rush is about seats; mails are recorded by Flask-Mail instead of 36 SMTP round trips.
    return app_config | {"MAIL_SUPPRESS_SEND": True}


def _rush(app, slug: str, people: list[tuple[str, str]]) -> list[int]:
    barrier = threading.Barrier(len(people))
    codes: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def one(name: str, email: str) -> None:
        try:
            client = app.test_client()
            barrier.wait(timeout=30)
            response = client.post(f"/talkshows/{slug}/register", data={"name": name, "email": email, "consent": "y"})
            with lock:
                codes.append(response.status_code)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            with lock:
                errors.append(error)

    threads = [threading.Thread(target=one, args=person) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    return codes


def test_thirty_at_once_for_five_seats_confirms_exactly_five(app, db, make_talkshow):
    make_talkshow(capacity=5, slug="druk")
    people = [(f"Persoon {i}", f"persoon{i}@example.org") for i in range(30)]
    people += [(f"Nog eens {i}", f"PERSOON{i}@example.org") for i in range(6)]  # same addresses, other case

    codes = _rush(app, "druk", people)

    assert codes == [303] * 36, Counter(codes)
    db.session.expire_all()
    rows = db.session.scalars(select(Registration)).all()
    statuses = Counter(r.status for r in rows)
    assert statuses[RegistrationStatus.CONFIRMED] == 5
    assert statuses[RegistrationStatus.WAITLISTED] == 25
    assert len(rows) == 30, "nobody lost, nobody twice"
    assert len({r.email_key for r in rows}) == 30
    # Every request left exactly one mail: a confirmation, a waiting-list notice or the link again.
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 36
    waiting = sorted((r.queued_at, r.id) for r in rows if r.status == RegistrationStatus.WAITLISTED)
    assert len(waiting) == len(set(waiting))


def test_cancellations_and_registrations_racing_never_exceed_capacity(app, db, make_talkshow, make_registration):
    from talkshow_app.registrations import seats as services
    from talkshow_app.site import current_site

    talkshow = make_talkshow(capacity=3, slug="wissel")
    seated = [make_registration(talkshow, "confirmed") for _ in range(3)]
    waiting = [make_registration(talkshow, "waitlisted") for _ in range(4)]
    tokens = [r.token for r in seated]
    talkshow_id = talkshow.id
    barrier = threading.Barrier(len(tokens) + 6)
    errors: list[BaseException] = []

    def cancel(token: str) -> None:
        try:
            with app.test_request_context():
                barrier.wait(timeout=30)
                services.cancel(token, current_site())
                services.db.session.remove()
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    def join(i: int) -> None:
        try:
            with app.test_request_context():
                barrier.wait(timeout=30)
                services.register(
                    talkshow_id,
                    services.RegistrationInput(name=f"Laat {i}", email=f"laat{i}@example.org", consent=True),
                    current_site(),
                )
                services.db.session.remove()
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=cancel, args=(t,)) for t in tokens]
    threads += [threading.Thread(target=join, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    db.session.expire_all()
    statuses = Counter(db.session.scalars(select(Registration.status)).all())
    assert statuses[RegistrationStatus.CONFIRMED] == 3
    assert statuses[RegistrationStatus.CANCELLED] == 3
    assert statuses[RegistrationStatus.WAITLISTED] == 4 + 6 - 3
    # The three freed seats went to the three who had waited longest, in order.
    promoted = {r.id for r in db.session.scalars(select(Registration).where(Registration.status == RegistrationStatus.CONFIRMED))}
    assert promoted == {r.id for r in waiting[:3]}
