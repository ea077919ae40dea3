"""``flask demo-data`` fills the demo's past talkshows so /impact shows numbers, and loading twice adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from talkshow_app.impact.figures import season_of
from talkshow_app.impact.models import EvaluationAnswer, EvaluationInvitation
from talkshow_app.registrations.models import Registration
from talkshow_app.series.models import Talkshow

from .test_pages import html_table

PAST = ("wie-kent-zijn-buren-nog", "de-kansenkloof-in-de-klas")


def _counts(db) -> tuple[int, int, int]:
    return (
        db.session.scalar(select(func.count()).select_from(Registration)),
        db.session.scalar(select(func.count()).select_from(EvaluationAnswer)),
        db.session.scalar(select(func.count()).select_from(EvaluationInvitation)),
    )


def test_the_demo_impact_page_shows_attendance_affiliations_and_scores(client, runner, db):
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    before = _counts(db)
    assert runner.invoke(args=["demo-data"]).exit_code == 0
    assert _counts(db) == before  # idempotent
    emails = db.session.scalars(select(Registration.email)).all()
    assert all(email.endswith("@example.org") for email in emails)

    page = client.get("/impact").get_data(as_text=True)
    attendance = {row[0]: row for row in html_table(page, "attendance").values()}
    buren = attendance["Wie kent zijn buren nog?"]
    assert buren[1:3] == ["34", "28"] and buren[3] == "4,2"  # 10 + 24 seated, 8 + 20 came; nine answers
    assert attendance["De kansenkloof in de klas"][1:3] == ["38", "31"]
    starts = db.session.scalars(select(Talkshow.starts_at).where(Talkshow.slug.in_(PAST))).all()
    if len({season_of(moment) for moment in starts}) == 1:  # six and two weeks ago: one season, but in September
        came = html_table(page, "affiliations")
        assert came["Docent"] == ["10"] and came["Student"] == ["16"] and came["Bewoner van Den Haag"] == ["14"]
