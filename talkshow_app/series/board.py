"""The series board: the target, the core themes covered, and what each talkshow still needs."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from . import planning
from .models import Talkshow, TalkshowSpeaker
from .public import themes
from .scheduling import planned


@dataclass(frozen=True)
class BoardRow:
    talkshow: Talkshow
    readiness: planning.Readiness
    conflicts: list[planning.Conflict]


@dataclass(frozen=True)
class Board:
    coverage: planning.Coverage
    rows: list[BoardRow]


def series_board(target: int) -> Board:
    """Everything the board shows, in a fixed number of queries."""
    talkshows = list(
        db.session.scalars(
            select(Talkshow)
            .order_by(Talkshow.starts_at, Talkshow.id)
            .options(
                selectinload(Talkshow.theme),
                selectinload(Talkshow.venue),
                selectinload(Talkshow.speaker_links).selectinload(TalkshowSpeaker.speaker),
            )
        )
    )
    plans = [planned(t) for t in talkshows]
    conflicts = planning.conflicts_by_talkshow(plans)
    core = [planning.ThemeRef(t.id, t.slug, t.name) for t in themes() if t.is_core]
    rows = [BoardRow(t, planning.readiness(p), conflicts.get(t.id, [])) for t, p in zip(talkshows, plans, strict=True)]
    return Board(coverage=planning.coverage(plans, core, target), rows=rows)
