from __future__ import annotations

from sqlalchemy import func, select

from talkshow_app.registrations import demo
from talkshow_app.registrations.models import Registration
from talkshow_app.registrations.seats import seat_counts
from talkshow_app.series import demo as series_demo
from talkshow_app.series.models import Talkshow


def test_demo_registrations_are_fictional_idempotent_and_show_a_no_show_rate(db):
    series_demo.load()
    created = demo.load()
    assert created == sum(n for n, _ in demo.PLAN.values())
    assert demo.load() == 0
    emails = db.session.scalars(select(Registration.email)).all()
    assert all(e.endswith("@example.org") for e in emails)
    assert db.session.scalar(select(func.count()).select_from(Registration)) == created
    past = db.session.scalar(select(Talkshow).where(Talkshow.slug == "wie-kent-zijn-buren-nog"))
    assert seat_counts([past.id])[past.id].no_show_rate == 0.2
