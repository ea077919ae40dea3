"""Refusals of the series' use cases, and the sentences organisers read about schedule conflicts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l

from ..domain import DomainError
from .planning import Conflict, ConflictKind

# The form field a conflict belongs to.
CONFLICT_FIELDS = {
    ConflictKind.ENDS_BEFORE_START: "ends_at",
    ConflictKind.VENUE_OVERLAP: "venue_id",
    ConflictKind.SPEAKER_OVERLAP: "speakers",
}


class FieldErrors(dict[str, list[Any]]):
    """Messages gathered field by field while checking input, so every problem is reported at once."""

    def add(self, field: str, message: Any) -> None:
        self.setdefault(field, []).append(message)


class PlanningError(DomainError):
    """Refused input, field by field (see ``DomainError``).

    ``conflicts`` holds the schedule conflicts found; when all of them may be overridden and no
    other error exists, the organiser can save anyway.
    """

    def __init__(self, errors: Mapping[str, Sequence[Any]] | None = None, conflicts: Sequence[Conflict] = ()):
        super().__init__(errors)
        self.conflicts = list(conflicts)

    @property
    def can_be_overridden(self) -> bool:
        return (
            bool(self.conflicts)
            and all(c.can_be_overridden for c in self.conflicts)
            and set(self.errors) <= {CONFLICT_FIELDS[c.kind] for c in self.conflicts}
        )


def conflict_message(conflict: Conflict) -> Any:
    """The sentence an organiser reads about one conflict."""
    if conflict.kind is ConflictKind.ENDS_BEFORE_START:
        return _l("The end must be later than the start.")
    if conflict.kind is ConflictKind.VENUE_OVERLAP:
        return _l("The venue is already booked at this time for “%(title)s”.", title=conflict.other_title)
    return _l(
        "%(speaker)s already takes part in “%(title)s” at this time.",
        speaker=conflict.speaker_name,
        title=conflict.other_title,
    )
