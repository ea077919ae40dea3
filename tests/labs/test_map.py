"""The map is an enhancement: Leaflet from the xstatic package, tiles from MAP_TILE_URL, no inline script."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app_config(app_config):
    app_config["MAP_TILE_URL"] = TILE_URL
    return app_config


def test_tiles_come_from_the_configured_url_and_the_csp_allows_that_host_only(client, make_placed_lab):
    make_placed_lab()
    response = client.get("/labs")
    page = response.get_data(as_text=True)
    assert f'data-tile-url="{TILE_URL}"' in page
    policy = response.headers["Content-Security-Policy"]
    assert "https://tiles.example.org" in policy
    assert "script-src 'self'" in policy


def test_leaflet_is_served_from_the_package_not_a_cdn(client):
    with client.get("/vendor/leaflet/leaflet.js") as script:
        assert script.status_code == 200 and b"Leaflet" in script.data[:2000]
    for path in ("/vendor/leaflet/leaflet.css", "/vendor/leaflet/images/marker-icon.png"):
        with client.get(path) as response:
            assert response.status_code == 200


def test_the_page_has_no_inline_script_and_only_local_scripts(client, make_placed_lab):
    make_placed_lab()
    page = client.get("/labs").get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    assert scripts, "the map scripts are missing"
    for attributes, body in scripts:
        assert body.strip() == "", "inline script is blocked by the CSP"
        source = re.search(r'src="([^"]+)"', attributes).group(1)
        assert source.startswith("/"), source
    sources = [re.search(r'src="([^"]+)"', a).group(1) for a, _ in scripts]
    assert sources == ["/vendor/leaflet/leaflet.js", "/static/js/labs.js"]
    assert 'href="/vendor/leaflet/leaflet.css"' in page
    assert " style=" not in page


def test_without_javascript_the_map_stays_hidden_and_the_list_works(client, make_placed_lab):
    make_placed_lab(name="Zichtbaar lab")
    page = client.get("/labs").get_data(as_text=True)
    assert re.search(r'<div id="lab-map"[^>]*\bhidden\b', page)
    assert "Zichtbaar lab" in page


def test_the_script_reads_the_markers_from_the_page_and_is_served(client):
    with client.get("/static/js/labs.js") as response:
        assert response.status_code == 200
        source = response.get_data(as_text=True)
    assert "data-markers" in source and "data-tile-url" in source
    assert "innerHTML" not in source  # popups are built with textContent


def test_marker_data_cannot_break_out_of_its_attribute(client, make_placed_lab):
    make_placed_lab(name="Lab 'O Reilly\" <script>alert(1)</script>")
    page = client.get("/labs").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    marker_attribute = re.search(r"data-markers='([^']*)'", page).group(1)
    assert "Reilly" in marker_attribute
