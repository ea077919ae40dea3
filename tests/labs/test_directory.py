"""/labs, /api/labs and /labs/<slug>: filters in the URL, one answer for list, map and open data."""
from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from talkshow_app.labs.models import LabKind, LabStatus
from talkshow_app.series.models import TalkshowStatus
from tests.conftest import PUBLIC_URL

CARD_LINK = re.compile(r'<li class="lab-card">\s*<h3><a href="/labs/([a-z0-9-]+)"')
MARKERS = re.compile(r"data-markers='([^']*)'")


def listed(page: str) -> list[str]:
    return CARD_LINK.findall(page)


def markers(page: str) -> list[dict]:
    found = MARKERS.search(page)
    assert found, "the page carries no marker data"
    return json.loads(html.unescape(found.group(1)))


@pytest.fixture
def directory(db, make_theme, make_organisation, make_discipline, make_placed_lab):
    wonen = make_theme(slug="wonen", name="Wonen")
    werk = make_theme(slug="werk", name="Werk")
    sociologie = make_discipline(slug="sociologie", name="Sociologie")
    ict = make_discipline(slug="ict", name="ICT")
    hhs = make_organisation(slug="hhs", name="De Haagse Hogeschool")
    leiden = make_organisation(slug="leiden", name="Universiteit Leiden")
    labs = {
        "a": make_placed_lab(slug="lab-a", name="Lab A", stadsdeel="Centrum", themes=[wonen], disciplines=[sociologie], partners=[hhs],
                             latitude=52.06, longitude=4.30, wijk="Schilderswijk"),
        "b": make_placed_lab(slug="lab-b", name="Lab B", stadsdeel="Escamp", themes=[werk], disciplines=[ict], partners=[leiden],
                             latitude=52.05, longitude=4.28),
        "c": make_placed_lab(slug="lab-c", name="Lab C", stadsdeel="Escamp", themes=[wonen, werk], disciplines=[sociologie, ict],
                             partners=[hhs, leiden], latitude=None, longitude=None),
        "d": make_placed_lab(slug="lab-d", name="Lab D", stadsdeel="Laak", themes=[wonen], disciplines=[sociologie], partners=[hhs],
                             status=LabStatus.ENDED, latitude=52.07, longitude=4.33),
    }
    return labs


QUERIES = {
    "": ["lab-a", "lab-b", "lab-c"],
    "theme=wonen": ["lab-a", "lab-c"],
    "theme=werk": ["lab-b", "lab-c"],
    "stadsdeel=escamp": ["lab-b", "lab-c"],
    "stadsdeel=centrum": ["lab-a"],
    "stadsdeel=haagse-hout": [],
    "discipline=ict": ["lab-b", "lab-c"],
    "partner=leiden": ["lab-b", "lab-c"],
    "partner=hhs": ["lab-a", "lab-c"],
    "status=ended": ["lab-d"],
    "status=all": ["lab-a", "lab-b", "lab-c", "lab-d"],
    "theme=wonen&stadsdeel=escamp": ["lab-c"],
    "theme=wonen&discipline=sociologie&partner=hhs&status=all": ["lab-a", "lab-c", "lab-d"],
    "theme=werk&stadsdeel=centrum": [],
    "stadsdeel=laak": [],
    "stadsdeel=laak&status=all": ["lab-d"],
}


@pytest.mark.parametrize(("query", "expected"), QUERIES.items())
def test_each_filter_and_combinations_narrow_the_list(client, directory, query, expected):
    response = client.get(f"/labs?{query}")
    assert response.status_code == 200
    assert listed(response.get_data(as_text=True)) == expected


@pytest.mark.parametrize("query", QUERIES.keys())
def test_list_map_markers_and_json_agree_for_the_same_query(client, directory, query):
    page = client.get(f"/labs?{query}").get_data(as_text=True)
    data = client.get(f"/api/labs?{query}").get_json()
    in_list = listed(page)
    in_json = [lab["slug"] for lab in data["labs"]]
    on_map = [marker["slug"] for marker in markers(page)]
    located = [lab["slug"] for lab in data["labs"] if lab["latitude"] is not None]
    assert in_json == in_list
    assert on_map == located
    assert set(on_map) <= set(in_list)
    if "lab-c" in in_list:  # the lab without coordinates is listed, just not on the map
        assert "lab-c" not in on_map


def test_the_page_links_to_the_open_data_of_the_same_query(client, directory):
    page = client.get("/labs?theme=wonen&stadsdeel=Escamp").get_data(as_text=True)
    link = re.search(r'href="(/api/labs\?[^"]+)"', page).group(1)
    data = client.get(html.unescape(link)).get_json()
    assert [lab["slug"] for lab in data["labs"]] == ["lab-c"]


def test_json_has_the_contract_shape(client, directory):
    response = client.get("/api/labs?stadsdeel=centrum")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    (lab,) = response.get_json()["labs"]
    assert lab == {
        "slug": "lab-a",
        "name": "Lab A",
        "partners": ["De Haagse Hogeschool"],
        "stadsdeel": "Centrum",
        "latitude": 52.06,
        "longitude": 4.30,
        "themes": ["wonen"],
        "disciplines": ["Sociologie"],
        "url": f"{PUBLIC_URL}/labs/lab-a",
    }


def test_a_lab_without_place_has_nulls_in_json(client, directory):
    lab = next(lab for lab in client.get("/api/labs").get_json()["labs"] if lab["slug"] == "lab-c")
    assert lab["latitude"] is None and lab["longitude"] is None
    assert lab["disciplines"] == ["ICT", "Sociologie"]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("stadsdeel=wassenaar", "stadsdeel"),
        ("theme=bestaat-niet", "theme"),
        ("discipline=alchemie", "discipline"),
        ("partner=onbekend", "partner"),
        ("status=misschien", "status"),
    ],
)
def test_unknown_filter_values_are_ignored_on_the_page_and_refused_by_the_api(client, directory, query, name):
    page = client.get(f"/labs?{query}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "onbekend en genegeerd" in text
    assert listed(text) == ["lab-a", "lab-b", "lab-c"]
    api = client.get(f"/api/labs?{query}")
    assert api.status_code == 400
    assert name in api.get_json()["error"]["invalid"]


@pytest.mark.parametrize(
    "query",
    ["theme=%00", "stadsdeel=" + "x" * 5000, "theme=wonen&theme=werk", "partner=%F0%9F%8F%A0", "stadsdeel=Haagse%20Hout", "status="],
)
def test_odd_filter_values_never_break_the_page(client, directory, query):
    assert client.get(f"/labs?{query}").status_code in (200, 400)
    assert client.get(f"/api/labs?{query}").status_code in (200, 400)


def test_the_filter_form_is_a_get_form_that_keeps_the_choice(client, directory):
    page = client.get("/labs?stadsdeel=escamp&discipline=ict").get_data(as_text=True)
    assert re.search(r'<form method="get"[^>]*action="/labs"', page)
    assert '<option value="escamp" selected>Escamp</option>' in page
    assert '<option value="ict" selected>ICT</option>' in page
    assert "Filters wissen" in page


def test_the_partner_filter_offers_only_organisations_that_take_part_in_a_lab(client, directory, make_organisation):
    make_organisation(slug="los", name="Losse Organisatie")
    page = client.get("/labs").get_data(as_text=True)
    assert 'value="hhs"' in page and 'value="los"' not in page


def test_directory_needs_the_same_number_of_queries_for_many_labs(client, db, directory, make_placed_lab, count_queries):
    with count_queries() as few:
        assert client.get("/labs").status_code == 200
    first = directory["a"]
    for n in range(12):
        make_placed_lab(slug=f"extra-{n}", themes=list(first.themes), disciplines=list(first.disciplines), partners=list(first.partners))
    with count_queries() as many:
        assert client.get("/labs").status_code == 200
    assert len(many) == len(few)
    assert len(few) <= 12


def test_api_needs_the_same_number_of_queries_for_many_labs(client, directory, make_placed_lab, count_queries):
    with count_queries() as few:
        client.get("/api/labs")
    for n in range(8):
        make_placed_lab(slug=f"more-{n}", partners=list(directory["a"].partners))
    with count_queries() as many:
        client.get("/api/labs")
    assert len(many) == len(few)


def test_empty_result_says_so_and_offers_all_labs(client, directory):
    page = client.get("/labs?stadsdeel=segbroek").get_data(as_text=True)
    assert "Geen labs gevonden met deze filters." in page
    assert 'href="/labs"' in page


def test_ended_labs_are_marked_in_the_list(client, directory):
    page = client.get("/labs?status=all").get_data(as_text=True)
    assert "Beëindigd" in page


# --- One lab ----------------------------------------------------------------------------------


def test_unknown_lab_is_a_friendly_404(client):
    response = client.get("/labs/bestaat-niet")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


def test_lab_page_shows_partners_place_contact_themes_and_disciplines(client, directory, db):
    lab = directory["a"]
    lab.contact_name = "Fatima el Amrani"
    lab.contact_email = "stadslab@example.org"
    lab.kind = LabKind.LIVING_LAB
    lab.student_capacity = 24
    lab.website = "https://www.example.org/lab"
    db.session.commit()
    page = client.get("/labs/lab-a").get_data(as_text=True)
    assert "<h1>Lab A</h1>" in page
    assert "De Haagse Hogeschool" in page
    assert 'href="mailto:stadslab@example.org">Fatima el Amrani</a>' in page
    assert "Schilderswijk" in page and "Centrum" in page
    assert "Wonen" in page and "Sociologie" in page
    assert "Living lab" in page and "24" in page
    assert 'href="https://www.example.org/lab"' in page


def test_lab_page_shows_its_speakers_and_only_their_published_talkshows(client, directory, make_speaker, make_talkshow, make_organisation):
    lab = directory["a"]
    organisation = make_organisation(name="Hogeschool X", slug="hogeschool-x")
    fatima = make_speaker(name="Fatima el Amrani", slug="fatima", labs=[lab], organisation=organisation)
    outsider = make_speaker(name="Iemand Anders", slug="anders")
    past = datetime.now(UTC).replace(microsecond=0) - timedelta(days=30)
    make_talkshow(title="Gepubliceerde avond", slug="gepubliceerd", speakers=[(fatima, "guest")], starts_at=past)
    make_talkshow(title="Latere avond", slug="later", speakers=[(fatima, "researcher")])
    make_talkshow(title="Concept avond", slug="concept", speakers=[(fatima, "guest")], status=TalkshowStatus.DRAFT)
    make_talkshow(title="Afgelaste avond", slug="afgelast", speakers=[(fatima, "guest")], status=TalkshowStatus.CANCELLED)
    make_talkshow(title="Andermans avond", slug="anders-avond", speakers=[(outsider, "guest")])
    page = client.get("/labs/lab-a").get_data(as_text=True)
    assert 'href="/speakers/fatima">Fatima el Amrani</a>' in page
    assert "Iemand Anders" not in page
    assert "Gepubliceerde avond" in page and "Latere avond" in page
    assert page.index("Latere avond") < page.index("Gepubliceerde avond")  # latest first
    assert "Concept avond" not in page and "Afgelaste avond" not in page and "Andermans avond" not in page


def test_lab_page_without_speakers_or_location_says_so_and_loads_no_map(client, directory):
    page = client.get("/labs/lab-c").get_data(as_text=True)
    assert "Nog niemand van dit lab was te gast." in page
    assert 'id="lab-map"' not in page and "leaflet.js" not in page


def test_ended_lab_keeps_its_page(client, directory):
    response = client.get("/labs/lab-d")
    assert response.status_code == 200
    assert "Beëindigd" in response.get_data(as_text=True)


def test_lab_page_queries_do_not_grow_with_speakers(client, directory, make_speaker, make_talkshow, count_queries):
    lab = directory["a"]
    first = make_speaker(labs=[lab])
    make_talkshow(speakers=[(first, "guest")])
    with count_queries() as few:
        client.get("/labs/lab-a")
    for _ in range(5):
        speaker = make_speaker(labs=[lab])
        make_talkshow(speakers=[(speaker, "guest")])
    with count_queries() as many:
        client.get("/labs/lab-a")
    assert len(many) == len(few)
