"""Crafted cases that pin down the matching rules (pure: no app, no database)."""
from __future__ import annotations

import random
from datetime import date

import pytest

from talkshow_app.matching.scoring import Candidate, Need, rank, score, teams

SPRING = (date(2027, 2, 1), date(2027, 6, 30))

NEED = Need(
    theme="samenleven",
    theme_name="Samenleven in wijken",
    disciplines=frozenset({"Sociaal werk", "Bestuurskunde", "Data science"}),
    stadsdeel="Centrum",
    wijk="Schilderswijk",
    starts_on=date(2027, 3, 1),
    deadline=date(2027, 5, 31),
)


def offer(slug: str, **fields) -> Candidate:
    fields.setdefault("title", slug.title())
    fields.setdefault("institutions", frozenset({"De Haagse Hogeschool"}))
    fields.setdefault("themes", frozenset({"samenleven"}))
    fields.setdefault("disciplines", frozenset())
    fields.setdefault("stadsdelen", frozenset({"Centrum"}))
    fields.setdefault("period_start", SPRING[0])
    fields.setdefault("period_end", SPRING[1])
    fields.setdefault("remaining", 2)
    return Candidate(kind=fields.pop("kind", "offer"), slug=slug, **fields)


def codes(match) -> set[str]:
    return {r.code for r in match.reasons}


def test_perfect_fit_scores_one_and_says_why():
    perfect = offer(
        "perfect",
        disciplines=NEED.disciplines,
        wijken=frozenset({"Schilderswijk"}),
    )
    match = score(NEED, perfect)
    assert match.score == pytest.approx(1.0)
    assert all(r.fits for r in match.reasons)
    assert {"theme_fits", "disciplines_cover", "same_wijk", "within_period", "capacity_left"} <= codes(match)
    covered = next(r for r in match.reasons if r.code == "disciplines_cover")
    assert covered.value("disciplines") == ("Bestuurskunde", "Data science", "Sociaal werk")


def test_no_fit_scores_low_is_not_relevant_and_names_what_is_missing():
    nothing = offer(
        "nothing",
        themes=frozenset({"ondernemen"}),
        disciplines=frozenset({"Rechten"}),
        stadsdelen=frozenset({"Scheveningen"}),
        period_start=date(2028, 1, 1),
        period_end=date(2028, 6, 30),
    )
    match = score(NEED, nothing)
    assert match.score == 0.0
    assert not match.relevant
    assert {"theme_missing", "disciplines_missing", "other_stadsdelen", "outside_period"} <= codes(match)
    assert not any(r.fits for r in match.reasons if r.code != "capacity_left")
    assert rank(NEED, [nothing]) == []
    assert rank(NEED, [nothing], relevant_only=False)[0].slug == "nothing"


def test_full_capacity_is_strongly_penalised_said_so_and_never_in_a_team():
    open_offer = offer("open", disciplines=frozenset({"Sociaal werk"}))
    full = offer("full", disciplines=frozenset({"Sociaal werk"}), remaining=0)
    open_match, full_match = score(NEED, open_offer), score(NEED, full)
    assert full_match.available is False and open_match.available is True
    assert full_match.score == pytest.approx(open_match.score * 0.25, abs=1e-5)
    assert "capacity_full" in codes(full_match)
    assert next(r for r in full_match.reasons if r.code == "capacity_full").fits is False
    ranked = rank(NEED, [full, open_offer])
    assert [m.slug for m in ranked] == ["open", "full"]
    helper = offer("helper", disciplines=frozenset({"Bestuurskunde"}), institutions=frozenset({"Universiteit Leiden"}))
    found = teams(NEED, rank(NEED, [full, helper]))
    assert found == []  # the full offer is the only one with Sociaal werk; no team without it


def test_outside_the_period_is_penalised_and_partly_inside_counts_the_share():
    inside = offer("inside", disciplines=frozenset({"Sociaal werk"}))
    outside = offer("outside", disciplines=frozenset({"Sociaal werk"}), period_start=date(2027, 9, 1), period_end=date(2028, 1, 31))
    half = offer("half", disciplines=frozenset({"Sociaal werk"}), period_start=date(2027, 4, 16), period_end=date(2027, 8, 31))
    m_in, m_out, m_half = score(NEED, inside), score(NEED, outside), score(NEED, half)
    assert m_out.parts["time"] == 0.0 and "outside_period" in codes(m_out)
    # Without the time part (0.20) the rest is halved: clearly below the one that fits in time.
    assert m_out.score == pytest.approx((m_in.score - 0.20) * 0.5, abs=1e-5)
    assert 0.0 < m_half.parts["time"] < 1.0
    partly = next(r for r in m_half.reasons if r.code == "partly_in_period")
    assert partly.value("percent") == 50  # 16 Apr – 31 May is 46 of the 92 days
    assert m_out.score < m_half.score < m_in.score


def test_an_open_ended_question_only_misses_offers_that_end_before_it_starts():
    need = Need(theme="samenleven", starts_on=date(2027, 6, 1))
    early = offer("early", period_start=date(2027, 1, 1), period_end=date(2027, 3, 1))
    later = offer("later", period_start=date(2027, 5, 1), period_end=date(2027, 12, 1))
    assert score(need, early).parts["time"] == 0.0
    assert score(need, later).parts["time"] == 1.0


def test_place_same_wijk_beats_same_stadsdeel_beats_city_wide_beats_elsewhere():
    base = {"disciplines": frozenset({"Sociaal werk"})}
    wijk = score(NEED, offer("a", wijken=frozenset({"Schilderswijk"}), **base))
    stadsdeel = score(NEED, offer("b", **base))
    city = score(NEED, offer("c", stadsdelen=frozenset(), **base))
    elsewhere = score(NEED, offer("d", stadsdelen=frozenset({"Loosduinen"}), **base))
    assert wijk.score > stadsdeel.score > city.score > elsewhere.score
    assert "works_city_wide" in codes(city) and "other_stadsdelen" in codes(elsewhere)
    city_question = Need(theme="samenleven", stadsdeel=None)
    assert "city_wide_question" in codes(score(city_question, offer("e")))


def test_listing_many_disciplines_does_not_win_on_that_alone():
    twelve = frozenset({"Sociaal werk", *(f"Vak {i}" for i in range(11))})
    broad = offer("a-broad", disciplines=twelve)  # sorts first by slug: ties would favour it
    focused = offer("z-focused", disciplines=frozenset({"Sociaal werk"}))
    m_broad, m_focused = score(NEED, broad), score(NEED, focused)
    assert m_broad.covered == m_focused.covered
    assert m_focused.score > m_broad.score
    assert [m.slug for m in rank(NEED, [broad, focused])] == ["z-focused", "a-broad"]
    assert "broad_offer" in codes(m_broad) and "broad_offer" not in codes(m_focused)
    # Still, covering more of what is asked beats a focused offer that covers less.
    wider = offer("wider", disciplines=frozenset({"Sociaal werk", "Bestuurskunde"}))
    assert score(NEED, wider).score > m_focused.score


def test_scores_stay_within_zero_and_one():
    rng = random.Random(7)
    pool = ["Sociaal werk", "Bestuurskunde", "Data science", "Rechten", "Pedagogiek", "Ontwerp"]
    for i in range(300):
        candidate = offer(
            f"o{i}",
            disciplines=frozenset(rng.sample(pool, rng.randint(0, len(pool)))),
            themes=frozenset(rng.sample(["samenleven", "onderwijs"], rng.randint(0, 2))),
            stadsdelen=frozenset(rng.sample(["Centrum", "Laak", "Escamp"], rng.randint(0, 3))),
            remaining=rng.randint(0, 3),
        )
        assert 0.0 <= score(NEED, candidate).score <= 1.0


def test_a_team_covers_three_disciplines_from_two_institutions():
    social = offer("hhs-social-work", disciplines=frozenset({"Sociaal werk", "Bestuurskunde"}))
    data = offer(
        "leiden-data-science",
        disciplines=frozenset({"Data science"}),
        institutions=frozenset({"Universiteit Leiden"}),
    )
    bystander = offer("hhs-bestuur", disciplines=frozenset({"Bestuurskunde"}))
    ranked = rank(NEED, [social, data, bystander])
    found = teams(NEED, ranked)
    best = found[0]
    assert sorted(best.slugs) == ["hhs-social-work", "leiden-data-science"]
    assert best.disciplines_covered == ("Bestuurskunde", "Data science", "Sociaal werk")
    assert best.disciplines_missing == ()
    assert best.institutions == ("De Haagse Hogeschool", "Universiteit Leiden")
    assert 0.0 < best.score <= 1.0
    # No team carries a passenger: hhs-bestuur adds nothing the other two lack.
    assert all("hhs-bestuur" not in t.slugs or len(t.slugs) < 3 for t in found)


def test_teams_prefer_several_institutions():
    a = offer("a", disciplines=frozenset({"Sociaal werk"}))
    same = offer("b-same", disciplines=frozenset({"Bestuurskunde", "Data science"}))
    other = offer("c-other", disciplines=frozenset({"Bestuurskunde", "Data science"}), institutions=frozenset({"Hogeschool Inholland"}))
    found = teams(NEED, rank(NEED, [a, same, other]))
    assert sorted(found[0].slugs) == ["a", "c-other"]
    assert found[0].score > found[1].score


def test_no_team_when_one_offer_covers_it_or_fewer_than_two_disciplines_are_asked():
    everything = offer("all", disciplines=NEED.disciplines)
    part = offer("part", disciplines=frozenset({"Sociaal werk"}), institutions=frozenset({"Universiteit Leiden"}))
    assert teams(NEED, rank(NEED, [everything, part])) == []
    single = Need(theme="samenleven", disciplines=frozenset({"Sociaal werk"}))
    assert teams(single, rank(single, [part, offer("x", disciplines=frozenset({"Sociaal werk"}))])) == []


def test_three_member_teams_when_no_pair_covers_everything():
    need = Need(theme="t", disciplines=frozenset({"A", "B", "C"}))
    members = [
        offer("p", themes=frozenset({"t"}), disciplines=frozenset({"A"}), institutions=frozenset({"X"})),
        offer("q", themes=frozenset({"t"}), disciplines=frozenset({"B"}), institutions=frozenset({"Y"})),
        offer("r", themes=frozenset({"t"}), disciplines=frozenset({"C"}), institutions=frozenset({"Z"})),
    ]
    found = teams(need, rank(need, members))
    assert sorted(found[0].slugs) == ["p", "q", "r"]
    assert found[0].coverage == 1.0
    assert all(len(t.members) == 2 for t in found[1:])


def test_ranking_and_teams_are_deterministic_whatever_the_input_order():
    candidates = [
        offer(f"twin-{c}", disciplines=frozenset({"Sociaal werk"}), institutions=frozenset({f"I{c}"})) for c in "dcbae"
    ] + [offer("data", disciplines=frozenset({"Data science"}), institutions=frozenset({"Leiden"})),
         offer("lab-x", kind="lab", disciplines=frozenset({"Bestuurskunde"}), remaining=None)]
    expected_rank = [m.slug for m in rank(NEED, candidates)]
    expected_teams = [t.slugs for t in teams(NEED, rank(NEED, candidates))]
    twins = [s for s in expected_rank if s.startswith("twin-")]
    assert twins == sorted(twins)  # equal scores fall back to the slug
    rng = random.Random(3)
    for _ in range(20):
        shuffled = candidates[:]
        rng.shuffle(shuffled)
        assert [m.slug for m in rank(NEED, shuffled)] == expected_rank
        assert [t.slugs for t in teams(NEED, rank(NEED, shuffled))] == expected_teams


def test_labs_without_capacity_or_period_are_judged_on_the_rest():
    lab = Candidate(kind="lab", slug="stadslab", title="Stadslab", themes=frozenset({"samenleven"}),
                    stadsdelen=frozenset({"Centrum"}), wijken=frozenset({"Schilderswijk"}),
                    disciplines=frozenset({"Sociaal werk"}))
    match = score(NEED, lab)
    assert match.available
    assert "no_period" in codes(match) and "capacity_left" not in codes(match)


def test_a_question_without_disciplines_misses_none():
    need = Need(theme="samenleven", stadsdeel="Centrum")
    match = score(need, offer("any", disciplines=frozenset({"Rechten"})))
    assert match.parts["disciplines"] == 1.0
    assert "no_disciplines_asked" in codes(match)
