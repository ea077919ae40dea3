"""Each figure of /impact, counted from the known data set (tests/impact/dataset.py)."""

from __future__ import annotations

from datetime import date, timedelta

from talkshow_app.impact.figures import impact_figures, is_suppressed, season_bounds, season_label, season_of


def test_a_season_is_the_academic_year_in_the_hague():
    assert season_of(date(2026, 9, 1)) == 2026
    assert season_of(date(2027, 8, 31)) == 2026
    assert season_label(2026) == "2026–2027"
    assert season_bounds(2026) == (date(2026, 9, 1), date(2027, 8, 31))


def test_only_counts_of_one_to_four_are_suppressed():
    assert [is_suppressed(n) for n in (0, 1, 4, 5, 40)] == [False, True, True, False, False]


def test_talkshow_figures_per_theme_and_season(city, now):
    figures = impact_figures(now)
    season, previous = season_of(now - timedelta(days=1)), season_of(city.old_a.starts_at)
    a, b = figures.cell(season, city.wonen.id), figures.cell(season, city.zorg.id)
    # Held: published and ended; the upcoming, the cancelled and the draft talkshow do not count.
    assert (a.talkshows_held, a.seats_filled, a.attended) == (1, 12, 8)
    assert (b.talkshows_held, b.seats_filled, b.attended) == (1, 6, 6)
    total = figures.cell(season, None)
    assert (total.talkshows_held, total.seats_filled, total.attended) == (2, 18, 14)
    old = figures.cell(previous, city.wonen.id)
    assert (old.talkshows_held, old.seats_filled, old.attended) == (1, 3, 2)
    assert season in figures.seasons and previous in figures.seasons


def test_who_came_by_affiliation(city, now):
    figures = impact_figures(now)
    season = season_of(now - timedelta(days=1))
    assert dict(figures.cell(season, city.wonen.id).affiliations) == {"student": 5, "bewoner": 2, "gemeente": 1}
    assert dict(figures.cell(season, None).affiliations) == {"student": 5, "bewoner": 2, "gemeente": 1, "docent": 6}
    old = figures.cell(season_of(city.old_a.starts_at), city.wonen.id)
    assert dict(old.affiliations) == {"bewoner": 1, "not_given": 1}


def test_city_questions_teams_outputs_and_labs(city, now):
    figures = impact_figures(now)
    season = season_of(now - timedelta(days=1))
    a, b, total = figures.cell(season, city.wonen.id), figures.cell(season, city.zorg.id), figures.cell(season, None)
    assert (a.questions_received, a.questions_accepted, a.questions_matched, a.questions_done) == (5, 3, 2, 1)
    assert (b.questions_received, b.questions_accepted, b.questions_matched, b.questions_done) == (1, 1, 1, 0)
    # Leiden + the lab of De Haagse Hogeschool is a team; two Leiden offers are not; Leiden + Inholland is.
    assert (a.teams_across_institutions, b.teams_across_institutions, total.teams_across_institutions) == (1, 1, 2)
    # One output for both themes (once in the total), one without a theme (total only), a draft (nowhere).
    assert (a.outputs_published, b.outputs_published, total.outputs_published) == (1, 1, 2)
    # Two active labs in theme A, one in B (the ended lab does not count); two in all.
    assert (a.labs_active, b.labs_active, total.labs_active) == (2, 1, 2)


def test_evaluation_scores_per_talkshow(city, now):
    talkshows = {t.slug: t for t in impact_figures(now).talkshows}
    assert set(talkshows) == {"wonen-gisteren", "zorg-eergisteren", "wonen-vorig-seizoen"}
    assert (talkshows["wonen-gisteren"].answers, talkshows["wonen-gisteren"].average_score) == (6, 4.3)
    assert talkshows["zorg-eergisteren"].answers == 3
    assert talkshows["wonen-vorig-seizoen"].average_score is None
