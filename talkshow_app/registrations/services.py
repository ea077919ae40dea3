"""Registration use cases: register, cancel, promote, check in, forget; each owns its transaction."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from ..database import utcnow
from ..extensions import db
from ..series.models import Talkshow
from . import capacity
from .models import Registration, RegistrationStatus


@dataclass(frozen=True)
class SeatCounts:
    confirmed: int = 0
    waitlisted: int = 0
    cancelled: int = 0
    checked_in: int = 0
    # Share of confirmed people who did not check in; only for talkshows that are over.
    no_show_rate: float | None = None


def seat_counts(talkshow_ids: list[int]) -> dict[int, SeatCounts]:
    """Counts per talkshow in one grouped query; every asked id is in the answer (zeros when nobody registered)."""
    ids = sorted(set(talkshow_ids))
    if not ids:
        return {}

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = (
        select(
            Talkshow.id,
            Talkshow.ends_at,
            count(Registration.status == RegistrationStatus.CONFIRMED),
            count(Registration.status == RegistrationStatus.WAITLISTED),
            count(Registration.status == RegistrationStatus.CANCELLED),
            count(Registration.checked_in_at.is_not(None)),
        )
        .select_from(Talkshow)
        .outerjoin(Registration, Registration.talkshow_id == Talkshow.id)
        .where(Talkshow.id.in_(ids))
        .group_by(Talkshow.id, Talkshow.ends_at)
    )
    now = utcnow()
    result = {talkshow_id: SeatCounts() for talkshow_id in ids}
    for talkshow_id, ends_at, confirmed, waitlisted, cancelled, checked_in in db.session.execute(query):
        past = ends_at is not None and ends_at < now
        result[talkshow_id] = SeatCounts(
            confirmed=int(confirmed),
            waitlisted=int(waitlisted),
            cancelled=int(cancelled),
            checked_in=int(checked_in),
            no_show_rate=capacity.no_show_rate(int(confirmed), int(checked_in)) if past else None,
        )
    return result
