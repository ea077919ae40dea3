"""The demo questions and offers: believable, private, and idempotent."""
from __future__ import annotations

from sqlalchemy import func, select

from talkshow_app.cli import DEMO_LOADERS
from talkshow_app.labs import demo as labs_demo
from talkshow_app.matching import demo
from talkshow_app.matching.models import Match, Offer, Question, QuestionState
from talkshow_app.series import demo as series_demo


def _counts(db):
    return tuple(db.session.scalar(select(func.count(m.id))) for m in (Question, Offer, Match))


def test_demo_loads_after_series_and_labs_and_twice_changes_nothing(db, client):
    assert DEMO_LOADERS.index(demo.load) == DEMO_LOADERS.index(labs_demo.load) + 1
    series_demo.load()
    labs_demo.load()
    assert demo.load() > 0
    first = _counts(db)
    assert first[0] == len(demo.QUESTIONS) and first[1] == len(demo.OFFERS) and first[2] > 0
    assert demo.load() == 0
    assert _counts(db) == first

    questions = list(db.session.scalars(select(Question)))
    assert {q.state for q in questions} == set(QuestionState)
    assert all(q.contact_email.endswith("@example.org") for q in questions)
    assert all(o.contact_email.endswith("@example.org") for o in db.session.scalars(select(Offer)))
    assert len({q.stadsdeel for q in questions}) >= 5 and len({q.theme_id for q in questions}) == 4
    institutions = {o.institution.slug for o in db.session.scalars(select(Offer))}
    assert {"de-haagse-hogeschool", "hogeschool-inholland", "universiteit-leiden"} <= institutions

    # Every public page shows something real.
    overview = client.get("/matching").get_data(as_text=True)
    assert "Schuldhulp die werkt" in overview and '"kind": "question"' in overview
    assert any(marker["kind"] == "lab" for marker in client.get("/matching/labs.json").get_json())
    team_question = client.get("/api/questions/drempels-bij-de-overstap-naar-de-middelbare-school/matches").get_json()
    assert team_question["matches"] and team_question["teams"]
    talkshow = client.get("/talkshows/de-kansenkloof-in-de-klas").get_data(as_text=True)
    assert "Welke drempels ervaren ouders" in talkshow
    lab = client.get("/labs/wijklab-escamp").get_data(as_text=True)
    assert "Ouderbetrokkenheid op basisscholen in Escamp" in lab


def test_demo_needs_the_series_partners(db):
    assert demo.load() == 0
    assert _counts(db) == (0, 0, 0)
