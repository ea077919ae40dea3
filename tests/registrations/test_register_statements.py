"""One registration is a handful of SQL statements and one commit, however busy the talkshow (issue 11).

Measured on POST /talkshows/<slug>/register with the production setting MAIL_SEND_AFTER_REQUEST=false
(the request only queues; the mail worker renders and sends). Before the stored seat counter it took
12 statements (3 of them loading the talkshow, its theme and venue again under the lock, 1 counting
rows under it); now the talkshow row is locked by the one UPDATE that decides the seat, and that UPDATE
also finds the public talkshow by its address (no lookup of the id before it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, select

from talkshow_app.mailing.models import OutboxMessage, OutboxStatus
from talkshow_app.registrations.models import Registration, RegistrationStatus

from .helpers import register

# Under the lock: the seat decision by the talkshow's address (one UPDATE … RETURNING), the same
# address looked up, the registration and its mail inserted; BEGIN IMMEDIATE on SQLite, the
# outbox's NOTIFY on PostgreSQL.
STATEMENTS = 5


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return app_config | {"MAIL_SEND_AFTER_REQUEST": False}


class Recorder:
    def __init__(self) -> None:
        self.statements: list[str] = []
        self.commits = 0

    def statement(self, _conn, _cursor, statement: str, *_args: Any) -> None:
        self.statements.append(" ".join(statement.split()))

    def commit(self, _conn) -> None:
        self.commits += 1

    def under_lock(self) -> list[str]:
        first = next(i for i, s in enumerate(self.statements) if s.startswith("UPDATE talkshows"))
        return self.statements[first:]


@pytest.fixture
def recorded(db) -> Any:
    @contextmanager
    def recording() -> Iterator[Recorder]:
        recorder = Recorder()
        event.listen(db.engine, "before_cursor_execute", recorder.statement)
        event.listen(db.engine, "commit", recorder.commit)
        try:
            yield recorder
        finally:
            event.remove(db.engine, "before_cursor_execute", recorder.statement)
            event.remove(db.engine, "commit", recorder.commit)

    return recording


def test_a_registration_is_five_statements_and_one_commit(client, db, smtp, recorded, make_talkshow):
    make_talkshow(slug="kort", capacity=5)
    with recorded() as seen:
        response = register(client, "kort", "Anna de Wit", "anna@example.org")
    assert response.status_code == 303
    assert len(seen.statements) == STATEMENTS, seen.statements
    assert seen.commits == 1
    locked = seen.under_lock()
    assert locked[0].startswith("UPDATE talkshows SET seats_taken") and "RETURNING" in locked[0]
    assert not any(s.startswith("SELECT talkshows") for s in seen.statements), "the UPDATE finds the talkshow"
    reads = [s for s in locked if s.startswith("SELECT") and "pg_notify" not in s]
    assert len(reads) == 1 and "FROM registrations" in reads[0], "under the lock only the same address is looked up"
    assert not any(table in s for s in seen.statements for table in ("themes", "venues", "speakers"))
    # Nothing was rendered or sent in the request: the outbox row waits for the worker.
    mail = db.session.scalar(select(OutboxMessage))
    assert (mail.status, mail.text_body, mail.calendar) == (OutboxStatus.QUEUED, "", None)
    assert len(smtp.inbox) == 0


def test_the_figure_stays_the_same_for_a_full_busy_talkshow_with_speakers(
    client, db, smtp, recorded, make_talkshow, make_speaker, make_registration
):
    speakers = [(make_speaker(), "guest") for _ in range(4)]
    talkshow = make_talkshow(slug="vol", capacity=3, speakers=speakers)
    for status in ["confirmed"] * 3 + ["waitlisted"] * 20 + ["cancelled"] * 5:
        make_registration(talkshow, status)
    with recorded() as seen:
        assert register(client, "vol", "Bram Bos", "bram@example.org").status_code == 303
    assert (len(seen.statements), seen.commits) == (STATEMENTS, 1), seen.statements
    bram = db.session.scalar(select(Registration).where(Registration.email_key == "bram@example.org"))
    assert bram.status == RegistrationStatus.WAITLISTED
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.registration_id == bram.id))
    assert mail.context["extra"]["position"] == 21, "told their place in line: behind the twenty already waiting"


def test_registering_again_and_a_closed_talkshow_store_no_seat(client, db, smtp, make_talkshow):
    talkshow = make_talkshow(slug="nogmaals", capacity=1)
    closed = make_talkshow(slug="dicht", capacity=5, status="cancelled")
    assert register(client, "nogmaals", "Chaima", "chaima@example.org").status_code == 303
    assert register(client, "nogmaals", "Chaima", "CHAIMA@example.org").status_code == 303
    assert register(client, "dicht", "Chaima", "chaima@example.org").status_code == 400
    db.session.expire_all()
    assert (talkshow.seats_taken, talkshow.waitlist_count) == (1, 0)
    assert (closed.seats_taken, closed.waitlist_count) == (0, 0)
    assert db.session.scalar(select(Registration.status)) == RegistrationStatus.CONFIRMED


def test_a_draft_or_unknown_address_answers_404_and_claims_nothing(client, db, smtp, make_talkshow):
    draft = make_talkshow(slug="concept", capacity=5, status="draft")
    assert register(client, "concept", "Dirk", "dirk@example.org").status_code == 404
    assert register(client, "bestaat-niet", "Dirk", "dirk@example.org").status_code == 404
    db.session.expire_all()
    assert (draft.seats_taken, draft.waitlist_count) == (0, 0)
    assert db.session.scalar(select(Registration.id)) is None
