"""The demo labs: every stadsdeel, enrichment of the series' labs, and idempotence."""
from __future__ import annotations

from sqlalchemy import func, select

from talkshow_app.labs import demo
from talkshow_app.labs.models import Discipline, Lab, LabStatus
from talkshow_app.labs.places import STADSDELEN, within_the_hague
from talkshow_app.series import demo as series_demo

SERIES_LABS = ["stadslab-schilderswijk", "wijklab-escamp", "kenniswerkplaats-leefbare-wijken", "living-lab-scheveningen"]


def snapshot(db) -> list[tuple]:
    labs = db.session.scalars(select(Lab).order_by(Lab.slug)).all()
    return [
        (lab.slug, lab.stadsdeel, lab.latitude, lab.last_checked_on, tuple(sorted(d.slug for d in lab.disciplines)),
         tuple(sorted(t.slug for t in lab.themes)), tuple(sorted(p.slug for p in lab.partners)))
        for lab in labs
    ]


def test_demo_labs_cover_all_eight_stadsdelen_inside_the_hague(db):
    series_demo.load()
    demo.load()
    labs = db.session.scalars(select(Lab)).all()
    assert {lab.stadsdeel for lab in labs} == set(STADSDELEN)
    for lab in labs:
        assert lab.has_location and within_the_hague(lab.latitude, lab.longitude), lab.slug
        assert lab.partners and lab.disciplines and lab.themes, lab.slug
        assert lab.contact_email == "" or lab.contact_email.endswith("@example.org")
    assert any(lab.status == LabStatus.ENDED for lab in labs)
    assert db.session.scalar(select(func.count(Discipline.id))) >= 13


def test_the_series_labs_are_filled_in(db):
    series_demo.load()
    demo.load()
    for slug in SERIES_LABS:
        lab = db.session.scalar(select(Lab).where(Lab.slug == slug))
        assert lab.stadsdeel and lab.wijk and lab.disciplines, slug


def test_loading_twice_changes_nothing(db, runner):
    series_demo.load()
    first = demo.load()
    before = snapshot(db)
    assert first > 0
    assert demo.load() == 0
    db.session.expire_all()
    assert snapshot(db) == before


def test_an_organisers_edit_survives_another_load(db):
    series_demo.load()
    demo.load()
    lab = db.session.scalar(select(Lab).where(Lab.slug == "stadslab-transvaal"))
    lab.wijk = "Transvaal-Noord"
    db.session.commit()
    demo.load()
    db.session.expire_all()
    assert db.session.scalar(select(Lab.wijk).where(Lab.slug == "stadslab-transvaal")) == "Transvaal-Noord"


def test_the_demo_data_command_includes_the_labs(runner, db):
    result = runner.invoke(args=["demo-data"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Lab.id))) >= 12
    again = runner.invoke(args=["demo-data"])
    assert "0 objects created" in again.output


def test_without_the_series_demo_the_loader_adds_its_own_labs_only(db):
    demo.load()
    slugs = set(db.session.scalars(select(Lab.slug)))
    assert not slugs & set(SERIES_LABS)
    assert "stadslab-transvaal" in slugs
