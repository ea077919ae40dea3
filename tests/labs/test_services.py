"""The lab directory's use cases without HTTP: filters, saving, and refusing cleanly."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talkshow_app.accounts.models import Role
from talkshow_app.domain import NotAllowed
from talkshow_app.labs import services
from talkshow_app.labs.models import Lab, LabKind, LabStatus
from talkshow_app.labs.presenters import map_markers

TODAY = date(2026, 11, 28)


@pytest.fixture
def organiser(make_user):
    return make_user(role=Role.ORGANISER)


def test_parse_filters_accepts_known_values_and_reports_unknown_ones(db, make_theme):
    make_theme(slug="wonen")
    parsed = services.parse_filters(
        {"theme": "wonen", "stadsdeel": "Haagse Hout", "partner": "niemand", "status": "all"}
    )
    assert parsed.filters == services.LabFilters(theme="wonen", stadsdeel="Haagse Hout", status="all")
    assert parsed.invalid == {"partner": "niemand"}
    assert parsed.filters.query_args() == {"theme": "wonen", "stadsdeel": "haagse-hout", "status": "all"}


def test_default_filters_show_active_labs_and_leave_the_url_clean(db, make_placed_lab):
    make_placed_lab(slug="actief")
    make_placed_lab(slug="gestopt", status=LabStatus.ENDED)
    filters = services.parse_filters({}).filters
    assert filters.query_args() == {} and not filters.is_narrowed
    assert [lab.slug for lab in services.find_labs(filters)] == ["actief"]


def test_map_markers_leave_out_labs_without_a_place(db, make_placed_lab):
    located = make_placed_lab(slug="hier")
    nowhere = make_placed_lab(slug="nergens", latitude=None, longitude=None)
    assert [m["slug"] for m in map_markers([located, nowhere])] == ["hier"]


def test_creating_with_an_option_that_vanished_stores_nothing(db, organiser):
    data = services.LabData(name="Nieuw lab", kind=LabKind.STADSLAB, theme_ids=(987654,))
    with pytest.raises(services.LabError):
        services.create_lab(data, organiser, TODAY)
    assert db.session.scalar(select(func.count(Lab.id))) == 0


def test_the_service_refuses_an_unknown_stadsdeel_or_half_a_coordinate(db, make_placed_lab, organiser):
    lab = make_placed_lab(slug="vast", name="Vast", stadsdeel="Laak")
    with pytest.raises(services.LabError):
        services.update_lab(
            "vast", services.LabData(name="Anders", kind=LabKind.STADSLAB, stadsdeel="Rijswijk"), organiser, TODAY
        )
    with pytest.raises(services.LabError):
        services.update_lab(
            "vast", services.LabData(name="Anders", kind=LabKind.STADSLAB, latitude=52.07), organiser, TODAY
        )
    db.session.expire_all()
    assert db.session.get(Lab, lab.id).name == "Vast" and db.session.get(Lab, lab.id).stadsdeel == "Laak"


def test_end_reopen_and_check_keep_the_dates(db, make_placed_lab, organiser):
    make_placed_lab(slug="x", last_checked_on=TODAY - timedelta(days=500))
    ended = services.end_lab("x", organiser, TODAY)
    assert ended.status == LabStatus.ENDED and ended.ended_on == TODAY and ended.last_checked_on == TODAY
    with pytest.raises(services.LabError):
        services.end_lab("x", organiser, TODAY)
    reopened = services.reopen_lab("x", organiser, TODAY + timedelta(days=1))
    assert reopened.status == LabStatus.ACTIVE and reopened.ended_on is None
    with pytest.raises(services.LabError):
        services.reopen_lab("x", organiser, TODAY)
    with pytest.raises(services.LabNotFound):
        services.mark_checked("bestaat-niet", organiser, TODAY)


@pytest.mark.parametrize("who", ["nobody", "visitor"])
def test_every_write_service_checks_the_role_itself(db, make_user, make_placed_lab, who):
    """Not only the views' decorator: without an organiser or editor the services refuse and change nothing."""
    from flask_login import AnonymousUserMixin

    actor = None if who == "nobody" else AnonymousUserMixin()
    make_placed_lab(slug="x", name="Vast", last_checked_on=TODAY - timedelta(days=500))
    data = services.LabData(name="Anders", kind=LabKind.STADSLAB)
    calls = {
        "create_lab": lambda: services.create_lab(data, actor, TODAY),
        "update_lab": lambda: services.update_lab("x", data, actor, TODAY),
        "mark_checked": lambda: services.mark_checked("x", actor, TODAY),
        "end_lab": lambda: services.end_lab("x", actor, TODAY),
        "reopen_lab": lambda: services.reopen_lab("x", actor, TODAY),
    }
    for name, call in calls.items():
        with pytest.raises(NotAllowed):
            call()
            pytest.fail(f"{name} did not refuse")
    db.session.expire_all()
    lab = db.session.scalar(select(Lab))
    assert (lab.name, lab.status, lab.last_checked_on) == ("Vast", LabStatus.ACTIVE, TODAY - timedelta(days=500))
    assert db.session.scalar(select(func.count(Lab.id))) == 1


def test_organiser_overview_marks_only_active_stale_labs(db, make_placed_lab):
    make_placed_lab(slug="vers", name="A vers", last_checked_on=TODAY - timedelta(days=10))
    make_placed_lab(slug="oud", name="B oud", last_checked_on=TODAY - timedelta(days=366))
    make_placed_lab(slug="gestopt", name="C gestopt", status=LabStatus.ENDED, last_checked_on=None)
    rows = services.organiser_overview(TODAY)
    assert [(row.lab.slug, row.is_stale) for row in rows] == [("vers", False), ("oud", True), ("gestopt", False)]


def test_the_organiser_list_needs_a_fixed_number_of_queries(
    client, make_user, login, make_placed_lab, make_organisation, count_queries
):
    login(make_user(role="organiser"))
    partner = make_organisation()
    make_placed_lab(partners=[partner])
    with count_queries() as few:
        assert client.get("/organiser/labs/").status_code == 200
    for _ in range(6):
        make_placed_lab(partners=[partner])
    with count_queries() as many:
        client.get("/organiser/labs/")
    assert len(many) == len(few)


def test_refusals_name_the_form_fields_they_belong_to(db, make_placed_lab, organiser):
    make_placed_lab(slug="vast", name="Vast")
    data = services.LabData(
        name="Anders", kind=LabKind.STADSLAB, stadsdeel="Rijswijk", latitude=52.07, partner_ids=(987654,)
    )
    with pytest.raises(services.LabError) as caught:
        services.update_lab("vast", data, organiser, TODAY)
    assert set(caught.value.errors) == {"stadsdeel", "longitude", "partners"}
    with pytest.raises(services.LabError) as caught:
        services.reopen_lab("vast", organiser, TODAY)
    assert set(caught.value.errors) == {""} and str(caught.value.message)
