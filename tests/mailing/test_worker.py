"""Retries that back off, the commands' exit codes and reasons, and ``flask mail worker`` against real SMTP."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from talkshow_app.database import utcnow
from talkshow_app.extensions import db as _db
from talkshow_app.mailing import delivery, services
from talkshow_app.mailing.models import OutboxMessage, OutboxStatus
from talkshow_app.mailing.worker import PostgresListener, Worker
from talkshow_app.site import current_site
from tests.conftest import is_postgres

ROOT = Path(__file__).resolve().parents[2]


def _queue(to="anna@example.org") -> OutboxMessage:
    return services.queue_mail(to=to, template="mailing/email/test", language="nl", context={}, site=current_site())


def _stored(message_id: int) -> OutboxMessage:
    _db.session.expire_all()
    return _db.session.get(OutboxMessage, message_id)


def _wait_until(condition, seconds: float = 30) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return False


# --- Retries -----------------------------------------------------------------------------------


def test_a_failed_try_is_logged_and_waits_before_the_worker_tries_again(app, db, smtp, caplog):
    smtp.stop()
    message = _queue()
    db.session.commit()
    result = delivery.flush(due_only=True)
    assert (result.sent, result.failed, result.retrying, result.ok) == (0, 0, 1, False)
    stored = _stored(message.id)
    assert stored.status == OutboxStatus.QUEUED and stored.attempts == 1
    assert "ConnectionRefusedError" in stored.last_error
    assert timedelta(seconds=50) < stored.next_attempt_at - utcnow() <= timedelta(minutes=1)
    warning = next(r for r in caplog.records if r.levelname == "WARNING" and "not delivered" in r.getMessage())
    assert f"mail {message.id} " in warning.getMessage() and "ConnectionRefusedError" in warning.getMessage()
    assert "Testbericht" not in caplog.text and "instellingen" not in caplog.text, "never the mail's text"

    smtp.start()
    assert delivery.flush(due_only=True).claimed == 0, "not due before its retry time"
    stored.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert delivery.flush(due_only=True).sent == 1
    assert _stored(message.id).next_attempt_at is None and len(smtp.inbox) == 1


class TestOutOfTries:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "MAIL_MAX_ATTEMPTS": 3}

    def test_the_delays_grow_and_after_the_last_try_the_mail_fails_for_good(self, app, db, smtp):
        smtp.stop()
        message = _queue()
        db.session.commit()
        waits = []
        for _ in range(3):
            delivery.flush()  # ``flush`` tries now, whatever the schedule
            stored = _stored(message.id)
            waits.append(stored.next_attempt_at and round((stored.next_attempt_at - utcnow()) / timedelta(minutes=1)))
        assert waits == [1, 5, None]
        assert stored.status == OutboxStatus.FAILED and stored.attempts == 3
        assert "ConnectionRefusedError" in stored.last_error, "the last error is kept"


# --- The commands --------------------------------------------------------------------------------


def test_flush_with_the_server_down_prints_the_reason_and_exits_non_zero(app, db, smtp, runner):
    smtp.stop()
    _queue()
    db.session.commit()
    result = runner.invoke(args=["mail", "flush"])
    assert result.exit_code == 1
    assert "0 sent, 1 failed, 1 still queued." in result.output
    assert "ConnectionRefusedError" in result.output and "retried later" in result.output


def test_flush_reports_a_refusal_for_good(app, db, smtp, runner):
    smtp.inbox.refused.add("nobody@example.org")
    _queue(to="nobody@example.org")
    _queue(to="somebody@example.org")
    db.session.commit()
    result = runner.invoke(args=["mail", "flush"])
    assert result.exit_code == 1
    assert "1 sent, 1 failed, 0 still queued." in result.output
    assert "failed for good" in result.output and "550" in result.output


def test_flush_says_what_another_worker_holds(app, db, smtp, runner):
    message = _queue()
    message.claim_token = "another-worker"
    message.claimed_until = utcnow() + timedelta(minutes=4)
    db.session.commit()
    result = runner.invoke(args=["mail", "flush"])
    assert result.exit_code == 0, result.output
    assert "0 sent, 0 failed, 1 still queued." in result.output
    assert "1 queued being sent by another worker (lease until " in result.output and " UTC)" in result.output


def test_mail_test_prints_the_servers_refusal(app, db, smtp, runner):
    smtp.inbox.refused.add("nobody@example.org")
    result = runner.invoke(args=["mail", "test", "nobody@example.org"])
    assert result.exit_code != 0
    assert "550" in result.output and "marked failed" in result.output


def test_status_counts_queued_failed_and_sent(app, db, smtp, runner):
    sent, failed, later, due = (_queue(to=f"{n}@example.org") for n in ("sent", "failed", "later", "due"))
    sent.status, sent.sent_at = OutboxStatus.SENT, utcnow()
    failed.status = OutboxStatus.FAILED
    later.next_attempt_at = utcnow() + timedelta(minutes=5)
    db.session.commit()
    result = runner.invoke(args=["mail", "status"])
    assert result.exit_code == 0
    assert "queued: 2 (due now 1, waiting to retry 1, being sent 0)" in result.output
    assert "failed: 1" in result.output and "sent: 1" in result.output


class TestOnlyTheWorkerSends:
    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "MAIL_SEND_AFTER_REQUEST": False}

    def test_the_web_process_only_queues(self, app, db, smtp, runner):
        message = _queue()
        db.session.commit()
        services.deliver([message.id])
        services.deliver_committed()
        assert len(smtp.inbox) == 0
        assert _stored(message.id).status == OutboxStatus.QUEUED and _stored(message.id).attempts == 0
        assert "1 sent" in runner.invoke(args=["mail", "worker", "--once"]).output
        assert len(smtp.inbox) == 1


# --- The worker ----------------------------------------------------------------------------------


def test_worker_once_sends_what_is_due_and_what_a_dead_worker_left(app, db, smtp, runner):
    for n in range(3):
        _queue(to=f"due{n}@example.org")
    later = _queue(to="later@example.org")
    later.next_attempt_at = utcnow() + timedelta(minutes=5)
    orphan = _queue(to="orphan@example.org")  # claimed by a worker killed mid-send: its lease ran out
    orphan.claim_token, orphan.claimed_until = "killed-worker", utcnow() - timedelta(seconds=1)
    held = _queue(to="held@example.org")  # a live worker's lease: not ours to send
    held.claim_token, held.claimed_until = "live-worker", utcnow() + timedelta(minutes=5)
    db.session.commit()
    result = runner.invoke(args=["mail", "worker", "--once", "--batch", "2"])
    assert result.exit_code == 0, result.output
    assert "Mail worker stopped: 4 sent, 0 failed" in result.output
    received = sorted(r.rcpt_tos[0] for r in smtp.inbox.received)
    assert received == sorted([f"due{n}@example.org" for n in range(3)] + ["orphan@example.org"])


def test_the_worker_keeps_delivering_what_is_queued_while_it_runs(app, db, smtp, runner):
    def queue_later() -> None:
        time.sleep(0.5)
        with app.app_context():
            _queue(to="later@example.org")
            _db.session.commit()
            _db.session.remove()

    thread = threading.Thread(target=queue_later)
    thread.start()
    started = time.monotonic()
    result = runner.invoke(args=["mail", "worker", "--max-seconds", "4"])
    thread.join()
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    assert [r.rcpt_tos[0] for r in smtp.inbox.received] == ["later@example.org"]
    assert 3.5 < time.monotonic() - started < 10


def test_several_workers_never_send_one_mail_twice(app, db, smtp):
    for n in range(40):
        _queue(to=f"crowd{n}@example.org")
    db.session.commit()
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with app.app_context():
                barrier.wait()
                Worker(current_site(), batch=4).run(once=True)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    recipients = [r.rcpt_tos[0] for r in smtp.inbox.received]
    assert len(recipients) == 40 and len(set(recipients)) == 40


def test_asked_to_stop_it_finishes_the_current_mail_and_gives_the_rest_back(app, db, smtp):
    ids = [_queue(to=f"p{n}@example.org").id for n in range(5)]
    db.session.commit()
    result = delivery.flush(stop=lambda: len(smtp.inbox) >= 2)
    assert (result.sent, result.claimed) == (2, 5)
    rest = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids[2:]))).all()
    assert all(m.status == OutboxStatus.QUEUED and m.claim_token is None and m.attempts == 0 for m in rest)


def test_the_worker_process_delivers_until_sigterm(app, db, smtp, migrated_schema, tmp_path):
    """The real command in its own process (on PostgreSQL it LISTENs); SIGTERM ends it cleanly."""
    env = {k: v for k, v in os.environ.items() if k not in {"APP_ENV", "FLASK_APP"}}
    env.update(
        DATABASE_URL=migrated_schema,
        SECRET_KEY="worker-test-key",
        PUBLIC_URL="https://talkshows.example.org",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(smtp.port),
        UPLOAD_FOLDER=str(tmp_path),
    )
    flask = Path(sys.executable).with_name("flask")
    process = subprocess.Popen(  # nosec B603 - fixed arguments
        [str(flask), "--app", "wsgi", "mail", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _queue(to="first@example.org")
        db.session.commit()
        assert _wait_until(lambda: len(smtp.inbox) == 1), "the worker did not deliver"
        _queue(to="second@example.org")
        db.session.commit()
        assert _wait_until(lambda: len(smtp.inbox) == 2, seconds=10), "the worker stopped delivering"
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Mail worker stopped: 2 sent" in out
    assert "mail worker started" in err


@pytest.mark.skipif(not is_postgres(os.environ.get("TEST_DATABASE_URL", "")), reason="LISTEN/NOTIFY is PostgreSQL's")
def test_a_commit_that_queues_mail_wakes_the_listener_and_a_rollback_does_not(app, db):
    listener = PostgresListener(db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False))
    stopping = threading.Event()
    try:
        assert listener.wait(0.2, stopping) is False
        _queue()
        db.session.rollback()
        assert listener.wait(0.5, stopping) is False
        _queue()
        db.session.commit()
        started = time.monotonic()
        assert listener.wait(10, stopping) is True
        assert time.monotonic() - started < 2
    finally:
        listener.close()


def test_a_row_that_cannot_become_a_mail_fails_alone(app, db, smtp):
    broken = _queue(to="broken@example.org")
    broken.template = None  # a row rendered when queued (before 0007) is sent with its stored text:
    broken.subject = "Line\nBcc: everyone@example.org"  # written past queue_mail, which refuses it
    _queue(to="fine@example.org")
    db.session.commit()
    result = delivery.flush(due_only=True)
    assert (result.sent, result.failed) == (1, 1)
    assert [r.rcpt_tos[0] for r in smtp.inbox.received] == ["fine@example.org"]
    assert _stored(broken.id).status == OutboxStatus.FAILED and "ValueError" in _stored(broken.id).last_error
