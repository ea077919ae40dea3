"""The planning rules without Flask or a database."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from talkshow_app.series.planning import (
    Appearance,
    Check,
    ConflictKind,
    PlannedTalkshow,
    ThemeRef,
    conflicts,
    conflicts_by_talkshow,
    coverage,
    overlaps,
    readiness,
)

EVENING = datetime(2027, 3, 11, 19, 0, tzinfo=UTC)
HOST = Appearance(1, "Joost", "host")
GUEST = Appearance(2, "Fatima", "guest")
RESEARCHER = Appearance(3, "Sanne", "researcher")


def plan(id=1, start=EVENING, hours=2.0, venue=10, speakers=(), status="published", theme=1, capacity=50, **kw):
    return PlannedTalkshow(
        id=id, slug=kw.pop("slug", f"t{id}"), title=kw.pop("title", f"Talkshow {id}"),
        starts_at=start, ends_at=None if start is None else start + timedelta(hours=hours),
        status=status, theme_id=theme, venue_id=venue, capacity=capacity, speakers=tuple(speakers), **kw,
    )


class TestConflicts:
    def test_end_before_start_is_a_conflict_that_cannot_be_overridden(self):
        found = conflicts(plan(hours=-1), [])
        assert [c.kind for c in found] == [ConflictKind.ENDS_BEFORE_START]
        assert not found[0].can_be_overridden

    def test_end_equal_to_start_is_a_conflict(self):
        assert [c.kind for c in conflicts(plan(hours=0), [])] == [ConflictKind.ENDS_BEFORE_START]

    def test_end_before_start_stops_further_checks(self):
        other = plan(id=2, venue=10)
        assert [c.kind for c in conflicts(plan(hours=-1), [other])] == [ConflictKind.ENDS_BEFORE_START]

    def test_same_venue_overlapping_names_the_other_talkshow(self):
        other = plan(id=2, start=EVENING + timedelta(hours=1), title="Veilig over straat", slug="veilig-over-straat")
        [conflict] = conflicts(plan(id=1), [other])
        assert conflict.kind == ConflictKind.VENUE_OVERLAP
        assert (conflict.other_title, conflict.other_slug) == ("Veilig over straat", "veilig-over-straat")
        assert conflict.can_be_overridden

    def test_other_venue_at_the_same_time_is_fine(self):
        assert conflicts(plan(id=1, venue=10), [plan(id=2, venue=11)]) == []

    def test_back_to_back_at_one_venue_is_fine(self):
        assert conflicts(plan(id=1), [plan(id=2, start=EVENING + timedelta(hours=2))]) == []
        assert conflicts(plan(id=1), [plan(id=2, start=EVENING - timedelta(hours=2))]) == []

    def test_one_minute_overlap_is_a_conflict(self):
        other = plan(id=2, start=EVENING + timedelta(hours=2) - timedelta(minutes=1))
        assert [c.kind for c in conflicts(plan(id=1), [other])] == [ConflictKind.VENUE_OVERLAP]

    def test_without_venue_there_is_no_venue_conflict(self):
        assert conflicts(plan(id=1, venue=None), [plan(id=2, venue=None)]) == []

    def test_speaker_in_two_overlapping_talkshows(self):
        other = plan(id=2, venue=11, speakers=[GUEST, HOST], title="Ander", slug="ander")
        found = conflicts(plan(id=1, venue=12, speakers=[HOST, RESEARCHER]), [other])
        assert [(c.kind, c.speaker_name, c.other_slug) for c in found] == [(ConflictKind.SPEAKER_OVERLAP, "Joost", "ander")]

    def test_every_shared_speaker_is_named(self):
        other = plan(id=2, venue=11, speakers=[GUEST, HOST])
        found = conflicts(plan(id=1, venue=12, speakers=[HOST, GUEST]), [other])
        assert sorted(c.speaker_name for c in found) == ["Fatima", "Joost"]

    def test_venue_and_speaker_conflict_together(self):
        found = conflicts(plan(id=1, speakers=[HOST]), [plan(id=2, speakers=[HOST])])
        assert {c.kind for c in found} == {ConflictKind.VENUE_OVERLAP, ConflictKind.SPEAKER_OVERLAP}

    def test_speaker_on_another_evening_is_fine(self):
        assert conflicts(plan(id=1, speakers=[HOST]), [plan(id=2, start=EVENING + timedelta(days=7), speakers=[HOST])]) == []

    @pytest.mark.parametrize("which", ["candidate", "other"])
    def test_cancelled_talkshows_free_venue_and_speakers(self, which):
        candidate = plan(id=1, speakers=[HOST], status="cancelled" if which == "candidate" else "published")
        other = plan(id=2, speakers=[HOST], status="cancelled" if which == "other" else "published")
        assert conflicts(candidate, [other]) == []

    def test_drafts_do_conflict(self):
        assert conflicts(plan(id=1, status="draft"), [plan(id=2, status="draft")]) != []

    def test_a_talkshow_does_not_conflict_with_its_stored_self(self):
        assert conflicts(plan(id=1, speakers=[HOST]), [plan(id=1, speakers=[HOST])]) == []

    def test_a_new_talkshow_without_id_is_compared_with_everything(self):
        assert [c.kind for c in conflicts(plan(id=None), [plan(id=1)])] == [ConflictKind.VENUE_OVERLAP]

    def test_conflicts_are_in_schedule_order(self):
        later = plan(id=3, start=EVENING + timedelta(hours=1), slug="later")
        earlier = plan(id=2, start=EVENING - timedelta(hours=1), slug="earlier")
        assert [c.other_slug for c in conflicts(plan(id=1, hours=3), [later, earlier])] == ["earlier", "later"]

    def test_across_a_dst_change_aware_times_compare_as_instants(self):
        # 27 March 2027 → clocks go forward on 28 March; an 01:30–03:30 UTC slot overlaps 02:30–04:00 UTC.
        night = datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
        assert overlaps(plan(start=night), plan(id=2, start=night + timedelta(hours=1)))

    def test_board_lists_conflicts_for_both_sides(self):
        series = [plan(id=1), plan(id=2), plan(id=3, venue=99)]
        result = conflicts_by_talkshow(series)
        assert set(result) == {1, 2}
        assert result[1][0].other_slug == "t2" and result[2][0].other_slug == "t1"


class TestReadiness:
    def test_complete_talkshow_is_ready(self):
        result = readiness(plan(speakers=[HOST, GUEST]))
        assert result.ready and result.missing == [] and result.done_count == 7

    def test_checks_are_in_the_boards_order(self):
        assert [c for c, _ in readiness(plan()).checks] == list(Check)

    @pytest.mark.parametrize(
        ("changes", "missing"),
        [
            ({"theme": None}, Check.THEME),
            ({"start": None}, Check.DATE),
            ({"hours": -1}, Check.DATE),
            ({"venue": None}, Check.VENUE),
            ({"capacity": 0}, Check.CAPACITY),
            ({"status": "draft"}, Check.PUBLISHED),
            ({"status": "cancelled"}, Check.PUBLISHED),
        ],
    )
    def test_each_check_fails_on_its_own(self, changes, missing):
        result = readiness(plan(speakers=[HOST, GUEST], **changes))
        assert result.missing == [missing]
        assert not result.ready and result[missing] is False

    def test_host_and_guest_are_separate_checks(self):
        assert readiness(plan(speakers=[])).missing == [Check.HOST, Check.GUEST]
        assert readiness(plan(speakers=[HOST])).missing == [Check.GUEST]
        assert readiness(plan(speakers=[GUEST])).missing == [Check.HOST]

    def test_researchers_students_and_residents_count_as_guests(self):
        for part in ("researcher", "student", "resident"):
            assert readiness(plan(speakers=[HOST, Appearance(9, "X", part)])).ready


class TestCoverage:
    CORE = (ThemeRef(1, "samenleven", "Samenleven"), ThemeRef(2, "onderwijs", "Onderwijs"),
            ThemeRef(3, "veiligheid", "Veiligheid"), ThemeRef(4, "ondernemen", "Ondernemen"))

    def test_empty_series(self):
        result = coverage([], self.CORE, target=7)
        assert (result.planned, result.published, result.still_to_plan) == (0, 0, 7)
        assert result.covered == () and [t.slug for t in result.missing] == ["samenleven", "onderwijs", "veiligheid", "ondernemen"]
        assert not result.target_planned and not result.target_published

    def test_planned_excludes_cancelled_and_published_counts_only_published(self):
        series = [plan(id=1), plan(id=2, status="draft"), plan(id=3, status="cancelled"), plan(id=4)]
        result = coverage(series, self.CORE, target=3)
        assert (result.planned, result.published) == (3, 2)
        assert result.target_planned and not result.target_published and result.still_to_plan == 0

    def test_themes_covered_by_planned_talkshows_only(self):
        series = [plan(id=1, theme=1), plan(id=2, theme=2, status="draft"), plan(id=3, theme=3, status="cancelled"), plan(id=4, theme=77)]
        result = coverage(series, self.CORE, target=7)
        assert [t.slug for t in result.covered] == ["samenleven", "onderwijs"]
        assert [t.slug for t in result.missing] == ["veiligheid", "ondernemen"]

    def test_target_met_exactly(self):
        result = coverage([plan(id=i) for i in range(7)], self.CORE, target=7)
        assert result.target_planned and result.target_published and result.still_to_plan == 0

    def test_a_negative_target_counts_as_zero(self):
        assert coverage([], self.CORE, target=-3).target == 0
