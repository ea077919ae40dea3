"""Listen to the series: a moved or cancelled talkshow mails its registrants, more seats move the waiting list.

Receivers add rows to the sender's session and never commit: the change and its mails are
stored together or not at all. The mails are delivered after that commit, at the end of the
request (``mailing.init_app``).
"""

from __future__ import annotations

from typing import Any

from ..series.signals import capacity_changed, talkshow_cancelled, talkshow_rescheduled
from ..site import current_site
from . import notifications, seats


def _rescheduled(
    talkshow: Any, changes: set[str] | None = None, previous: dict[str, Any] | None = None, **_: Any
) -> list[Any]:
    return notifications.on_rescheduled(talkshow, current_site(), set(changes or ()), dict(previous or {}))


def _cancelled(talkshow: Any, **_: Any) -> list[Any]:
    return notifications.on_cancelled(talkshow, current_site())


def _capacity_changed(talkshow: Any, previous_capacity: int | None = None, **_: Any) -> None:
    seats.on_capacity_changed(talkshow, current_site())


def connect() -> None:
    """Idempotent: blinker keeps one connection per receiver."""
    talkshow_rescheduled.connect(_rescheduled, weak=False)
    talkshow_cancelled.connect(_cancelled, weak=False)
    capacity_changed.connect(_capacity_changed, weak=False)
