"""What other sites read: share tags with a picture on every public page, robots.txt, the sitemap, the icons."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from PIL import Image

from talkshow_app.matching.models import QuestionState
from talkshow_app.series.models import TalkshowStatus
from tests.conftest import PUBLIC_URL
from tests.images.conftest import png_bytes, upload

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and (values.get("property") or values.get("name")):
            self.meta.setdefault(values.get("property") or values["name"], values.get("content") or "")
        if tag == "link" and values.get("rel"):
            self.links.setdefault(values["rel"], values.get("href") or "")


def meta_of(page: str) -> _Meta:
    parser = _Meta()
    parser.feed(page)
    return parser


@pytest.fixture
def site(db, make_theme, make_talkshow, make_speaker, make_lab, make_question, make_output):
    theme = make_theme(slug="wonen", name="Wonen", colour="#7a1f5c")
    speaker = make_speaker(slug="amira-haddou", name="Amira Haddou")
    talkshow = make_talkshow(slug="samen-wonen", title="Samen wonen", theme=theme, speakers=[(speaker, "guest")])
    lab = make_lab(slug="stadslab-moerwijk", name="Stadslab Moerwijk")
    lab.themes.append(theme)
    db.session.commit()
    question = make_question(slug="buurthuis", title="Een buurthuis voor iedereen", theme=theme)
    output = make_output(title="Verslag Samen wonen")
    assert output.slug == "verslag-samen-wonen"
    return {
        "theme": theme,
        "speaker": speaker,
        "talkshow": talkshow,
        "lab": lab,
        "question": question,
        "output": output,
    }


PAGES = [
    "/talkshows/samen-wonen",
    "/speakers/amira-haddou",
    "/labs/stadslab-moerwijk",
    "/questions/buurthuis",
    "/archive/verslag-samen-wonen",
    "/talkshows?theme=wonen",
    "/",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_has_share_tags_with_an_absolute_picture_that_loads(client, site, path):
    page = client.get(path)
    assert page.status_code == 200
    meta = meta_of(page.get_data(as_text=True)).meta
    image = meta["og:image"]
    assert image.startswith(PUBLIC_URL + "/media/"), image
    assert meta["twitter:card"] == "summary_large_image" and meta["twitter:image"] == image
    assert meta["og:title"] and meta["og:url"].startswith(PUBLIC_URL) and meta["og:site_name"] == "Den Haag Draait Door"
    served = client.get(image.removeprefix(PUBLIC_URL))
    assert served.status_code == 200 and served.mimetype in {"image/png", "image/jpeg"}
    assert "immutable" in served.headers["Cache-Control"]
    with Image.open(io.BytesIO(served.data)) as picture:
        assert picture.size == (int(meta["og:image:width"]), int(meta["og:image:height"]))


def test_a_page_without_an_upload_shares_its_theme_picture_and_with_one_its_own(organiser_client, client, db, site):
    before = meta_of(client.get("/talkshows/samen-wonen").get_data(as_text=True)).meta
    assert "/media/drawn/theme-wonen-" in before["og:image"]
    assert meta_of(client.get("/questions/buurthuis").get_data(as_text=True)).meta["og:image"] == before["og:image"]
    talkshow = site["talkshow"]
    assert upload(organiser_client, "talkshow", talkshow.id, png_bytes(), alt="Bewoners op de stoep").status_code == 302
    client.post("/logout")
    page = client.get("/talkshows/samen-wonen").get_data(as_text=True)
    meta = meta_of(page).meta
    assert re.fullmatch(re.escape(PUBLIC_URL) + r"/media/images/[0-9a-f]{20}-1280\.jpg", meta["og:image"])
    assert meta["og:image:alt"] == "Bewoners op de stoep"
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(block)["image"] == [meta["og:image"]]


def test_json_ld_names_the_theme_picture_when_there_is_no_upload(client, site):
    page = client.get("/talkshows/samen-wonen").get_data(as_text=True)
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert json.loads(block)["image"][0].startswith(PUBLIC_URL + "/media/drawn/theme-wonen-")


def test_the_theme_picture_follows_the_theme_and_is_drawn_once(client, db, site, app):
    first = meta_of(client.get("/talkshows?theme=wonen").get_data(as_text=True)).meta["og:image"]
    path = first.removeprefix(PUBLIC_URL)
    assert client.get(path).status_code == 200
    drawn = list((__import__("pathlib").Path(app.config["UPLOAD_FOLDER"]) / "images" / "drawn").glob("*.png"))
    assert [p.name for p in drawn] == [path.rsplit("/", 1)[1]]
    site["theme"].colour = "#205e3b"
    db.session.commit()
    second = meta_of(client.get("/talkshows?theme=wonen").get_data(as_text=True)).meta["og:image"]
    assert second != first
    old = client.get(path)
    assert old.status_code == 302 and old.headers["Location"].endswith(second.removeprefix(PUBLIC_URL))


def test_cards_are_never_without_a_picture(client, site):
    page = client.get("/talkshows").get_data(as_text=True)
    card = page[page.index('class="card talkshow-card') :]
    assert re.search(r'<img class="picture theme-picture[^"]*" src="/media/drawn/theme-wonen-[0-9a-f]{16}\.png"', card)


def test_the_sitemap_lists_published_pages_with_lastmod_and_leaves_drafts_out(
    client, db, site, make_talkshow, make_question
):
    make_talkshow(slug="geheim-concept", status=TalkshowStatus.DRAFT)
    make_question(slug="nog-niet-beoordeeld", state=QuestionState.SUBMITTED)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    entries = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root}
    for path in PAGES:
        assert PUBLIC_URL + path in entries, path
    for path in (
        "/talkshows/samen-wonen",
        "/archive/verslag-samen-wonen",
        "/questions/buurthuis",
        "/speakers/amira-haddou",
    ):
        lastmod = entries[PUBLIC_URL + path]
        assert lastmod and abs(datetime.fromisoformat(lastmod) - datetime.now(UTC)) < timedelta(hours=1)
    assert PUBLIC_URL + "/talkshows/geheim-concept" not in entries
    assert PUBLIC_URL + "/questions/nog-niet-beoordeeld" not in entries
    assert not any("/organiser" in loc or "/registrations" in loc for loc in entries)


def test_robots_txt_points_at_the_sitemap_and_keeps_private_pages_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert f"Sitemap: {PUBLIC_URL}/sitemap.xml" in text
    assert "Disallow: /organiser" in text and "Disallow: /registrations" in text


def test_favicon_touch_icon_and_manifest(client):
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200 and favicon.data[:4] == b"\x00\x00\x01\x00"
    favicon.close()
    touch = client.get("/apple-touch-icon.png")
    assert touch.status_code == 200
    with Image.open(io.BytesIO(touch.data)) as picture:
        assert picture.size == (180, 180)
    touch.close()
    manifest = client.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    body = json.loads(manifest.data)
    assert body["name"] == "Den Haag Draait Door" and {icon["sizes"] for icon in body["icons"]} == {
        "192x192",
        "512x512",
    }
    for icon in body["icons"]:
        response = client.get(icon["src"])
        assert response.status_code == 200
        response.close()
    home = meta_of(client.get("/").get_data(as_text=True))
    assert home.meta["theme-color"] == body["theme_color"]
    assert (
        home.links["manifest"] == "/manifest.webmanifest" and home.links["apple-touch-icon"] == "/apple-touch-icon.png"
    )


def test_the_footer_shows_the_four_partners_with_their_names_as_alt_text(client):
    page = client.get("/").get_data(as_text=True)
    footer = page[page.index("<footer") :]
    names = re.findall(r'<img src="/static/partners/[a-z-]+\.svg" alt="([^"]+)"', footer)
    assert names == ["Gemeente Den Haag", "Universiteit Leiden", "Hogeschool Inholland", "De Haagse Hogeschool"]
    for path in re.findall(r'src="(/static/partners/[a-z-]+\.svg)"', footer):
        response = client.get(path)
        assert response.status_code == 200
        response.close()


def test_private_pages_carry_no_share_tags(organiser_client):
    assert "og:image" not in organiser_client.get("/organiser/").get_data(as_text=True)
