"""Factories for questions, offers and disciplines."""
from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from talkshow_app.labs.models import Discipline
from talkshow_app.matching.models import (
    AskerKind,
    HelpKind,
    Level,
    Offer,
    OfferKind,
    PreferredStadsdeel,
    Question,
    QuestionState,
)

_counter = itertools.count(1)


@pytest.fixture
def make_discipline(db) -> Callable[..., Discipline]:
    def make(name: str | None = None, **fields: Any) -> Discipline:
        n = next(_counter)
        name = name or f"Discipline {n}"
        fields.setdefault("slug", f"discipline-{n}")
        discipline = Discipline(name=name, **fields)
        db.session.add(discipline)
        db.session.commit()
        return discipline

    return make


@pytest.fixture
def make_question(db, make_theme) -> Callable[..., Question]:
    """An accepted question in Centrum with a window in the coming months."""

    def make(**fields: Any) -> Question:
        n = next(_counter)
        fields.setdefault("title", f"Vraag {n} over de buurt")
        fields.setdefault("slug", f"vraag-{n}")
        fields.setdefault("description", "Bewoners willen weten hoe de buurt samen sterker wordt.")
        fields.setdefault("asker_kind", AskerKind.RESIDENT)
        if "theme" not in fields and "theme_id" not in fields:
            fields["theme"] = make_theme()
        fields.setdefault("stadsdeel", "Centrum")
        fields.setdefault("help_kind", HelpKind.STUDENT_PROJECT)
        fields.setdefault("starts_on", date.today() + timedelta(days=30))
        fields.setdefault("deadline", date.today() + timedelta(days=120))
        fields.setdefault("contact_name", "Geheime Vraagsteller")
        fields.setdefault("contact_email", f"geheim.vrager{n}@example.org")
        fields.setdefault("contact_phone", "070 123 4567")
        fields.setdefault("state", QuestionState.ACCEPTED)
        question = Question(**fields)
        db.session.add(question)
        db.session.commit()
        return question

    return make


@pytest.fixture
def make_offer(db, make_organisation) -> Callable[..., Offer]:
    """An open offer running from now for half a year, with two teams of room, city-wide."""

    def make(stadsdelen: tuple[str, ...] = (), **fields: Any) -> Offer:
        n = next(_counter)
        fields.setdefault("title", f"Minor {n}")
        fields.setdefault("slug", f"minor-{n}")
        fields.setdefault("kind", OfferKind.MINOR)
        if "institution" not in fields and "institution_id" not in fields:
            fields["institution"] = make_organisation()
        fields.setdefault("programme", "Social Work")
        fields.setdefault("level", Level.HBO_BACHELOR)
        fields.setdefault("period_start", date.today())
        fields.setdefault("period_end", date.today() + timedelta(days=180))
        fields.setdefault("capacity", 2)
        fields.setdefault("remaining_capacity", fields["capacity"])
        fields.setdefault("contact_name", "Docent Aanbod")
        fields.setdefault("contact_email", f"docent{n}@example.org")
        offer = Offer(**fields)
        offer.preferred_places = [PreferredStadsdeel(stadsdeel=s) for s in stadsdelen]
        db.session.add(offer)
        db.session.commit()
        return offer

    return make


@pytest.fixture
def count_queries(db):
    """Counts the SQL statements run inside the ``with`` block: ``with count_queries() as seen: …; len(seen)``."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        statements: list[str] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            if not statement.lstrip().upper().startswith(("PRAGMA", "SAVEPOINT", "RELEASE")):
                statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting
