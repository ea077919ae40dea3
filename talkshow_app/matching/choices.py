"""What the matching forms offer to choose from, and the check that what came back was on offer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..database import get_by_ids
from ..extensions import db
from ..labs.models import Discipline, Lab
from ..series.models import Organisation, Talkshow, Theme
from .errors import MatchingError

NOT_POSSIBLE = _l("This choice is not possible.")


def themes() -> list[Theme]:
    return list(db.session.scalars(select(Theme).order_by(Theme.position, Theme.name)))


def disciplines() -> list[Discipline]:
    return list(db.session.scalars(select(Discipline).order_by(Discipline.name)))


def institutions() -> list[Organisation]:
    """Partners first; any organisation may offer."""
    return list(db.session.scalars(select(Organisation).order_by(Organisation.is_partner.desc(), Organisation.name)))


def labs() -> list[Lab]:
    return list(db.session.scalars(select(Lab).order_by(Lab.name)))


def talkshows() -> list[Talkshow]:
    return list(db.session.scalars(select(Talkshow).order_by(Talkshow.starts_at.desc())))


def known(model: Any, ids: Iterable[int], field: str, errors: dict[str, list[Any]]) -> list[Any]:
    """The rows with these ids; an unknown id adds an error on ``field``."""
    wanted = sorted(set(ids))
    found = get_by_ids(model, wanted)
    if len(found) != len(wanted):
        errors.setdefault(field, []).append(NOT_POSSIBLE)
    return found


def refuse_if_any(errors: Mapping[str, list[Any]]) -> None:
    """One MatchingError naming every refused field, when there is any."""
    if any(errors.values()):
        raise MatchingError(errors)
