"""When a lab's entry needs checking again (pure: no Flask, no database).

Labs move, end and change contacts; an entry nobody has looked at for a year is probably wrong,
so organisers see it marked until someone checks it again.
"""

from __future__ import annotations

from datetime import date

STALE_AFTER_MONTHS = 12


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (clamped to the month's end: 31 March − 1 → 28/29 Feb)."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def stale_before(today: date, months: int = STALE_AFTER_MONTHS) -> date:
    """Entries last checked before this day are stale."""
    return months_before(today, months)


def is_stale(last_checked_on: date | None, today: date, months: int = STALE_AFTER_MONTHS) -> bool:
    """Never checked, or checked longer than `months` months ago."""
    return last_checked_on is None or last_checked_on < stale_before(today, months)
