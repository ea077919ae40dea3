"""Parsing helpers for the calendar tests: two independent parsers and a query counter."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import icalendar
from ical.calendar import Calendar as StrictCalendar
from ical.calendar_stream import IcsCalendarStream
from sqlalchemy import event


def parse_strict(text: str) -> StrictCalendar:
    """The independent, strict parser (the ``ical`` package): raises on anything invalid."""
    return IcsCalendarStream.calendar_from_ics(text)


def parse_icalendar(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def parse_both(text: str) -> tuple[icalendar.Calendar, StrictCalendar]:
    return parse_icalendar(text), parse_strict(text)


def only_event(calendar: icalendar.Calendar) -> icalendar.Event:
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def unfolded_lines(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


@contextmanager
def count_queries(db) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
