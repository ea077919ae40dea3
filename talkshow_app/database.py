"""Declarative base and column types shared by every feature's models."""

from __future__ import annotations

import enum
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import DateTime, Enum, MetaData, event, select
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import DeclarativeBase, scoped_session
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so migrations can alter them on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every backend.

    SQLite keeps no offset, so naive values read back are UTC by construction; naive values
    going in are refused because nobody can tell which clock they came from.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def value_enum(kind: type[enum.Enum], length: int = 20) -> Enum:
    """Enums stored as their readable values in a VARCHAR, the same on SQLite and PostgreSQL."""
    return Enum(kind, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """SQLite: enforce foreign keys, let readers and one writer work side by side, wait for locks.

    ``synchronous=NORMAL`` is SQLite's advice for WAL: a commit no longer waits for the disk (only
    checkpoints do), and the database stays consistent whatever happens. The price: a power cut (not a
    crashed process) may undo the last commits. That fits the embedded default (``make run``, a small
    single-host site); production runs PostgreSQL, whose commits wait for their WAL flush.
    """
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


ModelT = TypeVar("ModelT")


def _session() -> scoped_session[Any]:
    from .extensions import db  # cycle: extensions builds its SQLAlchemy() on Base from this module

    return db.session


@contextmanager
def transaction() -> Iterator[scoped_session[Any]]:
    """One use case, one transaction: commit when the block ends, roll back (and re-raise) on any error.

    Signals sent inside the block let other features add their rows (mails in the outbox) to the
    same transaction, so a change and its mail are stored together or not at all.
    """
    session = _session()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def get_by_ids(model: type[ModelT], ids: Iterable[int]) -> list[ModelT]:
    """The rows with these ids, in the order the ids were given; unknown ids are left out."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return []
    rows = {row.id: row for row in _session().scalars(select(model).where(model.id.in_(wanted)))}  # type: ignore[attr-defined]
    return [rows[i] for i in wanted if i in rows]


def slug_taken(model: Any, exclude_id: int | None = None) -> Callable[[str], bool]:
    """A test for ``unique_slug``: is this slug used by another row of ``model``?"""

    def is_taken(candidate: str) -> bool:
        query = select(model.id).where(model.slug == candidate)
        if exclude_id is not None:
            query = query.where(model.id != exclude_id)
        return _session().scalar(query.limit(1)) is not None

    return is_taken
