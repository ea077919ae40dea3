"""/impact, its CSV files and /api/impact show the same figures, and never a count of people from 1 to 4."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import timedelta

from talkshow_app.impact.figures import season_of


def table_csv(client, name: str, **query) -> list[list[str]]:
    response = client.get(f"/impact/{name}.csv", query_string=query)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))[1:]


def rows_by_first(rows: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in rows}


def html_table(page: str, name: str) -> dict[str, list[str]]:
    """The table's rows as text: the row header, then the cells."""
    table = re.search(rf'<table[^>]*id="table-{name}".*?</table>', page, re.S).group(0)
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S):
        cells = [
            html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows


def test_the_page_shows_each_figure_per_theme_for_a_season(client, city, now):
    season = season_of(now - timedelta(days=1))
    response = client.get("/impact", query_string={"season": season})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "1 september" in page  # the season is defined on the page
    assert html_table(page, "talkshows") == {
        "Wonen": ["1", "12", "8"],
        "Zorg en welzijn": ["1", "6", "6"],
        "Alle thema's": ["2", "18", "14"],
    }
    assert html_table(page, "questions")["Wonen"] == ["5", "3", "2", "1"]
    assert html_table(page, "questions")["Zorg en welzijn"] == ["1", "1", "1", "0"]
    assert html_table(page, "results") == {
        "Wonen": ["1", "1", "2"],
        "Zorg en welzijn": ["1", "1", "1"],
        "Alle thema's": ["2", "2", "2"],
    }
    came = html_table(page, "affiliations")
    assert came["Student"] == ["5"] and came["Docent"] == ["6"]
    assert came["Bewoner van Den Haag"] == ["×"] and came["Gemeente"] == ["×"]  # 2 and 1 people
    assert came["Ondernemer"] == ["0"]  # nobody: 0 singles no one out


def test_small_counts_are_hidden_in_html_csv_and_json(client, city, now):
    previous = season_of(city.old_a.starts_at)
    page = client.get("/impact", query_string={"season": previous, "theme": "wonen"}).get_data(as_text=True)
    assert html_table(page, "talkshows") == {"Wonen": ["1", "×", "×"]}  # 3 seats filled, 2 came
    assert html_table(page, "attendance")[next(iter(html_table(page, "attendance")))][1:3] == ["×", "×"]
    assert rows_by_first(table_csv(client, "talkshows", season=previous, theme="wonen")) == {"Wonen": ["1", "×", "×"]}
    assert ">3<" not in page.split('id="table-talkshows"')[1].split("</table>")[0]

    body = client.get("/api/impact").get_json()
    old = next(s for s in body["seasons"] if s["season"] == f"{previous}-{previous + 1}")
    wonen = next(t for t in old["themes"] if t["theme"]["slug"] == "wonen")
    assert wonen["seats_filled"] is None and wonen["attended"] is None
    assert {"seats_filled", "attended", "attended_by_affiliation.bewoner"} <= set(wonen["suppressed"])
    assert wonen["attended_by_affiliation"]["student"] == 0


def test_every_table_downloads_as_csv_with_the_shown_values(client, city, now):
    season = season_of(now - timedelta(days=1))
    assert rows_by_first(table_csv(client, "talkshows", season=season))["Wonen"] == ["1", "12", "8"]
    assert rows_by_first(table_csv(client, "questions", season=season))["Wonen"] == ["5", "3", "2", "1"]
    assert rows_by_first(table_csv(client, "results", season=season))["Alle thema's"] == ["2", "2", "2"]
    came = rows_by_first(table_csv(client, "affiliations", season=season))
    assert came["Student"] == ["5"] and came["Gemeente"] == ["×"]
    attendance = {row[1]: row[2:] for row in table_csv(client, "attendance", season=season)}
    assert attendance["Wonen Gisteren"] == ["12", "8", "4,3"]
    assert attendance["Zorg Eergisteren"] == ["6", "6", "< 5 antwoorden"]  # three answers: no average
    seasons = rows_by_first(table_csv(client, "seasons"))
    assert seasons[f"{season}–{season + 1}"] == ["2", "14", "6", "2"]


def test_the_api_gives_the_same_figures(client, city, now):
    season = season_of(now - timedelta(days=1))
    response = client.get("/api/impact")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*" and response.headers.get("ETag")
    body = response.get_json()
    assert body["threshold"] == 5 and "1 September" in body["season_definition"]
    current = next(s for s in body["seasons"] if s["season"] == f"{season}-{season + 1}")
    assert current["starts_on"] == f"{season}-09-01"
    total = current["total"]
    assert (total["talkshows_held"], total["seats_filled"], total["attended"]) == (2, 18, 14)
    assert total["questions"] == {"received": 6, "accepted": 4, "matched": 3, "done": 1}
    assert (total["teams_across_institutions"], total["outputs_published"], total["labs_active"]) == (2, 2, 2)
    assert total["attended_by_affiliation"]["docent"] == 6 and total["attended_by_affiliation"]["bewoner"] is None
    wonen = next(t for t in current["themes"] if t["theme"]["slug"] == "wonen")
    assert wonen["questions"] == {"received": 5, "accepted": 3, "matched": 2, "done": 1}
    talkshows = {t["slug"]: t for t in body["talkshows"]}
    assert talkshows["wonen-gisteren"]["evaluation"] == {"answers": 6, "average_score": 4.3}
    assert talkshows["zorg-eergisteren"]["evaluation"] == {"answers": None, "average_score": None}
    assert "evaluation" in talkshows["zorg-eergisteren"]["suppressed"]
    again = client.get("/api/impact", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code in (200, 304)


def test_the_charts_are_svg_with_a_title_and_the_table_beside_them(client, city):
    page = client.get("/impact").get_data(as_text=True)
    charts = re.findall(r'<svg class="impact-chart".*?</svg>', page, re.S)
    assert len(charts) == 3
    for chart in charts:
        assert 'role="img"' in chart and "<title" in chart and "<desc" in chart
    assert "<script" not in page.split("<main")[1]


def test_unknown_choices_are_refused_cleanly(client, city):
    assert client.get("/impact", query_string={"season": "abc"}).status_code == 400
    assert client.get("/impact", query_string={"season": "1900"}).status_code == 400
    assert client.get("/impact", query_string={"theme": "bestaat-niet"}).status_code == 400
    assert client.get("/impact/bestaat-niet.csv").status_code == 404
    assert client.get("/impact", query_string={"season": "all", "theme": "all"}).status_code == 200


def test_the_footer_links_the_impact_page(client):
    assert 'href="/impact"' in client.get("/").get_data(as_text=True)
