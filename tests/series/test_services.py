"""Planning use cases against the database, without HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from talkshow_app.accounts.models import Role
from talkshow_app.domain import NotAllowed, NotFound
from talkshow_app.series import catalogue, public, scheduling
from talkshow_app.series.board import series_board
from talkshow_app.series.catalogue import (
    ORGANISATIONS,
    SPEAKERS,
    THEMES,
    VENUES,
    OrganisationInput,
    SpeakerInput,
    ThemeInput,
    VenueInput,
)
from talkshow_app.series.errors import PlanningError
from talkshow_app.series.models import Organisation, Speaker, Talkshow, TalkshowStatus, Theme, Venue
from talkshow_app.series.planning import Check, ConflictKind
from talkshow_app.series.scheduling import SpeakerSlot, TalkshowInput

START = datetime(2027, 3, 11, 19, 0, tzinfo=UTC)


def talkshow_input(theme, venue=None, start=START, hours=2, speakers=(), **fields):
    return TalkshowInput(
        title=fields.pop("title", "Wie kent zijn buren nog?"),
        theme_id=theme.id,
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        venue_id=venue.id if venue else None,
        capacity=fields.pop("capacity", 80),
        speakers=tuple(SpeakerSlot(s.id, part) for s, part in speakers),
        **fields,
    )


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def theme(make_theme):
    return make_theme(name="Samenleven in wijken", slug="samenleven-in-wijken", is_core=True)


@pytest.fixture
def venue(make_venue):
    return make_venue(name="Wijkcentrum Schilderswijk")


class TestCreateTalkshow:
    def test_creates_a_draft_with_line_up_in_order(self, db, organiser, theme, venue, make_speaker):
        host, guest, student = make_speaker(name="Joost"), make_speaker(name="Fatima"), make_speaker(name="Mehmet")
        data = talkshow_input(
            theme,
            venue,
            speakers=[(host, "host"), (guest, "researcher"), (student, "student")],
            summary="  Over buren.  ",
        )
        talkshow = scheduling.create_talkshow(data, organiser)
        db.session.expire_all()
        stored = db.session.get(Talkshow, talkshow.id)
        assert stored.status == TalkshowStatus.DRAFT and stored.slug == "wie-kent-zijn-buren-nog"
        assert stored.summary == "Over buren."
        assert [(link.speaker.name, link.part.value, link.position) for link in stored.speaker_links] == [
            ("Joost", "host", 0),
            ("Fatima", "researcher", 1),
            ("Mehmet", "student", 2),
        ]
        assert stored.starts_at == START and stored.starts_at.tzinfo is not None and stored.sequence == 0

    def test_times_with_an_amsterdam_offset_are_stored_as_utc(self, db, organiser, theme):
        from talkshow_app.timezones import LOCAL_TZ

        local = datetime(2027, 7, 1, 20, 0, tzinfo=LOCAL_TZ)
        talkshow = scheduling.create_talkshow(talkshow_input(theme, start=local), organiser)
        db.session.expire_all()
        assert db.session.get(Talkshow, talkshow.id).starts_at == datetime(2027, 7, 1, 18, 0, tzinfo=UTC)

    def test_slugs_stay_unique(self, db, organiser, theme):
        first = scheduling.create_talkshow(talkshow_input(theme), organiser)
        second = scheduling.create_talkshow(talkshow_input(theme, start=START + timedelta(days=7)), organiser)
        assert (first.slug, second.slug) == ("wie-kent-zijn-buren-nog", "wie-kent-zijn-buren-nog-2")

    def test_every_invalid_value_is_reported_and_nothing_stored(self, db, organiser, theme, make_speaker):
        speaker = make_speaker()
        data = TalkshowInput(
            title=" ",
            theme_id=9999,
            starts_at=START,
            ends_at=START + timedelta(hours=1),
            venue_id=9999,
            capacity=5001,
            livestream_url="javascript:alert(1)",
            registration_opens_at=START + timedelta(hours=1),
            registration_closes_at=START - timedelta(days=1),
            speakers=(
                SpeakerSlot(speaker.id, "host"),
                SpeakerSlot(speaker.id, "guest"),
                SpeakerSlot(424242, "guest"),
                SpeakerSlot(speaker.id, "villain"),
            ),
        )
        with pytest.raises(PlanningError) as caught:
            scheduling.create_talkshow(data, organiser)
        assert set(caught.value.errors) == {
            "title",
            "theme_id",
            "venue_id",
            "capacity",
            "livestream_url",
            "registration_opens_at",
            "registration_closes_at",
            "speakers",
        }
        assert not caught.value.can_be_overridden
        assert count(db, Talkshow) == 0

    def test_at_most_ten_speakers_so_the_form_can_show_them_all(self, db, organiser, theme, make_speaker):
        speakers = [(make_speaker(), "guest") for _ in range(11)]
        with pytest.raises(PlanningError) as caught:
            scheduling.create_talkshow(talkshow_input(theme, speakers=speakers), organiser)
        assert set(caught.value.errors) == {"speakers"}
        scheduling.create_talkshow(talkshow_input(theme, speakers=speakers[:10]), organiser)
        assert len(db.session.scalar(select(Talkshow)).speaker_links) == 10

    def test_negative_capacity_refused(self, db, organiser, theme):
        with pytest.raises(PlanningError) as caught:
            scheduling.create_talkshow(talkshow_input(theme, capacity=-1), organiser)
        assert set(caught.value.errors) == {"capacity"}

    def test_registration_must_close_before_the_end(self, db, organiser, theme):
        data = talkshow_input(theme, registration_closes_at=START + timedelta(hours=3))
        with pytest.raises(PlanningError) as caught:
            scheduling.create_talkshow(data, organiser)
        assert set(caught.value.errors) == {"registration_closes_at"}

    @pytest.mark.parametrize("hours", [0, -1])
    def test_end_before_or_at_start_is_refused_even_with_override(self, db, organiser, theme, hours):
        with pytest.raises(PlanningError) as caught:
            scheduling.create_talkshow(talkshow_input(theme, hours=hours), organiser, allow_conflicts=True)
        assert set(caught.value.errors) == {"ends_at"}
        assert [c.kind for c in caught.value.conflicts] == [ConflictKind.ENDS_BEFORE_START]
        assert not caught.value.can_be_overridden
        assert count(db, Talkshow) == 0

    def test_naive_times_are_a_programming_error(self, db, organiser, theme):
        with pytest.raises(ValueError):
            scheduling.create_talkshow(talkshow_input(theme, start=datetime(2027, 3, 11, 20, 0)), organiser)


class TestScheduleConflicts:
    def test_venue_double_booking_is_refused_with_the_other_title(self, db, organiser, theme, venue, make_talkshow):
        make_talkshow(
            title="Veilig over straat", slug="veilig-over-straat", venue=venue, starts_at=START + timedelta(hours=1)
        )
        with pytest.raises(PlanningError) as caught:
            scheduling.create_talkshow(talkshow_input(theme, venue), organiser)
        error = caught.value
        assert set(error.errors) == {"venue_id"} and error.can_be_overridden
        assert [(c.kind, c.other_slug) for c in error.conflicts] == [(ConflictKind.VENUE_OVERLAP, "veilig-over-straat")]
        assert count(db, Talkshow) == 1

    def test_save_anyway_stores_it_and_the_board_flags_both(self, db, organiser, theme, venue, make_talkshow):
        other = make_talkshow(venue=venue, starts_at=START + timedelta(hours=1))
        created = scheduling.create_talkshow(talkshow_input(theme, venue), organiser, allow_conflicts=True)
        board = series_board(target=7)
        flagged = {row.talkshow.id: [c.kind for c in row.conflicts] for row in board.rows}
        assert flagged == {other.id: [ConflictKind.VENUE_OVERLAP], created.id: [ConflictKind.VENUE_OVERLAP]}

    def test_speaker_in_two_overlapping_talkshows_is_refused(self, db, organiser, theme, make_talkshow, make_speaker):
        joost = make_speaker(name="Joost van der Meer")
        make_talkshow(title="Veilig over straat", speakers=[(joost, "host")], starts_at=START - timedelta(minutes=30))
        with pytest.raises(PlanningError) as caught:
            scheduling.create_talkshow(talkshow_input(theme, speakers=[(joost, "host")]), organiser)
        assert set(caught.value.errors) == {"speakers"}
        [conflict] = caught.value.conflicts
        assert conflict.speaker_name == "Joost van der Meer" and conflict.other_title == "Veilig over straat"

    def test_a_cancelled_talkshow_frees_the_venue(self, db, organiser, theme, venue, make_talkshow):
        make_talkshow(venue=venue, starts_at=START, status=TalkshowStatus.CANCELLED)
        scheduling.create_talkshow(talkshow_input(theme, venue), organiser)
        assert count(db, Talkshow) == 2

    def test_editing_does_not_conflict_with_itself(self, db, organiser, theme, venue, make_speaker):
        joost = make_speaker()
        talkshow = scheduling.create_talkshow(talkshow_input(theme, venue, speakers=[(joost, "host")]), organiser)
        longer = talkshow_input(theme, venue, hours=3, speakers=[(joost, "host")])
        scheduling.update_talkshow(talkshow.id, longer, organiser)  # same venue and speaker, overlapping itself
        db.session.expire_all()
        stored = db.session.get(Talkshow, talkshow.id)
        assert stored.ends_at == START + timedelta(hours=3)
        assert scheduling.schedule_conflicts(talkshow.id) == []

    def test_back_to_back_is_no_conflict(self, db, organiser, theme, venue, make_talkshow):
        before = make_talkshow(venue=venue, starts_at=START + timedelta(hours=2))
        created = scheduling.create_talkshow(talkshow_input(theme, venue), organiser)  # ends as the other starts
        assert created.ends_at == before.starts_at and count(db, Talkshow) == 2
        assert scheduling.schedule_conflicts(created.id) == []


class TestUpdateTalkshow:
    def test_moving_a_published_talkshow_raises_sequence_and_tells_listeners(
        self, db, organiser, theme, venue, make_talkshow, make_venue, emitted
    ):
        talkshow = make_talkshow(theme=theme, venue=venue, starts_at=START, capacity=80)
        elsewhere = make_venue(name="Bibliotheek Escamp")
        scheduling.update_talkshow(
            talkshow.id, talkshow_input(theme, elsewhere, start=START + timedelta(days=1), capacity=80), organiser
        )
        db.session.expire_all()
        assert db.session.get(Talkshow, talkshow.id).sequence == 1
        [(name, sender, kwargs)] = emitted
        assert name == "talkshow-rescheduled" and sender.id == talkshow.id
        assert kwargs["changes"] == {"time", "venue"}
        assert kwargs["previous"]["starts_at"] == START and kwargs["previous"]["venue_name"] == venue.name

    def test_only_time_change(self, db, organiser, theme, venue, make_talkshow, emitted):
        talkshow = make_talkshow(theme=theme, venue=venue, starts_at=START, capacity=80)
        scheduling.update_talkshow(talkshow.id, talkshow_input(theme, venue, hours=3), organiser)
        assert [(n, k["changes"]) for n, _s, k in emitted] == [("talkshow-rescheduled", {"time"})]

    def test_text_edits_change_no_sequence_and_send_nothing(self, db, organiser, theme, venue, make_talkshow, emitted):
        talkshow = make_talkshow(theme=theme, venue=venue, starts_at=START, capacity=80)
        scheduling.update_talkshow(
            talkshow.id, talkshow_input(theme, venue, title="Nieuwe titel", summary="Anders"), organiser
        )
        db.session.expire_all()
        stored = db.session.get(Talkshow, talkshow.id)
        assert (stored.sequence, stored.title, stored.slug) == (0, "Nieuwe titel", talkshow.slug)
        assert emitted == []

    def test_moving_a_draft_sends_nothing(self, db, organiser, theme, venue, make_talkshow, emitted):
        talkshow = make_talkshow(theme=theme, venue=venue, starts_at=START, capacity=80, status=TalkshowStatus.DRAFT)
        scheduling.update_talkshow(
            talkshow.id, talkshow_input(theme, venue, start=START + timedelta(days=2)), organiser
        )
        assert emitted == [] and db.session.get(Talkshow, talkshow.id).sequence == 0

    def test_capacity_change_is_announced_with_the_old_number(
        self, db, organiser, theme, venue, make_talkshow, emitted
    ):
        talkshow = make_talkshow(theme=theme, venue=venue, starts_at=START, capacity=80)
        scheduling.update_talkshow(talkshow.id, talkshow_input(theme, venue, capacity=120), organiser)
        assert [(n, k) for n, _s, k in emitted] == [("capacity-changed", {"previous_capacity": 80})]
        assert emitted[0][1].capacity == 120

    def test_signals_run_inside_the_transaction(self, db, organiser, theme, venue, make_talkshow):
        """A listener that fails undoes the whole edit: change and consequences are stored together."""
        from talkshow_app.series.signals import talkshow_rescheduled

        talkshow = make_talkshow(theme=theme, venue=venue, starts_at=START, capacity=80)

        def failing(sender, **kwargs):
            raise RuntimeError("mail queue unavailable")

        talkshow_rescheduled.connect(failing)
        try:
            with pytest.raises(RuntimeError):
                scheduling.update_talkshow(
                    talkshow.id, talkshow_input(theme, venue, start=START + timedelta(days=1)), organiser
                )
        finally:
            talkshow_rescheduled.disconnect(failing)
        db.session.expire_all()
        stored = db.session.get(Talkshow, talkshow.id)
        assert (stored.starts_at, stored.sequence) == (START, 0)

    def test_a_listener_sees_the_new_values_before_commit(self, db, organiser, theme, venue, make_talkshow):
        from talkshow_app.series.signals import capacity_changed

        talkshow = make_talkshow(theme=theme, venue=venue, starts_at=START, capacity=80)
        seen = []

        def listener(sender, previous_capacity):
            # still uncommitted: a fresh connection reads the old capacity
            with db.engine.connect() as other:
                seen.append((sender.capacity, other.scalar(select(Talkshow.capacity).where(Talkshow.id == sender.id))))

        capacity_changed.connect(listener)
        try:
            scheduling.update_talkshow(talkshow.id, talkshow_input(theme, venue, capacity=10), organiser)
        finally:
            capacity_changed.disconnect(listener)
        assert seen == [(10, 80)]

    def test_line_up_can_be_reordered_and_shortened(self, db, organiser, theme, make_speaker):
        a, b, c = make_speaker(name="A"), make_speaker(name="B"), make_speaker(name="C")
        talkshow = scheduling.create_talkshow(
            talkshow_input(theme, speakers=[(a, "host"), (b, "guest"), (c, "guest")]), organiser
        )
        scheduling.update_talkshow(talkshow.id, talkshow_input(theme, speakers=[(c, "host"), (a, "guest")]), organiser)
        db.session.expire_all()
        stored = db.session.get(Talkshow, talkshow.id)
        line_up = [(link.speaker.name, link.part.value) for link in stored.speaker_links]
        assert line_up == [("C", "host"), ("A", "guest")]

    def test_unknown_talkshow(self, db, organiser, theme):
        with pytest.raises(NotFound):
            scheduling.update_talkshow(12345, talkshow_input(theme), organiser)


class TestStatus:
    def test_publish_sets_status_time_and_sequence(self, db, organiser, theme):
        talkshow = scheduling.create_talkshow(talkshow_input(theme), organiser)
        now = datetime(2027, 1, 5, 10, tzinfo=UTC)
        scheduling.publish_talkshow(talkshow.id, organiser, now=now)
        db.session.expire_all()
        stored = db.session.get(Talkshow, talkshow.id)
        assert (stored.status, stored.published_at, stored.sequence) == (TalkshowStatus.PUBLISHED, now, 1)

    def test_publishing_twice_changes_nothing(self, db, organiser, make_talkshow):
        talkshow = make_talkshow()
        scheduling.publish_talkshow(talkshow.id, organiser)
        assert db.session.get(Talkshow, talkshow.id).sequence == 0

    def test_unpublish_takes_it_back_to_draft(self, db, organiser, make_talkshow):
        talkshow = make_talkshow()
        scheduling.unpublish_talkshow(talkshow.id, organiser)
        assert db.session.get(Talkshow, talkshow.id).status == TalkshowStatus.DRAFT
        with pytest.raises(NotFound):
            public.public_talkshow(talkshow.slug)

    def test_cancel_raises_sequence_and_tells_listeners_once(self, db, organiser, make_talkshow, emitted):
        talkshow = make_talkshow()
        scheduling.cancel_talkshow(talkshow.id, organiser)
        scheduling.cancel_talkshow(talkshow.id, organiser)
        db.session.expire_all()
        stored = db.session.get(Talkshow, talkshow.id)
        assert (stored.status, stored.sequence) == (TalkshowStatus.CANCELLED, 1)
        assert stored.cancelled_at is not None
        assert [(n, s.id) for n, s, _k in emitted] == [("talkshow-cancelled", talkshow.id)]

    def test_a_cancelled_talkshow_cannot_be_published_or_unpublished(self, db, organiser, make_talkshow):
        talkshow = make_talkshow(status=TalkshowStatus.CANCELLED)
        with pytest.raises(PlanningError):
            scheduling.publish_talkshow(talkshow.id, organiser)
        with pytest.raises(PlanningError):
            scheduling.unpublish_talkshow(talkshow.id, organiser)
        assert db.session.get(Talkshow, talkshow.id).status == TalkshowStatus.CANCELLED


class TestRoles:
    @pytest.mark.parametrize("role", [Role.EDITOR])
    def test_only_organisers_and_admins_plan(self, db, make_user, theme, role):
        with pytest.raises(NotAllowed):
            scheduling.create_talkshow(talkshow_input(theme), make_user(role=role))
        with pytest.raises(NotAllowed):
            catalogue.create_item(THEMES, ThemeInput(name="X", colour="#000000"), make_user(role=role))
        with pytest.raises(NotAllowed):
            scheduling.create_talkshow(talkshow_input(theme), None)
        assert count(db, Talkshow) == 0

    @pytest.mark.parametrize("who", ["nobody", Role.EDITOR])
    def test_every_write_service_checks_the_role_itself(
        self, db, make_user, make_talkshow, make_speaker, make_organisation, make_venue, theme, who
    ):
        """Not only the views' decorator: the services refuse, and nothing is stored or changed."""
        actor = None if who == "nobody" else make_user(role=who)
        venue = make_venue()
        talkshow = make_talkshow(theme=theme, venue=venue)
        title = talkshow.title
        existing = {THEMES: theme, SPEAKERS: make_speaker(), ORGANISATIONS: make_organisation(), VENUES: venue}
        inputs = {
            THEMES: ThemeInput(name="Nieuw", colour="#000000"),
            SPEAKERS: SpeakerInput(name="Nieuw"),
            ORGANISATIONS: OrganisationInput(name="Nieuw"),
            VENUES: VenueInput(name="Nieuw", address="Spui 70"),
        }
        calls = {
            "create_talkshow": lambda: scheduling.create_talkshow(talkshow_input(theme), actor),
            "update_talkshow": lambda: scheduling.update_talkshow(talkshow.id, talkshow_input(theme, title="X"), actor),
            "publish_talkshow": lambda: scheduling.publish_talkshow(talkshow.id, actor),
            "unpublish_talkshow": lambda: scheduling.unpublish_talkshow(talkshow.id, actor),
            "cancel_talkshow": lambda: scheduling.cancel_talkshow(talkshow.id, actor),
        }
        for kind, item in existing.items():
            calls[f"create {kind.name}"] = lambda kind=kind: catalogue.create_item(kind, inputs[kind], actor)
            calls[f"update {kind.name}"] = lambda kind=kind, item=item: catalogue.update_item(
                kind, item.id, inputs[kind], actor
            )
            calls[f"delete {kind.name}"] = lambda kind=kind, item=item: catalogue.delete_item(kind, item.id, actor)
        for name, call in calls.items():
            with pytest.raises(NotAllowed):
                call()
                pytest.fail(f"{name} did not refuse")
        db.session.expire_all()
        stored = db.session.get(Talkshow, talkshow.id)
        assert (stored.title, stored.status) == (title, TalkshowStatus.PUBLISHED)
        assert [count(db, model) for model in (Talkshow, Theme, Speaker, Organisation, Venue)] == [1, 1, 1, 1, 1]
        assert "Nieuw" not in {t.name for t in db.session.scalars(select(Theme))}

    def test_admin_passes(self, db, make_user, theme):
        scheduling.create_talkshow(talkshow_input(theme), make_user(role=Role.ADMIN))
        assert count(db, Talkshow) == 1


class TestReferenceData:
    def test_theme_colour_is_validated_strictly(self, db, organiser):
        for colour in ("red", "#12345", "#1234567", "#12345g", "#000000;}body{display:none", "#fff"):
            with pytest.raises(PlanningError) as caught:
                catalogue.create_item(THEMES, ThemeInput(name="Wonen", colour=colour), organiser)
            assert set(caught.value.errors) == {"colour"}
        theme = catalogue.create_item(THEMES, ThemeInput(name="Wonen", colour="#1D4F91"), organiser)
        assert (theme.slug, theme.colour) == ("wonen", "#1d4f91")
        assert count(db, Theme) == 1

    def test_theme_update_keeps_the_slug(self, db, organiser):
        theme = catalogue.create_item(THEMES, ThemeInput(name="Wonen", colour="#123456"), organiser)
        catalogue.update_item(
            THEMES, theme.id, ThemeInput(name="Wonen en zorg", colour="#654321", is_core=True), organiser
        )
        assert (theme.slug, theme.name, theme.is_core) == ("wonen", "Wonen en zorg", True)

    def test_theme_in_use_cannot_be_deleted(self, db, organiser, make_talkshow, theme):
        make_talkshow(theme=theme)
        with pytest.raises(PlanningError):
            catalogue.delete_item(THEMES, theme.id, organiser)
        unused = catalogue.create_item(THEMES, ThemeInput(name="Leeg", colour="#000000"), organiser)
        catalogue.delete_item(THEMES, unused.id, organiser)
        assert count(db, Theme) == 1

    def test_organisation_names_are_unique_ignoring_case(self, db, organiser):
        catalogue.create_item(
            ORGANISATIONS, OrganisationInput(name="Haagse Stadspartners", is_partner=False), organiser
        )
        with pytest.raises(PlanningError) as caught:
            catalogue.create_item(
                ORGANISATIONS, OrganisationInput(name="haagse stadspartners", website="ftp://x"), organiser
            )
        assert set(caught.value.errors) == {"name", "website"}
        assert count(db, Organisation) == 1

    def test_venue_coordinates_in_range_and_in_pairs(self, db, organiser):
        with pytest.raises(PlanningError) as caught:
            catalogue.create_item(
                VENUES, VenueInput(name="Zaal", address="Spui 70", latitude=91.0, longitude=-181.0), organiser
            )
        assert set(caught.value.errors) == {"latitude", "longitude"}
        with pytest.raises(PlanningError) as caught:
            catalogue.create_item(VENUES, VenueInput(name="Zaal", address="Spui 70", latitude=52.0), organiser)
        assert set(caught.value.errors) == {"longitude"}
        with pytest.raises(PlanningError) as caught:
            catalogue.create_item(VENUES, VenueInput(name="", address=""), organiser)
        assert set(caught.value.errors) == {"name", "address"}
        venue = catalogue.create_item(
            VENUES, VenueInput(name="Atrium", address="Spui 70, Den Haag", latitude=52.08, longitude=4.31), organiser
        )
        assert venue.slug == "atrium" and count(db, Venue) == 1

    def test_venue_in_use_cannot_be_deleted(self, db, organiser, make_talkshow, venue):
        make_talkshow(venue=venue)
        with pytest.raises(PlanningError):
            catalogue.delete_item(VENUES, venue.id, organiser)

    def test_speaker_with_organisation_and_labs(self, db, organiser, make_organisation, make_lab):
        leiden = make_organisation(name="Universiteit Leiden")
        lab_b, lab_a = make_lab(name="B-lab"), make_lab(name="A-lab")
        speaker = catalogue.create_item(
            SPEAKERS,
            SpeakerInput(
                name="Sanne Verhoeven", role_title="Docent", organisation_id=leiden.id, lab_ids=(lab_b.id, lab_a.id)
            ),
            organiser,
        )
        db.session.expire_all()
        stored = db.session.get(Speaker, speaker.id)
        assert stored.slug == "sanne-verhoeven" and stored.organisation.name == "Universiteit Leiden"
        assert [lab.name for lab in stored.labs] == ["A-lab", "B-lab"]
        catalogue.update_item(SPEAKERS, speaker.id, SpeakerInput(name="Sanne Verhoeven", lab_ids=()), organiser)
        db.session.expire_all()
        assert (
            db.session.get(Speaker, speaker.id).labs == [] and db.session.get(Speaker, speaker.id).organisation is None
        )

    def test_speaker_with_unknown_organisation_or_lab_is_refused(self, db, organiser):
        with pytest.raises(PlanningError) as caught:
            catalogue.create_item(
                SPEAKERS, SpeakerInput(name="X", organisation_id=999, lab_ids=(998,)), organiser
            )
        assert set(caught.value.errors) == {"organisation_id", "lab_ids"}
        assert count(db, Speaker) == 0

    def test_speaker_in_a_line_up_cannot_be_deleted(self, db, organiser, make_talkshow, make_speaker):
        speaker = make_speaker()
        make_talkshow(speakers=[(speaker, "guest")])
        with pytest.raises(PlanningError):
            catalogue.delete_item(SPEAKERS, speaker.id, organiser)


class TestBoard:
    def test_coverage_readiness_and_target(self, db, organiser, make_theme, make_talkshow, make_speaker):
        core = [make_theme(name=f"Kern {i}", slug=f"kern-{i}", is_core=True, position=i) for i in range(4)]
        extra = make_theme(name="Extra", slug="extra")
        host, guest = make_speaker(), make_speaker()
        ready = make_talkshow(theme=core[0], speakers=[(host, "host"), (guest, "guest")], starts_at=START)
        make_talkshow(theme=core[1], status=TalkshowStatus.DRAFT, starts_at=START + timedelta(days=7))
        make_talkshow(theme=core[2], status=TalkshowStatus.CANCELLED, starts_at=START + timedelta(days=14))
        make_talkshow(theme=extra, capacity=0, starts_at=START + timedelta(days=21))
        board = series_board(target=7)
        assert (board.coverage.target, board.coverage.planned, board.coverage.published) == (7, 3, 2)
        assert [t.slug for t in board.coverage.covered] == ["kern-0", "kern-1"]
        assert [t.slug for t in board.coverage.missing] == ["kern-2", "kern-3"]
        rows = {row.talkshow.id: row for row in board.rows}
        assert rows[ready.id].readiness.ready
        assert [row.readiness.missing for row in board.rows][1:] == [
            [Check.HOST, Check.GUEST, Check.PUBLISHED],
            [Check.HOST, Check.GUEST, Check.PUBLISHED],
            [Check.HOST, Check.GUEST, Check.CAPACITY],
        ]
