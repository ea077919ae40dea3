"""/archive shows each active filter and the search text as a chip that removes just that one, plus "clear all"."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from talkshow_app.archive.kinds import OutputType


def _chips(page: str) -> dict[str, tuple[str, str]]:
    """facet -> (accessible text, removal URL) for each chip on the page."""
    found = re.findall(r'<a class="filter-chip" data-facet="(\w+)" href="([^"]+)">(.*?)</a>', page, re.S)
    return {facet: (re.sub(r"<[^>]+>", "", text), html.unescape(href)) for facet, href, text in found}


def _args(url: str) -> dict[str, list[str]]:
    parts = urlsplit(url)
    assert parts.path == "/archive"
    return parse_qs(parts.query)


def test_theme_type_and_search_text_each_get_a_removable_chip(client, make_output, make_theme):
    wonen = make_theme(name="Wonen", slug="wonen")
    make_output(title="Verslag over wonen in de wijk", theme_ids=[wonen.id], output_type=OutputType.REPORT)

    page = client.get("/archive?theme=wonen&type=report&q=wijk&lang=nl").get_data(as_text=True)
    chips = _chips(page)

    assert set(chips) == {"theme", "type", "q"}
    theme_text, theme_url = chips["theme"]
    assert "Filter verwijderen: Wonen" in " ".join(theme_text.split())
    assert _args(theme_url) == {"type": ["report"], "q": ["wijk"], "lang": ["nl"]}
    type_text, type_url = chips["type"]
    assert "Filter verwijderen: Rapport" in " ".join(type_text.split())
    assert _args(type_url) == {"theme": ["wonen"], "q": ["wijk"], "lang": ["nl"]}
    q_text, q_url = chips["q"]
    assert "wijk" in q_text
    assert _args(q_url) == {"theme": ["wonen"], "type": ["report"], "lang": ["nl"]}

    clear = re.search(r'<a class="clear-filters" href="([^"]+)">([^<]+)</a>', page)
    assert clear and clear.group(2) == "Alles wissen"
    assert _args(html.unescape(clear.group(1))) == {"lang": ["nl"]}


def test_removing_a_chip_leaves_the_other_filters_active(client, make_output, make_theme):
    wonen = make_theme(name="Wonen", slug="wonen")
    make_output(title="Verslag over wonen", theme_ids=[wonen.id])
    page = client.get("/archive?theme=wonen&type=report").get_data(as_text=True)
    follow = client.get(_chips(page)["type"][1]).get_data(as_text=True)
    assert set(_chips(follow)) == {"theme"}


def test_no_chips_and_no_clear_all_without_filters(client, make_output):
    make_output(title="Verslag van de avond")
    page = client.get("/archive").get_data(as_text=True)
    assert 'class="filter-chip"' not in page
    assert 'class="clear-filters"' not in page
    assert "Alles wissen" not in page
