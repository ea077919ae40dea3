"""Planning rules of the series over plain values: conflicts, readiness and coverage.

No Flask and no database here, so every rule an organiser relies on is tested directly.
Services turn talkshows into ``PlannedTalkshow`` values and hand them in.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

DRAFT, PUBLISHED, CANCELLED = "draft", "published", "cancelled"
HOST = "host"


class ConflictKind(enum.StrEnum):
    ENDS_BEFORE_START = "ends_before_start"
    VENUE_OVERLAP = "venue_overlap"
    SPEAKER_OVERLAP = "speaker_overlap"

    @property
    def can_be_overridden(self) -> bool:
        """A double booking may be deliberate (a split room, a host who walks over); a negative duration never is."""
        return self is not ConflictKind.ENDS_BEFORE_START


@dataclass(frozen=True)
class Appearance:
    speaker_id: int
    name: str
    part: str


@dataclass(frozen=True)
class PlannedTalkshow:
    """What the planning rules need to know about one talkshow."""

    id: int | None
    slug: str
    title: str
    starts_at: datetime | None
    ends_at: datetime | None
    status: str = DRAFT
    theme_id: int | None = None
    venue_id: int | None = None
    capacity: int = 0
    speakers: tuple[Appearance, ...] = ()

    @property
    def is_cancelled(self) -> bool:
        return self.status == CANCELLED

    @property
    def has_valid_times(self) -> bool:
        return self.starts_at is not None and self.ends_at is not None and self.ends_at > self.starts_at


@dataclass(frozen=True)
class Conflict:
    kind: ConflictKind
    other_title: str | None = None
    other_slug: str | None = None
    speaker_name: str | None = None

    @property
    def can_be_overridden(self) -> bool:
        return self.kind.can_be_overridden


def overlaps(a: PlannedTalkshow, b: PlannedTalkshow) -> bool:
    """Half-open intervals: one talkshow ending at 20:00 and the next starting at 20:00 do not overlap."""
    if not (a.has_valid_times and b.has_valid_times):
        return False
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at  # type: ignore[operator]


def conflicts(candidate: PlannedTalkshow, others: Iterable[PlannedTalkshow]) -> list[Conflict]:
    """Everything wrong with the candidate's schedule, compared with the other talkshows.

    Cancelled talkshows free their venue and speakers, so they never conflict. The candidate
    itself (same id) is skipped, so an edit does not conflict with its stored version.
    """
    found: list[Conflict] = []
    if candidate.starts_at is not None and candidate.ends_at is not None and candidate.ends_at <= candidate.starts_at:
        found.append(Conflict(ConflictKind.ENDS_BEFORE_START))
        return found
    if candidate.is_cancelled:
        return found
    speaker_names = {a.speaker_id: a.name for a in candidate.speakers}
    earliest = datetime.min.replace(tzinfo=UTC)
    for other in sorted(others, key=lambda o: (o.starts_at is None, o.starts_at or earliest, o.slug)):
        if other.is_cancelled or (candidate.id is not None and other.id == candidate.id):
            continue
        if not overlaps(candidate, other):
            continue
        if candidate.venue_id is not None and candidate.venue_id == other.venue_id:
            found.append(Conflict(ConflictKind.VENUE_OVERLAP, other.title, other.slug))
        shared = sorted(speaker_names.keys() & {a.speaker_id for a in other.speakers}, key=lambda i: speaker_names[i])
        for speaker_id in shared:
            found.append(Conflict(ConflictKind.SPEAKER_OVERLAP, other.title, other.slug, speaker_names[speaker_id]))
    return found


def conflicts_by_talkshow(talkshows: Sequence[PlannedTalkshow]) -> dict[int, list[Conflict]]:
    """Every talkshow's conflicts with the rest of the series, for the board (ids without conflicts left out)."""
    result: dict[int, list[Conflict]] = {}
    for talkshow in talkshows:
        if talkshow.id is None:
            continue
        found = conflicts(talkshow, talkshows)
        if found:
            result[talkshow.id] = found
    return result


class Check(enum.StrEnum):
    THEME = "theme"
    DATE = "date"
    VENUE = "venue"
    HOST = "host"
    GUEST = "guest"
    CAPACITY = "capacity"
    PUBLISHED = "published"


@dataclass(frozen=True)
class Readiness:
    checks: tuple[tuple[Check, bool], ...]

    @property
    def ready(self) -> bool:
        return all(done for _check, done in self.checks)

    @property
    def missing(self) -> list[Check]:
        return [check for check, done in self.checks if not done]

    @property
    def done_count(self) -> int:
        return sum(1 for _check, done in self.checks if done)

    def __getitem__(self, check: Check) -> bool:
        return dict(self.checks)[check]


def readiness(talkshow: PlannedTalkshow) -> Readiness:
    """The checklist an organiser works through before a talkshow can go out.

    Every speaker who is not the host counts as a guest: researchers, students and residents
    are the guests of the talkshow too.
    """
    parts = [a.part for a in talkshow.speakers]
    return Readiness(
        checks=(
            (Check.THEME, talkshow.theme_id is not None),
            (Check.DATE, talkshow.has_valid_times),
            (Check.VENUE, talkshow.venue_id is not None),
            (Check.HOST, HOST in parts),
            (Check.GUEST, any(part != HOST for part in parts)),
            (Check.CAPACITY, talkshow.capacity > 0),
            (Check.PUBLISHED, talkshow.status == PUBLISHED),
        )
    )


@dataclass(frozen=True)
class ThemeRef:
    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class Coverage:
    target: int
    planned: int
    published: int
    covered: tuple[ThemeRef, ...] = field(default=())
    missing: tuple[ThemeRef, ...] = field(default=())

    @property
    def target_planned(self) -> bool:
        return self.planned >= self.target

    @property
    def target_published(self) -> bool:
        return self.published >= self.target

    @property
    def still_to_plan(self) -> int:
        return max(self.target - self.planned, 0)


def coverage(talkshows: Iterable[PlannedTalkshow], core_themes: Sequence[ThemeRef], target: int) -> Coverage:
    """The series against its target: planned means not cancelled (drafts count), published means public.

    A core theme is covered once a planned talkshow is about it.
    """
    planned = [t for t in talkshows if not t.is_cancelled]
    themes_planned = {t.theme_id for t in planned}
    return Coverage(
        target=max(target, 0),
        planned=len(planned),
        published=sum(1 for t in planned if t.status == PUBLISHED),
        covered=tuple(theme for theme in core_themes if theme.id in themes_planned),
        missing=tuple(theme for theme in core_themes if theme.id not in themes_planned),
    )
