"""The open data added for partners: questions and offers without contact data, speakers, themes,
and every talkshow linking its knowledge outputs; times to the second everywhere."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import event, select

from talkshow_app.archive.kinds import OutputState
from talkshow_app.archive.models import KnowledgeOutput
from talkshow_app.matching.models import Offer, Question, QuestionState
from talkshow_app.series.models import TalkshowStatus
from tests.conftest import PUBLIC_URL

TO_THE_SECOND = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


def test_questions_are_the_public_ones_without_who_asked(client, db, demo):
    body = client.get("/api/questions?per_page=100").get_json()
    public = db.session.scalars(
        select(Question).where(Question.state != QuestionState.SUBMITTED, Question.state != QuestionState.REJECTED)
    ).all()
    assert {q["slug"] for q in body["questions"]} == {q.slug for q in public} and body["total"] == len(public)
    text = str(body)
    for question in db.session.scalars(select(Question)):
        assert question.contact_email not in text and question.contact_name not in text
    first = body["questions"][0]
    assert first["url"] == f"{PUBLIC_URL}/questions/{first['slug']}"
    assert client.get(first["matches_url"].removeprefix(PUBLIC_URL)).status_code == 200
    assert "contact_email" not in first and "asker_organisation" not in first


def test_questions_filter_like_the_page(client, demo):
    everything = client.get("/api/questions?per_page=100").get_json()["questions"]
    theme = everything[0]["theme"]["slug"]
    filtered = client.get(f"/api/questions?theme={theme}&per_page=100").get_json()["questions"]
    assert filtered and {q["theme"]["slug"] for q in filtered} == {theme}
    assert len(filtered) == sum(q["theme"]["slug"] == theme for q in everything)


def test_offers_are_the_open_ones_without_their_contact_people(client, db, demo):
    body = client.get("/api/offers?per_page=100").get_json()
    assert body["total"] > 0
    text = str(body)
    for offer in db.session.scalars(select(Offer)):
        assert offer.contact_email not in text and offer.contact_name not in text
    offer = body["offers"][0]
    assert {"slug", "title", "institution", "period_start", "period_end", "available"} <= set(offer)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", offer["period_start"])


def test_speakers_are_those_of_public_talkshows(client, make_talkshow, make_speaker, make_organisation, make_lab):
    leiden = make_organisation(name="Universiteit Leiden")
    lab = make_lab(slug="stadslab-x")
    public = make_speaker(slug="sanne", name="Sanne Bakker", organisation=leiden, labs=[lab], role_title="Onderzoeker")
    secret = make_speaker(slug="geheim", name="Geheime Gast")
    make_talkshow(slug="open-avond", speakers=[(public, "host")])
    make_talkshow(slug="concept", status=TalkshowStatus.DRAFT, speakers=[(secret, "guest"), (public, "guest")])
    body = client.get("/api/speakers").get_json()
    assert body["speakers"] == [
        {
            "slug": "sanne",
            "name": "Sanne Bakker",
            "role_title": "Onderzoeker",
            "organisation": "Universiteit Leiden",
            "labs": ["stadslab-x"],
            "talkshows": ["open-avond"],
            "url": f"{PUBLIC_URL}/speakers/sanne",
        }
    ]
    assert body["total"] == 1


def test_themes_link_their_talkshows_and_feed(client, make_theme):
    make_theme(slug="wonen", name="Wonen", name_en="Housing", position=1, is_core=True)
    [theme] = client.get("/api/themes").get_json()["themes"]
    assert theme["slug"] == "wonen" and theme["name_en"] == "Housing" and theme["is_core"] is True
    assert theme["url"] == f"{PUBLIC_URL}/talkshows?theme=wonen"
    assert theme["ics_url"] == f"{PUBLIC_URL}/themes/wonen/calendar.ics"


def test_each_talkshow_links_its_outputs(client, db, demo):
    output = db.session.scalars(
        select(KnowledgeOutput).where(KnowledgeOutput.state == OutputState.PUBLISHED, KnowledgeOutput.talkshows.any())
    ).first()
    talkshow = output.talkshows[0]
    data = client.get(f"/api/talkshows/{talkshow.slug}").get_json()
    assert {"slug": output.slug, "title": output.title, "url": f"{PUBLIC_URL}/archive/{output.slug}"} in data["outputs"]
    assert data["outputs_url"] == f"{PUBLIC_URL}/api/archive?talkshow={talkshow.slug}"
    linked = client.get(data["outputs_url"].removeprefix(PUBLIC_URL)).get_json()["items"]
    assert output.slug in {item["slug"] for item in linked}
    listed = {t["slug"]: t for t in client.get("/api/talkshows?per_page=100").get_json()["talkshows"]}
    assert listed[talkshow.slug]["outputs"] == data["outputs"]


def test_times_are_to_the_second_with_their_offset(client, db, demo, make_talkshow):
    make_talkshow(
        slug="precies",
        starts_at=datetime(2031, 5, 1, 18, 0, 0, 123456, tzinfo=UTC),
        registration_opens_at=datetime(2031, 3, 1, 9, 30, 15, 999999, tzinfo=UTC),
    )
    talkshow = client.get("/api/talkshows/precies").get_json()
    assert talkshow["starts_at"] == "2031-05-01T20:00:00+02:00"
    assert talkshow["registration_opens_at"] == "2031-03-01T10:30:15+01:00"
    for output in db.session.scalars(select(KnowledgeOutput)):
        output.published_at = (output.published_at or datetime.now(UTC)).replace(microsecond=654321)
    db.session.commit()
    items = client.get("/api/archive?per_page=100").get_json()["items"]
    assert items and all(TO_THE_SECOND.fullmatch(i["published_at"]) for i in items if i["published_at"])


def test_a_big_page_of_talkshows_needs_no_more_queries_than_a_small_one(client, db, make_talkshow):
    def queries() -> int:
        statements: list[str] = []

        def listener(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/api/talkshows").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    for n in range(3):
        make_talkshow(starts_at=datetime(2031, 1, 1, tzinfo=UTC) + timedelta(days=n))
    few = queries()
    for n in range(6):
        make_talkshow(starts_at=datetime(2032, 1, 1, tzinfo=UTC) + timedelta(days=n))
    assert queries() == few
