"""Secondary suppression: no hidden count of people can be worked out from a total and its shown parts."""

from __future__ import annotations

from datetime import timedelta

from talkshow_app.impact.disclosure import Sum, protect
from talkshow_app.impact.figures import season_of

from .test_pages import html_table, rows_by_first, table_csv

HIDDEN = "×"


def test_a_lone_hidden_part_takes_the_next_smallest_part_with_it():
    values = {"total": 30, "a": 2, "b": 8, "c": 20}
    assert protect(values, [Sum("total", ("a", "b", "c"))], 5) == {"a", "b"}


def test_a_lone_hidden_part_of_a_sum_over_seasons_hides_the_total_instead():
    values = {"all": 10, "this": 8, "last": 2}
    assert protect(values, [Sum("all", ("this", "last"), total_first=True)], 5) == {"last", "all"}


def test_hiding_spreads_until_no_sum_has_exactly_one_hidden_member():
    # rows r1, r2 with a total each, columns c1, c2 with their totals, and the grand total
    values = {"r1c1": 3, "r1c2": 10, "r1": 13, "r2c1": 7, "r2c2": 9, "r2": 16, "c1": 10, "c2": 19, "all": 29}
    sums = [
        Sum("r1", ("r1c1", "r1c2")),
        Sum("r2", ("r2c1", "r2c2")),
        Sum("c1", ("r1c1", "r2c1")),
        Sum("c2", ("r1c2", "r2c2")),
        Sum("all", ("r1", "r2")),
        Sum("all", ("c1", "c2")),
    ]
    hidden = protect(values, sums, 5)
    assert "r1c1" in hidden
    for group in sums:
        assert sum(key in hidden for key in (group.total, *group.parts)) != 1


def test_nothing_small_hides_nothing_and_zero_is_never_hidden():
    assert protect({"t": 12, "a": 0, "b": 12}, [Sum("t", ("a", "b"))], 5) == frozenset()


def test_all_seasons_does_not_give_away_a_small_season(client, city, now):
    """Wonen: 8 came this season, 2 the season before (hidden): "all seasons" (10) must not show."""
    season = season_of(now - timedelta(days=1))
    previous = season_of(city.old_a.starts_at)
    page = client.get("/impact", query_string={"theme": "wonen"}).get_data(as_text=True)
    assert html_table(page, "talkshows") == {"Wonen": ["2", HIDDEN, HIDDEN]}
    per_season = html_table(page, "seasons")
    assert per_season[f"{season}–{season + 1}"][1] == "8" and per_season[f"{previous}–{previous + 1}"][1] == HIDDEN
    assert rows_by_first(table_csv(client, "talkshows", theme="wonen")) == {"Wonen": ["2", HIDDEN, HIDDEN]}
    everything = rows_by_first(table_csv(client, "talkshows"))
    assert everything["Alle thema's"][1:] == [HIDDEN, HIDDEN]  # 16 = 10 + 6 would give Wonen's 10 away
    assert everything["Zorg en welzijn"][1:] == ["6", "6"]
    # this season's figures stay: nothing small in them that a total could betray
    assert rows_by_first(table_csv(client, "talkshows", season=season))["Alle thema's"] == ["2", "18", "14"]


def test_the_json_never_has_exactly_one_hidden_count_in_a_sum(client, city):
    body = client.get("/api/impact").get_json()
    hidden_any = False
    for season in body["seasons"]:
        figures = [season["total"], *season["themes"]]
        for measure in ("seats_filled", "attended"):
            hidden = [f[measure] is None for f in figures]
            hidden_any |= any(hidden)
            assert sum(hidden) != 1, (season["season"], measure)
        for f in figures:
            members = [f["attended"], *f["attended_by_affiliation"].values()]
            assert sum(value is None for value in members) != 1, (season["season"], f.get("theme"))
    assert hidden_any
