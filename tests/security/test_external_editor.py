"""An external editor (a student, a resident on the editorial board) works on the archive and the labs, and never
reaches registrations or anyone's personal data: every organiser URL is walked as an editor.

The walk is derived from ``app.url_map``, so an organiser route added later is covered without editing this test:
it must be in EDITORIAL (open to editors) or answer 403.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from werkzeug.routing import Rule

from talkshow_app.accounts.models import Role

from .conftest import collection_app, quick_user
from .site_map import methods, organiser_rules, rule_id

APP = collection_app()
# The editorial board's pages: an editor opens these (200).
EDITORIAL = {
    "series_manage.board",  # the organiser area's start page: links only, for editors the archive and the labs
    "archive.manage_board",
    "archive.manage_output",
    "archive.manage_new",
    "archive.manage_edit",
    "labs_manage.index",
    "labs_manage.edit",
    "labs_manage.new",
    "images_manage.edit",
}
# Editorial routes that are not pages (a file download that the demo data does not have).
EDITORIAL_OTHER = {"archive.manage_download"}
# The routes that show or change personal data: named here so that a change of the walk cannot quietly drop them.
PERSONAL = {
    "registrations.organiser_list",
    "registrations.organiser_csv",
    "registrations.checkin",
    "registrations.checkin_code",
    "mailing_manage.index",
    "impact_manage.index",
    "matching_manage.questions",
    "matching_manage.question",
}


def _values(demo: dict[str, Any], rule: Rule) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in rule.arguments:
        if name == "kind":
            values[name] = "output" if rule.endpoint.startswith("images_manage") else "themes"
        elif name == "subject_id":
            values[name] = demo["output_id"]
        else:
            values[name] = demo.get(name, 1)
    return values


@pytest.fixture(scope="module")
def demo(demo_app) -> dict[str, Any]:
    """Real ids and slugs from the demo data, and every stored address of a person."""
    from talkshow_app.archive.models import KnowledgeOutput
    from talkshow_app.extensions import db
    from talkshow_app.follows.models import Follower
    from talkshow_app.labs.models import Lab
    from talkshow_app.mailing.models import OutboxMessage
    from talkshow_app.matching.models import Offer, Question
    from talkshow_app.registrations.models import Registration
    from talkshow_app.series.models import Talkshow, Theme

    with demo_app.app_context():
        registration = db.session.scalars(select(Registration).order_by(Registration.id)).first()
        assert registration is not None, "the demo data has registrations"
        values = {
            "talkshow_id": registration.talkshow_id,
            "registration_id": registration.id,
            "code": registration.checkin_code,
            "output_id": db.session.scalar(select(KnowledgeOutput.id).order_by(KnowledgeOutput.id)),
            "item_id": db.session.scalar(select(Theme.id).order_by(Theme.id)),
            "slug": db.session.scalar(select(Lab.slug).order_by(Lab.id)),
            "question_id": db.session.scalar(select(Question.id).order_by(Question.id)) or 1,
            "offer_id": db.session.scalar(select(Offer.id).order_by(Offer.id)) or 1,
            "message_id": db.session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id)) or 1,
            "title": db.session.scalar(select(Talkshow.title).where(Talkshow.id == registration.talkshow_id)),
        }
        # Addresses, not names: a registrant of the demo may share a name with a speaker, whose name is public.
        addresses = set(db.session.scalars(select(Registration.email)))
        addresses |= set(db.session.scalars(select(Follower.email)))
        addresses |= set(db.session.scalars(select(Question.contact_email)))
        values["personal"] = sorted(a for a in addresses if a)
        db.session.remove()
    assert values["personal"], "the demo data has people in it"
    return values


@pytest.fixture(scope="module")
def editor(demo_app):
    client = demo_app.test_client()
    user_id = quick_user(demo_app, Role.EDITOR)
    with client.session_transaction() as session:
        session["_user_id"] = user_id
        session["_fresh"] = True
    return client


def test_the_walk_knows_the_personal_and_the_editorial_routes():
    endpoints = {rule.endpoint for rule in organiser_rules(APP)}
    assert endpoints >= PERSONAL and endpoints >= EDITORIAL


@pytest.mark.parametrize("rule", [r for r in organiser_rules(APP) if "GET" in methods(r)], ids=rule_id)
def test_an_editor_opens_the_editorial_pages_and_nothing_else(rule, demo_app, demo, editor):
    with demo_app.test_request_context():
        url = demo_app.url_map.bind("localhost").build(rule.endpoint, _values(demo, rule), method="GET")
    response = editor.get(url)
    if rule.endpoint in EDITORIAL:
        if response.status_code in {302, 303}:  # e.g. a published output is not edited in place: back to its page
            assert response.headers["Location"].startswith("/organiser/archive"), url
            return
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        leaked = [value for value in demo["personal"] if value in page]
        assert leaked == [], f"{url} shows personal data to an editor"
    elif rule.endpoint in EDITORIAL_OTHER:
        assert response.status_code in {200, 404}, url
    else:
        assert response.status_code == 403, f"{url} answers {response.status_code} to an editor"


@pytest.mark.parametrize(
    "rule",
    [r for r in organiser_rules(APP) if "POST" in methods(r) and r.endpoint.startswith(("registrations", "mailing"))],
    ids=rule_id,
)
def test_an_editor_cannot_change_registrations_or_mail(rule, demo_app, demo, editor):
    with demo_app.test_request_context():
        url = demo_app.url_map.bind("localhost").build(rule.endpoint, _values(demo, rule), method="POST")
    response = editor.post(url, data={"name": "Iemand", "email": "iemand@example.org", "consent": "y"})
    assert response.status_code == 403, url


def test_the_editors_board_does_not_link_to_registrations(demo_app, demo, editor):
    page = editor.get("/organiser/").get_data(as_text=True)
    assert "/registrations" not in page and "/organiser/mail" not in page and "/organiser/impact" not in page
