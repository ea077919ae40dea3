"""The lab directory's use cases without HTTP: filters, saving, and refusing cleanly."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from talkshow_app.labs import services
from talkshow_app.labs.models import Lab, LabKind, LabStatus

TODAY = date(2026, 11, 28)


def test_parse_filters_accepts_known_values_and_reports_unknown_ones(db, make_theme):
    make_theme(slug="wonen")
    parsed = services.parse_filters({"theme": "wonen", "stadsdeel": "Haagse Hout", "partner": "niemand", "status": "all"})
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
    assert [m["slug"] for m in services.map_markers([located, nowhere])] == ["hier"]


def test_creating_with_an_option_that_vanished_stores_nothing(db):
    data = services.LabData(name="Nieuw lab", kind=LabKind.STADSLAB, theme_ids=(987654,))
    with pytest.raises(services.LabError):
        services.create_lab(data, TODAY)
    assert db.session.scalar(select(func.count(Lab.id))) == 0


def test_the_service_refuses_an_unknown_stadsdeel_or_half_a_coordinate(db, make_placed_lab):
    lab = make_placed_lab(slug="vast", name="Vast", stadsdeel="Laak")
    with pytest.raises(services.LabError):
        services.update_lab("vast", services.LabData(name="Anders", kind=LabKind.STADSLAB, stadsdeel="Rijswijk"), TODAY)
    with pytest.raises(services.LabError):
        services.update_lab("vast", services.LabData(name="Anders", kind=LabKind.STADSLAB, latitude=52.07), TODAY)
    db.session.expire_all()
    assert db.session.get(Lab, lab.id).name == "Vast" and db.session.get(Lab, lab.id).stadsdeel == "Laak"


def test_end_reopen_and_check_keep_the_dates(db, make_placed_lab):
    make_placed_lab(slug="x", last_checked_on=TODAY - timedelta(days=500))
    ended = services.end_lab("x", TODAY)
    assert ended.status == LabStatus.ENDED and ended.ended_on == TODAY and ended.last_checked_on == TODAY
    with pytest.raises(services.LabError):
        services.end_lab("x", TODAY)
    reopened = services.reopen_lab("x", TODAY + timedelta(days=1))
    assert reopened.status == LabStatus.ACTIVE and reopened.ended_on is None
    with pytest.raises(services.LabError):
        services.reopen_lab("x", TODAY)
    with pytest.raises(services.LabNotFound):
        services.mark_checked("bestaat-niet", TODAY)


def test_organiser_overview_marks_only_active_stale_labs(db, make_placed_lab):
    make_placed_lab(slug="vers", name="A vers", last_checked_on=TODAY - timedelta(days=10))
    make_placed_lab(slug="oud", name="B oud", last_checked_on=TODAY - timedelta(days=366))
    make_placed_lab(slug="gestopt", name="C gestopt", status=LabStatus.ENDED, last_checked_on=None)
    rows = services.organiser_overview(TODAY)
    assert [(row.lab.slug, row.is_stale) for row in rows] == [("vers", False), ("oud", True), ("gestopt", False)]


def test_the_organiser_list_needs_a_fixed_number_of_queries(client, make_user, login, make_placed_lab, make_organisation, count_queries):
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
