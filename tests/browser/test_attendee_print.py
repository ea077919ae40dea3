"""Printing the attendee list gives a sign-in sheet; the badge page prints eight badges to an A4 page."""

from __future__ import annotations

import math
import re

import pytest
from sqlalchemy import func, select

from .conftest import log_in

pytestmark = pytest.mark.browser


def _busiest_talkshow(app) -> tuple[int, int]:
    from talkshow_app.extensions import db
    from talkshow_app.registrations.models import Registration, RegistrationStatus

    with app.app_context():
        row = db.session.execute(
            select(Registration.talkshow_id, func.count())
            .where(Registration.status == RegistrationStatus.CONFIRMED, Registration.anonymised_at.is_(None))
            .group_by(Registration.talkshow_id)
            .order_by(func.count().desc())
        ).first()
    assert row, "the demo data has confirmed registrations"
    return row[0], row[1]


def test_sign_in_sheet_and_badges_in_print(live_server, page):
    log_in(page, live_server, live_server.make_user("organiser", "print@example.org"))
    talkshow_id, confirmed = _busiest_talkshow(live_server.app)
    page.goto(live_server.absolute(f"/organiser/talkshows/{talkshow_id}/registrations?status=confirmed"))
    page.emulate_media(media="print")
    assert page.locator(".organiser-nav").is_hidden()
    assert page.locator("#add-heading").is_hidden()
    assert page.locator("th.print-only").is_visible()
    assert page.locator(".sign-in-sheet tbody tr").count() == confirmed

    page.goto(live_server.absolute(f"/organiser/talkshows/{talkshow_id}/registrations/badges"))
    pdf = page.pdf(prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == math.ceil(confirmed / 8), (pages, confirmed)
