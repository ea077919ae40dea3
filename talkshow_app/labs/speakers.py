"""Speakers and labs: the series' speaker form links a speaker to the labs they work in.

The link table is the labs feature's (``models.speaker_labs``); the series asks here for the
choices and the chosen labs, so it never needs the lab model itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from ..database import get_by_ids
from ..extensions import db
from .models import Lab


def lab_choices() -> list[tuple[int, str]]:
    """Every lab, by name, as options for the speaker form."""
    return [(lab.id, lab.name) for lab in db.session.scalars(select(Lab).order_by(Lab.name))]


def labs_with_ids(ids: Iterable[int]) -> list[Lab]:
    """The labs with these ids, by name; unknown ids are left out (the caller compares the counts)."""
    return sorted(get_by_ids(Lab, ids), key=lambda lab: lab.name)
