"""The organiser's impact page: no-show rate, how fast each talkshow filled, mail delivery; organisers only."""

from __future__ import annotations

import pytest

from talkshow_app.accounts.models import Role
from talkshow_app.domain import NotAllowed
from talkshow_app.impact.organiser import organiser_figures


def test_anonymous_visitors_go_to_the_login_and_editors_are_refused(client, make_user, login):
    response = client.get("/organiser/impact/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login(make_user(Role.EDITOR))
    assert client.get("/organiser/impact/").status_code == 403


def test_the_service_checks_the_role_itself(db):
    with pytest.raises(NotAllowed):
        organiser_figures(None)


def test_organisers_see_no_shows_filling_and_mail_delivery(client, city, make_user, login, runner, now):
    runner.invoke(args=["impact", "evaluations"])  # 14 mails in the outbox
    organiser = make_user(Role.ORGANISER)
    figures = organiser_figures(organiser, now=now)
    held_a = next(t for t in figures.talkshows if t.slug == "wonen-gisteren")
    assert (held_a.confirmed, held_a.checked_in, held_a.no_show_rate) == (12, 8, 0.333)  # 4 of 12 did not come
    # Everyone registered 10 days before the start: none 14 days before, all 17 (any status) a week before.
    assert held_a.registered_before == {28: 0, 14: 0, 7: 17, 1: 17, 0: 17}
    assert held_a.days_to_full is None  # 12 of 50 seats
    upcoming = next(t for t in figures.talkshows if t.slug == "zorg-straks")
    assert upcoming.no_show_rate is None
    mails = {m.kind: m for m in figures.mails}
    assert mails["impact/email/evaluation"].queued + mails["impact/email/evaluation"].sent == 14

    login(organiser)
    page = client.get("/organiser/impact/").get_data(as_text=True)
    assert "33%" in page and "impact/email/evaluation" in page
    assert client.get("/impact").get_data(as_text=True).count('href="/organiser/impact/"') == 1


def test_days_until_full_counts_from_the_opening_to_the_last_seat(db, make_talkshow, now):
    from datetime import timedelta

    from talkshow_app.impact.organiser import days_to_full
    from talkshow_app.registrations.models import RegistrationStatus

    talkshow = make_talkshow(capacity=2, registration_opens_at=now - timedelta(days=30))
    rows = [
        (now - timedelta(days=29), RegistrationStatus.CONFIRMED, now - timedelta(days=29), None),
        (now - timedelta(days=24), RegistrationStatus.CONFIRMED, now - timedelta(days=24), None),
    ]
    assert days_to_full(talkshow, rows) == 6
    assert days_to_full(talkshow, rows[:1]) is None
