"""Stored rankings (issue 11): pages read kept candidates from a table that every change keeps exact."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from talkshow_app.labs import services as lab_services
from talkshow_app.labs.models import Discipline, Lab, LabStatus
from talkshow_app.matching import candidate_scores, ranking, scoring
from talkshow_app.matching.matches import load_candidates, need_of, ranked_candidates
from talkshow_app.matching.models import (
    PUBLIC_STATES,
    AskerKind,
    HelpKind,
    Level,
    MatchCandidate,
    MatchRanking,
    Offer,
    OfferKind,
    PreferredStadsdeel,
    Question,
    QuestionState,
)
from talkshow_app.matching.overview import QUESTIONS_SHOWN
from talkshow_app.series.models import Organisation, Theme

PLACES = ("Centrum", "Laak", "Escamp", "")
SERIALS = itertools.count(1)
STATES = (QuestionState.ACCEPTED, QuestionState.ACCEPTED, QuestionState.DONE, QuestionState.SUBMITTED)


def _key(match: scoring.Match) -> tuple[str, str, float]:
    return (match.kind, match.slug, match.score)


def _assert_stored_equals_live(session) -> None:
    """For every public question: the kept prefixes equal those of scoring every candidate."""
    everything = load_candidates().all()
    pool = scoring.Pool(everything)
    for question in session.scalars(select(Question).where(Question.state.in_(PUBLIC_STATES))):
        need = need_of(question)
        live = scoring.rank(need, everything)
        stored = scoring.rank(need, ranked_candidates(question.id).all())
        assert session.get(MatchRanking, question.id) is not None, question.slug
        assert [_key(m) for m in stored[: ranking.KEEP_BEST]] == [_key(m) for m in live[: ranking.KEEP_BEST]]
        live_free = [_key(m) for m in live if m.available][: ranking.KEEP_AVAILABLE]
        assert [_key(m) for m in stored if m.available][: ranking.KEEP_AVAILABLE] == live_free
        best = scoring.best_available(need, pool)
        assert (live_free[0] if live_free else None) == (_key(best) if best else None)


def _base(session) -> tuple[list[Theme], list[Discipline], list[Organisation]]:
    themes = list(session.scalars(select(Theme).where(Theme.slug.like("prop-%")).order_by(Theme.slug)))
    if not themes:
        session.add_all([Theme(slug=f"prop-{i}", name=f"Thema {i}") for i in range(3)])
        session.add_all([Discipline(slug=f"prop-vak-{i}", name=f"Vak {i}") for i in range(5)])
        session.add_all([Organisation(slug=f"prop-org-{i}", name=f"Instelling {i}") for i in range(2)])
        session.commit()
        return _base(session)
    disciplines = list(
        session.scalars(select(Discipline).where(Discipline.slug.like("prop-vak-%")).order_by(Discipline.slug))
    )
    organisations = list(session.scalars(select(Organisation).where(Organisation.slug.like("prop-org-%"))))
    return themes, disciplines, organisations


subsets = st.sets(st.integers(0, 4), max_size=3)
operations = st.one_of(
    st.tuples(
        st.just("offer"),
        subsets,
        subsets,
        st.sets(st.sampled_from(PLACES[:3]), max_size=2),
        st.integers(-200, 60),
        st.integers(0, 200),
        st.integers(0, 2),
    ),
    st.tuples(st.just("lab"), subsets, subsets, st.sampled_from(PLACES), st.booleans()),
    st.tuples(
        st.just("question"),
        st.integers(0, 2),
        subsets,
        st.sampled_from(PLACES),
        st.integers(0, 120),
        st.sampled_from(STATES),
    ),
    st.tuples(st.just("edit-offer"), st.integers(0, 50), st.integers(0, 2), st.booleans(), subsets),
    st.tuples(st.just("edit-lab"), st.integers(0, 50), st.booleans(), subsets),
    st.tuples(st.just("edit-question"), st.integers(0, 50), st.sampled_from(STATES), subsets, st.sampled_from(PLACES)),
)


def _apply(session, operation, themes, disciplines, organisations, serial: int) -> None:
    today = date.today()
    kind = operation[0]
    pick = lambda items, indexes: [items[i] for i in sorted({i % len(items) for i in indexes})]  # noqa: E731
    if kind == "offer":
        _, theme_ids, discipline_ids, places, start, length, remaining = operation
        offer = Offer(
            slug=f"prop-aanbod-{serial}",
            title=f"Aanbod {serial}",
            kind=OfferKind.COURSE,
            institution=organisations[0],
            programme="Opleiding",
            level=Level.HBO_BACHELOR,
            period_start=today + timedelta(days=start),
            period_end=today + timedelta(days=start + length),
            capacity=2,
            remaining_capacity=remaining,
            contact_name="Docent",
            contact_email="docent@example.org",
            themes=pick(themes, theme_ids),
            disciplines=pick(disciplines, discipline_ids),
        )
        offer.preferred_places = [PreferredStadsdeel(stadsdeel=p) for p in sorted(places)]
        session.add(offer)
    elif kind == "lab":
        _, theme_ids, discipline_ids, place, active = operation
        session.add(
            Lab(
                slug=f"prop-lab-{serial}",
                name=f"Lab {serial}",
                stadsdeel=place,
                wijk="Transvaal" if place else "",
                status=LabStatus.ACTIVE if active else LabStatus.ENDED,
                themes=pick(themes, theme_ids),
                disciplines=pick(disciplines, discipline_ids),
                partners=organisations[1:],
            )
        )
    elif kind == "question":
        _, theme_id, discipline_ids, place, start, state = operation
        session.add(
            Question(
                slug=f"prop-vraag-{serial}",
                title=f"Vraag {serial}",
                description="Een vraag.",
                asker_kind=AskerKind.RESIDENT,
                theme=themes[theme_id],
                stadsdeel=place,
                wijk="Transvaal" if place else "",
                help_kind=HelpKind.RESEARCH,
                starts_on=today + timedelta(days=start),
                deadline=today + timedelta(days=start + 60),
                contact_name="Bewoner",
                contact_email="b@example.org",
                state=state,
                disciplines=pick(disciplines, discipline_ids),
            )
        )
    else:
        model = {"edit-offer": Offer, "edit-lab": Lab, "edit-question": Question}[kind]
        rows = list(session.scalars(select(model).where(model.slug.like("prop-%")).order_by(model.id)))
        if not rows:
            return
        row = rows[operation[1] % len(rows)]
        if kind == "edit-offer":
            row.remaining_capacity, row.is_open = min(operation[2], row.capacity), operation[3]
            row.themes = pick(themes, operation[4])
        elif kind == "edit-lab":
            row.status = LabStatus.ACTIVE if operation[2] else LabStatus.ENDED
            row.disciplines = pick(disciplines, operation[3])
        else:
            row.state, row.disciplines, row.stadsdeel = operation[2], pick(disciplines, operation[3]), operation[4]
    session.commit()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(operations, min_size=1, max_size=8))
def test_stored_rankings_equal_scoring_every_candidate_after_any_changes(db, monkeypatch, steps):
    # Small kept prefixes, so that rankings fill up, candidates fall out of them and questions are ranked anew.
    monkeypatch.setattr(ranking, "KEEP_BEST", 4)
    monkeypatch.setattr(ranking, "KEEP_AVAILABLE", 2)
    session = db.session
    session.rollback()  # a failed example (while shrinking) leaves nothing half done
    themes, disciplines, organisations = _base(session)
    for operation in steps:
        _apply(session, operation, themes, disciplines, organisations, next(SERIALS))
        _assert_stored_equals_live(session)


def test_editing_an_offer_a_lab_or_a_question_changes_the_ranking_at_once(
    client, db, make_question, make_offer, make_lab, make_discipline, make_user
):
    social, data = make_discipline("Sociaal werk"), make_discipline("Data science")
    question = make_question(disciplines=[social])
    first = make_offer(slug="eerste", themes=[question.theme], disciplines=[social])
    make_offer(slug="tweede", themes=[question.theme], disciplines=[data])
    lab = make_lab(slug="buurtlab", themes=[question.theme], disciplines=[social], stadsdeel="Centrum")

    def ranked() -> list[str]:
        return [m["slug"] for m in client.get(f"/api/questions/{question.slug}/matches").get_json()["matches"]]

    assert ranked()[0] in ("buurtlab", "eerste") and "tweede" in ranked()
    first.is_open = False
    db.session.commit()
    assert "eerste" not in ranked()
    lab_services.end_lab("buurtlab", make_user(), date.today())
    assert ranked() == ["tweede"]
    question = db.session.get(Question, question.id)
    question.disciplines = [data]
    db.session.commit()
    assert ranked() == ["tweede"] and "Brengt Data science" in client.get(f"/questions/{question.slug}").get_data(
        as_text=True
    )
    assert db.session.scalar(select(func.count()).select_from(MatchCandidate)) == 1
    assert lab.id is not None


def test_rescore_rebuilds_what_an_upgrade_leaves_empty_and_pages_stay_right_meanwhile(
    app, client, db, make_question, make_offer
):
    question = make_question()
    make_offer(slug="passend", themes=[question.theme])
    db.session.execute(delete(MatchCandidate))
    db.session.execute(delete(MatchRanking))
    db.session.commit()
    # No stored ranking yet (as right after the migration): the question is ranked live.
    assert [m["slug"] for m in client.get(f"/api/questions/{question.slug}/matches").get_json()["matches"]] == [
        "passend"
    ]
    assert "Vraag" in client.get("/matching").get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["matching", "rescore"])
    assert result.exit_code == 0 and "1 questions" in result.output
    assert db.session.scalar(select(MatchCandidate.slug)) == "passend"


def test_overview_lists_the_first_questions_and_costs_the_same_queries_with_more_data(
    client, make_question, make_offer, make_lab, make_theme, count_queries
):
    extra = QUESTIONS_SHOWN + 5
    theme = make_theme()
    make_question(theme=theme, title="Eerste open vraag")
    make_offer(themes=[theme])
    make_lab(themes=[theme], latitude=52.07, longitude=4.3, stadsdeel="Centrum")
    with count_queries() as small:
        assert client.get("/matching").status_code == 200
    for _ in range(extra):
        make_question(theme=theme, state=QuestionState.DONE)
    make_offer(themes=[theme])
    make_lab(themes=[theme], latitude=52.05, longitude=4.28, stadsdeel="Escamp")
    with count_queries() as big:
        page = client.get("/matching").get_data(as_text=True)
    assert len(big) == len(small)
    assert page.count('<th scope="row"><a href="/questions/vraag-') == QUESTIONS_SHOWN
    assert f"De eerste {QUESTIONS_SHOWN} van {extra + 1} vragen." in page and 'href="/questions"' in page
    assert page.index("Eerste open vraag") < page.index("over de buurt")
    assert candidate_scores.REBUILD_ABOVE > 1
