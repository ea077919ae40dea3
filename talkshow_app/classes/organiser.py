"""What organisers see of class blocks: per talkshow on the attendee list, totals on the series board."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..extensions import db
from .models import ClassBlock


@dataclass(frozen=True)
class Totals:
    blocks: int = 0
    held: int = 0  # seats blocks still keep from the public
    joined: int = 0  # students who joined a block


def blocks_of(talkshow_id: int) -> list[ClassBlock]:
    """The talkshow's blocks, oldest first (read-only: the templates show them)."""
    query = (
        select(ClassBlock).where(ClassBlock.talkshow_id == talkshow_id).order_by(ClassBlock.created_at, ClassBlock.id)
    )
    return list(db.session.scalars(query))


def totals(talkshow_ids: list[int]) -> dict[int, Totals]:
    """Per talkshow that has blocks: how many, the seats they hold and the students who joined; one query."""
    if not talkshow_ids:
        return {}
    found: dict[int, Totals] = {}
    for block in db.session.scalars(select(ClassBlock).where(ClassBlock.talkshow_id.in_(sorted(set(talkshow_ids))))):
        now = found.get(block.talkshow_id, Totals())
        found[block.talkshow_id] = Totals(now.blocks + 1, now.held + block.held, now.joined + block.joined)
    return found
