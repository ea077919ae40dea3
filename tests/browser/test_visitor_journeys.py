"""Visitors exploring the demo site in a real browser: labs on the map, the archive, matching."""
from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

MARKERS = "#lab-map .leaflet-marker-icon"


def markers(page) -> list[str]:
    page.wait_for_selector("#lab-map[data-marker-count]", state="attached")
    return sorted(page.locator(MARKERS).evaluate_all("els => els.map(e => e.getAttribute('title') || e.getAttribute('alt'))"))


def test_filtering_the_labs_changes_the_markers_on_the_map(live_server, page):
    page.goto(live_server.absolute("/labs"))
    all_markers = markers(page)
    assert len(all_markers) >= 4, all_markers
    assert int(page.get_attribute("#lab-map", "data-marker-count")) == len(all_markers)

    # Pick the stadsdeel of the first lab on the map: fewer labs, at least one marker.
    options = page.locator("#filter-stadsdeel option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    narrowed = None
    for value in options:
        page.select_option("#filter-stadsdeel", value)
        page.locator("form.lab-filters button[type=submit]").click()
        page.wait_for_load_state()
        found = markers(page)
        if 0 < len(found) < len(all_markers):
            narrowed = (value, found)
            break
        page.goto(live_server.absolute("/labs"))
    assert narrowed, "no stadsdeel narrows the map"
    value, found = narrowed
    assert f"stadsdeel={value}" in page.url
    assert set(found) < set(all_markers)
    listed = page.locator(".lab-list > li h3, .lab-list > li h2").all_inner_texts()
    assert set(found) <= {name.strip() for name in listed}, "every marker is a lab in the list"

    # Clearing the filter brings every marker back.
    page.get_by_role("link", name="Filters wissen").first.click()
    page.wait_for_load_state()
    assert markers(page) == all_markers


def test_a_visitor_searches_the_archive(live_server, page):
    page.goto(live_server.absolute("/archive"))
    total = page.locator(".archive-item").count()
    assert total >= 3
    search = page.locator("#archive-q")
    search.fill("schooladvies")
    search.press("Enter")
    page.wait_for_load_state()
    assert "q=schooladvies" in page.url
    titles = page.locator(".archive-item-title").all_inner_texts()
    assert 0 < len(titles) < total
    assert any("kansenkloof" in title.lower() for title in titles), titles
    assert page.locator("#archive-q").input_value() == "schooladvies"

    page.locator(".archive-item-title a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == titles[0].strip()

    page.goto(live_server.absolute("/archive?q=zzzgeenresultaatzzz"))
    assert page.locator(".archive-item").count() == 0
    assert "0" in page.locator(".result-count").inner_text()


def test_a_question_shows_its_ranked_matches_with_reasons(live_server, page):
    page.goto(live_server.absolute("/questions"))
    link = page.locator("main a[href^='/questions/']:not([href='/questions/new'])").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(href)

    items = page.locator("#matches-heading ~ ol.match-list > li.match")
    assert items.count() >= 1
    scores = [int(re.search(r"(\d+)\s*%", text).group(1)) for text in items.locator(".match-score").all_inner_texts()]
    assert scores == sorted(scores, reverse=True), "best match first"
    for index in range(items.count()):
        assert items.nth(index).locator(".reasons li").count() >= 1, "every match says why"

    # The page and the open data agree on the ranking.
    data = page.request.get(live_server.absolute(f"/api{href}/matches")).json()
    api_titles = [match["title"] for match in data["matches"]]
    page_titles = [title.strip() for title in items.locator(".match-title").all_inner_texts()]
    assert page_titles == api_titles[: len(page_titles)]
    assert [round(match["score"] * 100) for match in data["matches"]][: len(scores)] == scores
