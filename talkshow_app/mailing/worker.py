"""``flask mail worker``: deliver the outbox continuously until stopped.

Each round sends what is due (``delivery.flush(due_only=True)``), then waits: on PostgreSQL for
a NOTIFY on ``services.NOTIFY_CHANNEL`` (sent by every commit that adds outbox rows), with a slow
poll as a safety net; elsewhere (SQLite) it polls every 1.5 s. The wait also ends when the next
retry or an expired lease falls due. ``stop()`` (SIGTERM, SIGINT) ends the run after the message
being sent; the rest of the claim is given back at once. Several workers may run side by side:
claims are atomic, so none sends a mail another one sends.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import psycopg
from psycopg import sql
from sqlalchemy.exc import SQLAlchemyError

from ..database import utcnow
from ..extensions import db
from ..site import Site
from . import delivery
from .services import NOTIFY_CHANNEL

log = logging.getLogger(__name__)

SQLITE_POLL_SECONDS = 1.5
POSTGRES_POLL_SECONDS = 30.0  # LISTEN/NOTIFY wakes the worker; the poll only catches what a NOTIFY missed
WAIT_STEP_SECONDS = 0.5  # how often a wait looks whether the worker was asked to stop
# Work other features add to every round, before delivery (``add_round_task``): each gets the ``Site``,
# must be cheap when there is nothing to do, and commits its own work; a failure is logged, never fatal.
ROUND_TASKS: list[Callable[[Site], object]] = []


def add_round_task(task: Callable[[Site], object]) -> None:
    """Run ``task(site)`` at the start of each worker round (idempotent)."""
    if task not in ROUND_TASKS:
        ROUND_TASKS.append(task)


@dataclass
class WorkerTotals:
    rounds: int = 0
    sent: int = 0
    failed: int = 0
    retrying: int = 0

    def add(self, result: delivery.FlushResult) -> None:
        self.rounds += 1
        self.sent += result.sent
        self.failed += result.failed
        self.retrying += result.retrying


class Waiter(Protocol):
    def wait(self, seconds: float, stopping: threading.Event) -> bool: ...

    def close(self) -> None: ...


class Sleeper:
    """Waits the whole time (or until stopped): polling."""

    def wait(self, seconds: float, stopping: threading.Event) -> bool:
        end = time.monotonic() + seconds
        while not stopping.is_set() and (left := end - time.monotonic()) > 0:
            stopping.wait(min(left, WAIT_STEP_SECONDS))
        return False

    def close(self) -> None:
        pass


class PostgresListener:
    """LISTENs on the outbox channel over a connection of its own; a NOTIFY ends the wait early.

    A lost connection is reopened at the next wait; meanwhile the worker simply polls.
    """

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self.connection: psycopg.Connection | None = None
        self._connect()

    def _connect(self) -> None:
        try:
            self.connection = psycopg.connect(self.conninfo, autocommit=True, connect_timeout=10)
            self.connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(NOTIFY_CHANNEL)))
        except psycopg.Error as error:
            log.warning("mail worker: cannot LISTEN (%s); polling until it can", type(error).__name__)
            self.close()

    def wait(self, seconds: float, stopping: threading.Event) -> bool:
        if self.connection is None:
            self._connect()
        if self.connection is None:
            return Sleeper().wait(seconds, stopping)
        end = time.monotonic() + seconds
        try:
            while not stopping.is_set() and (left := end - time.monotonic()) > 0:
                for _notify in self.connection.notifies(timeout=min(left, WAIT_STEP_SECONDS), stop_after=1):
                    return True
        except psycopg.Error as error:
            log.warning("mail worker: lost the LISTEN connection (%s)", type(error).__name__)
            self.close()
        return False

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            finally:
                self.connection = None


class Worker:
    def __init__(self, site: Site, *, batch: int = 50, poll_seconds: float | None = None) -> None:
        self.site = site
        self.batch = batch
        self.postgres = db.engine.dialect.name == "postgresql"
        default_poll = POSTGRES_POLL_SECONDS if self.postgres else SQLITE_POLL_SECONDS
        self.poll_seconds = poll_seconds if poll_seconds is not None else default_poll
        self.stopping = threading.Event()
        self.totals = WorkerTotals()

    def stop(self, *_signal_args: object) -> None:
        """Finish the message being sent, then end (safe to call from a signal handler)."""
        self.stopping.set()

    def run(self, *, once: bool = False, max_seconds: float | None = None) -> WorkerTotals:
        """Deliver until stopped, for ``max_seconds`` at most, or (``once``) until nothing is due now."""
        deadline = None if max_seconds is None else time.monotonic() + max_seconds
        waiter = self._waiter()
        log.info(
            "mail worker started (%s, polling every %s s)",
            "LISTEN/NOTIFY" if self.postgres else "polling",
            self.poll_seconds,
        )
        try:
            while not self.stopping.is_set():
                more_due = self._round()
                if more_due:
                    continue
                if once or self._past(deadline):
                    break
                waiter.wait(self._wait_seconds(deadline), self.stopping)
                if self._past(deadline):
                    break
        finally:
            waiter.close()
            db.session.remove()
        log.info(
            "mail worker stopped: %s sent, %s retrying, %s failed in %s rounds",
            self.totals.sent,
            self.totals.retrying,
            self.totals.failed,
            self.totals.rounds,
        )
        return self.totals

    def _round(self) -> bool:
        """One delivery round; True when a full batch was claimed (more may be due right now)."""
        for task in ROUND_TASKS:
            try:
                task(self.site)
            except Exception:  # noqa: BLE001 - another feature's work must not stop the mail
                log.exception("mail worker: a round task failed")
                self._reset_session()
        try:
            result = delivery.flush(due_only=True, limit=self.batch, site=self.site, stop=self.stopping.is_set)
        except (SQLAlchemyError, OSError):
            # The database is away (restart, failover): log it and try again after the next wait.
            log.exception("mail worker: a delivery round failed; trying again")
            self._reset_session()
            return False
        self.totals.add(result)
        if result.claimed:
            log.info("mail worker: %s sent, %s to retry, %s failed", result.sent, result.retrying, result.failed)
        return result.claimed >= self.batch

    def _wait_seconds(self, deadline: float | None) -> float:
        seconds = self.poll_seconds
        try:
            due = delivery.next_due()
        except SQLAlchemyError:
            self._reset_session()
            due = None
        if due is not None:
            seconds = min(seconds, max((due - utcnow()).total_seconds(), 0.05))
        if deadline is not None:
            seconds = min(seconds, max(deadline - time.monotonic(), 0.0))
        return seconds

    def _waiter(self) -> Waiter:
        if not self.postgres:
            return Sleeper()
        url = db.engine.url.set(drivername="postgresql")
        return PostgresListener(url.render_as_string(hide_password=False))

    @staticmethod
    def _past(deadline: float | None) -> bool:
        return deadline is not None and time.monotonic() >= deadline

    @staticmethod
    def _reset_session() -> None:
        with contextlib.suppress(SQLAlchemyError):
            db.session.rollback()
        db.session.remove()
