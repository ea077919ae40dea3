"""Factories and helpers for the lab directory's tests."""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from talkshow_app.labs.models import Discipline, Lab

_counter = itertools.count(1)


@pytest.fixture
def make_discipline(db) -> Callable[..., Discipline]:
    def make(**fields: Any) -> Discipline:
        n = next(_counter)
        fields.setdefault("name", f"Discipline {n}")
        fields.setdefault("slug", f"discipline-{n}")
        discipline = Discipline(**fields)
        db.session.add(discipline)
        db.session.commit()
        return discipline

    return make


@pytest.fixture
def make_placed_lab(db) -> Callable[..., Lab]:
    """A lab in a stadsdeel with coordinates; pass themes/disciplines/partners as lists."""

    def make(**fields: Any) -> Lab:
        n = next(_counter)
        fields.setdefault("name", f"Lab {n:03d}")
        fields.setdefault("slug", f"lab-{n}")
        fields.setdefault("stadsdeel", "Centrum")
        fields.setdefault("latitude", 52.07)
        fields.setdefault("longitude", 4.30)
        lab = Lab(**fields)
        db.session.add(lab)
        db.session.commit()
        return lab

    return make


@pytest.fixture
def count_queries(db) -> Callable[[], Any]:
    """``with count_queries() as counted: …`` then ``len(counted)`` is the number of SQL statements."""

    @contextmanager
    def counting() -> Iterator[list[str]]:
        statements: list[str] = []

        def record(_conn, _cursor, statement, *_args) -> None:
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", record)

    return counting
