"""``flask mail flush | test | status | worker``: the outbox from the command line (see shared/CONTRACT.md)."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import click
from flask import Flask, current_app

from ..extensions import db
from ..site import current_site
from . import delivery, services
from .delivery import Failure, FlushResult
from .models import OutboxMessage, OutboxStatus
from .worker import Worker


def register(app: Flask) -> None:
    app.cli.add_command(mail_group)


@click.group("mail")
def mail_group() -> None:
    """The e-mail outbox."""


@mail_group.command("flush")
@click.option("--retry-failed", is_flag=True, help="Also retry mails that failed for good (refused, out of tries).")
@click.option("--limit", default=500, show_default=True, help="At most this many mails per run.")
def mail_flush(retry_failed: bool, limit: int) -> None:
    """Deliver queued e-mail now, retrying earlier failures; exits 1 when any delivery failed.

    Safe to run beside the worker and from several processes: no mail is sent twice.
    """
    result = delivery.flush(limit=limit, retry_failed=retry_failed, site=current_site())
    click.echo(f"{result.sent} sent, {result.failed + result.retrying} failed, {result.still_queued} still queued.")
    _echo_failures(result.failures)
    _echo_locked(result)
    if not result.ok:
        raise SystemExit(1)


@mail_group.command("test")
@click.argument("address")
def mail_test(address: str) -> None:
    """Send a test message to ADDRESS, to check the mail settings; exits 1 with the server's answer when it fails."""
    site = current_site()
    message = services.queue_mail(to=address, template="mailing/email/test", language="nl", context={}, site=site)
    db.session.commit()
    result = delivery.flush(ids=[message.id], site=site)
    if result.sent == 1 or (not result.failures and _sent_by_another_worker(message.id)):
        click.echo(f"Test message sent to {address}.")
        return
    if not result.failures:
        raise click.ClickException("The test message was not sent in time; it stays queued (see `flask mail status`).")
    failure = result.failures[0]
    then = (
        "it stays queued (see `flask mail flush`)"
        if failure.will_retry
        else "it is marked failed (`flask mail flush --retry-failed` tries again)"
    )
    raise click.ClickException(f"The test message could not be delivered: {failure.reason}; {then}.")


@mail_group.command("status")
def mail_status() -> None:
    """Queued / failed / sent counts."""
    counts = delivery.counts()
    oldest = f"; the oldest since {_utc(counts.oldest_queued_at)}" if counts.oldest_queued_at else ""
    click.echo(
        f"queued: {counts.queued} (due now {counts.due}, waiting to retry {counts.retry_later}, "
        f"being sent {counts.locked}){oldest}"
    )
    click.echo(f"failed: {counts.failed}")
    click.echo(f"sent: {counts.sent}")


@mail_group.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
@click.option("--max-seconds", type=float, default=None, help="Stop after this many seconds.")
@click.option(
    "--poll-seconds",
    type=float,
    default=None,
    help="Look for due mail at least this often (default 1.5 on SQLite; 30 on PostgreSQL, which notifies).",
)
@click.option("--batch", default=50, show_default=True, help="Mails claimed per round.")
def mail_worker(once: bool, max_seconds: float | None, poll_seconds: float | None, batch: int) -> None:
    """Deliver the outbox continuously until stopped (SIGTERM or Ctrl-C end it after the current message)."""
    worker = Worker(current_site(), batch=batch, poll_seconds=poll_seconds)
    with _stopped_by_signals(worker):
        totals = worker.run(once=once, max_seconds=max_seconds)
    click.echo(
        f"Mail worker stopped: {totals.sent} sent, {totals.retrying + totals.failed} failed ({totals.failed} for good)."
    )


@contextmanager
def _stopped_by_signals(worker: Worker) -> Iterator[None]:
    """SIGTERM (systemd, docker) and SIGINT (Ctrl-C) ask the worker to stop; the old handlers come back after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, worker.stop) for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _echo_failures(failures: tuple[Failure, ...]) -> None:
    groups: dict[tuple[str, bool], list[int]] = {}
    for failure in failures:
        groups.setdefault((failure.reason, failure.will_retry), []).append(failure.message_id)
    for (reason, will_retry), ids in groups.items():
        then = "stays queued and is retried later" if will_retry else "failed for good (`--retry-failed` tries again)"
        listed = ", ".join(str(i) for i in ids[:10]) + (", …" if len(ids) > 10 else "")
        click.echo(f"Not delivered ({len(ids)} × {then}; id {listed}): {reason}", err=True)


def _echo_locked(result: FlushResult) -> None:
    if result.locked:
        click.echo(
            f"{result.locked} queued being sent by another worker (lease until {_utc(result.locked_until)}).",
        )


def _sent_by_another_worker(message_id: int) -> bool:
    """The row was claimed by a running worker first: wait (a little longer than one SMTP try) for its outcome."""
    end = time.monotonic() + current_app.config.get("MAIL_TIMEOUT_SECONDS", 10) + 5
    while time.monotonic() < end:
        db.session.rollback()  # a fresh read each time
        status = db.session.get(OutboxMessage, message_id, populate_existing=True)
        if status is None or status.status != OutboxStatus.QUEUED or status.claim_token is None:
            return status is not None and status.status == OutboxStatus.SENT
        time.sleep(0.5)
    return False


def _utc(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC" if moment else "-"
