"""Fixtures of the series tests: an organiser, and a way to record the signals services emit."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event

from talkshow_app.accounts.models import Role
from talkshow_app.extensions import db as _db
from talkshow_app.series import signals
from tests.browser.conftest import browser  # noqa: F401  (one Chromium for this package, stopped after it)


@pytest.fixture
def organiser(make_user):
    return make_user(role=Role.ORGANISER)


@pytest.fixture
def emitted() -> Iterator[list[tuple[str, object, dict]]]:
    """Every series signal sent during the test, as (name, sender, kwargs)."""
    seen: list[tuple[str, object, dict]] = []
    receivers = []
    for signal in (signals.talkshow_rescheduled, signals.talkshow_cancelled, signals.capacity_changed):
        def receiver(sender, _name=signal.name, **kwargs):
            seen.append((_name, sender, kwargs))
        signal.connect(receiver)
        receivers.append((signal, receiver))
    yield seen
    for signal, receiver in receivers:
        signal.disconnect(receiver)


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args) -> None:
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """Use as ``with count_queries() as counter: …``; counts SQL statements sent to the database."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        counter = QueryCounter()
        with app.app_context():
            engine = _db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return counting
