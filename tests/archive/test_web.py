"""The archive over HTTP: the editorial journey, search, facets, feed, open data, downloads."""
from __future__ import annotations

import io
import re
from datetime import date
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import event, func, select

from talkshow_app.accounts.models import Role
from talkshow_app.archive.kinds import OutputState, OutputType
from talkshow_app.archive.models import KnowledgeOutput, OutputFile
from talkshow_app.extensions import db as _db

from .conftest import PDF_BYTES, stored_files

ATOM = "{http://www.w3.org/2005/Atom}"


def output_id_from(response) -> int:
    return int(re.search(r"/organiser/archive/(\d+)$", response.headers["Location"]).group(1))


def test_editor_creates_another_publishes_visitor_finds_by_word_form(app, client, db, login, editor, second_editor, make_theme, storage):
    theme = make_theme(name="Wonen", slug="wonen")
    login(editor)
    response = client.post(
        "/organiser/archive/new",
        data={
            "title": "Verslag: samen leven in de wijk",
            "output_type": "report",
            "abstract": "Bewoners en onderzoekers over hun wijk.",
            "body": "De **wijk** als plek van kennis.",
            "language": "nl",
            "licence": "CC BY 4.0",
            "themes": [str(theme.id)],
            "file": (io.BytesIO(PDF_BYTES), "verslag wijkavond.pdf", "application/pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    output_id = output_id_from(response)
    slug = db.session.get(KnowledgeOutput, output_id).slug
    assert client.get(f"/archive/{slug}").status_code == 404  # a draft is not public
    assert client.post(f"/organiser/archive/{output_id}/transition", data={"action": "submit"}).status_code == 302
    refused = client.post(f"/organiser/archive/{output_id}/transition", data={"action": "publish"}, follow_redirects=True)
    assert "andere redacteur" in refused.get_data(as_text=True)  # four eyes, in Dutch
    client.post("/logout")

    login(second_editor)
    page = client.get(f"/organiser/archive/{output_id}").get_data(as_text=True)
    assert "verslag wijkavond.pdf" in page and "Eva Redacteur" in page  # audit trail shows who
    assert client.post(f"/organiser/archive/{output_id}/transition", data={"action": "publish"}).status_code == 302
    client.post("/logout")

    found = client.get("/archive?q=wijken").get_data(as_text=True)
    assert "Verslag: samen leven in de wijk" in found
    assert "Verslag: samen leven in de wijk" not in client.get("/archive?q=parkeren").get_data(as_text=True)
    detail = client.get(f"/archive/{slug}")
    assert detail.status_code == 200 and "<strong>wijk</strong>" in detail.get_data(as_text=True)
    stored = db.session.scalar(select(OutputFile))
    download = client.get(f"/archive/{slug}/files/{stored.id}")
    assert download.status_code == 200 and download.data == PDF_BYTES
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.headers["Content-Disposition"].startswith("attachment;") and "verslag-wijkavond.pdf" in download.headers["Content-Disposition"]
    download.close()


@pytest.mark.parametrize(
    "filename, data, message",
    [
        ("verslag.pdf", b"<script>alert('x')</script>", "niet echt een PDF-bestand"),
        ("../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash", "Alleen PDF"),
        ("groot.pdf", PDF_BYTES + b" " * 3000, "groter dan het archief"),
    ],
)
def test_hostile_uploads_are_refused_with_a_message_and_store_nothing(client, db, login, editor, storage, filename, data, message, app):
    app.config["ARCHIVE_MAX_FILE_BYTES"] = 2000
    login(editor)
    response = client.post(
        "/organiser/archive/new",
        data={"title": "Poging", "output_type": "report", "language": "nl", "licence": "CC BY 4.0", "file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(KnowledgeOutput)) == 0
    assert db.session.scalar(select(func.count()).select_from(OutputFile)) == 0
    assert stored_files(storage) == []


def test_requests_over_max_content_length_get_a_message_not_a_500(client, db, login, editor, storage, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    login(editor)
    response = client.post(
        "/organiser/archive/new",
        data={"title": "Te groot", "output_type": "report", "file": (io.BytesIO(PDF_BYTES + b"0" * 5000), "groot.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413 and "groter dan het archief accepteert (maximaal 15 MB)" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(KnowledgeOutput)) == 0 and stored_files(storage) == []


def test_only_published_outputs_are_public(client, db, make_output):
    draft = make_output(publish=False, title="Concept over de wijk")
    published = make_output(title="Gepubliceerd over de wijk")
    assert client.get(f"/archive/{draft.slug}").status_code == 404
    listing = client.get("/archive").get_data(as_text=True)
    assert "Gepubliceerd over de wijk" in listing and "Concept over de wijk" not in listing
    api = client.get("/api/archive?q=wijk").get_json()
    assert [item["slug"] for item in api["items"]] == [published.slug] and api["total"] == 1
    feed = client.get("/archive/feed.xml").get_data(as_text=True)
    assert "Concept" not in feed


def test_roles_guard_the_organiser_area(client, login, make_user, make_output):
    output = make_output(publish=False)
    assert client.get("/organiser/archive").status_code == 302  # to the login page
    organiser = make_user(role=Role.ORGANISER)
    login(organiser)
    assert client.get(f"/organiser/archive/{output.id}").status_code == 200  # organisers see the history
    assert client.post(f"/organiser/archive/{output.id}/transition", data={"action": "submit"}).status_code == 403
    assert client.get("/organiser/archive/new").status_code == 403


def test_facet_counts_and_filters_in_the_url(client, db, make_output, make_theme, make_lab, make_talkshow):
    wonen, klimaat = make_theme(name="Wonen", slug="wonen"), make_theme(name="Klimaat", slug="klimaat")
    lab = make_lab(name="Stadslab Moerwijk", slug="stadslab-moerwijk")
    talkshow = make_talkshow(title="Avond over de wijk", slug="avond-wijk")
    make_output(title="A", theme_ids=[wonen.id], lab_ids=[lab.id], talkshow_ids=[talkshow.id], published_on=date(2025, 5, 1))
    make_output(title="B", theme_ids=[wonen.id, klimaat.id], output_type=OutputType.SLIDES, published_on=date(2026, 2, 1))
    make_output(title="C", theme_ids=[klimaat.id], output_type=OutputType.SLIDES, published_on=date(2026, 3, 1))
    make_output(title="D (concept)", theme_ids=[wonen.id], publish=False)

    from talkshow_app.archive import catalogue

    with client.application.test_request_context("/"):
        result = catalogue.search(catalogue.parse_filters({"theme": "wonen"}))
    facets = {name: {v.value: v.count for v in values} for name, values in result.facets.items()}
    assert result.total == 2
    assert facets["theme"] == {"wonen": 2, "klimaat": 2}  # own facet counts without its own filter
    assert facets["type"] == {"report": 1, "slides": 1}
    assert facets["year"] == {"2025": 1, "2026": 1}
    assert facets["lab"] == {"stadslab-moerwijk": 1} and facets["talkshow"] == {"avond-wijk": 1}

    def titles(query: str) -> list[str]:
        return [item["title"] for item in client.get("/api/archive" + query).get_json()["items"]]

    assert titles("?theme=wonen&type=slides") == ["B"]
    assert titles("?theme=wonen&theme=klimaat&sort=date") == ["C", "B", "A"]
    assert titles("?year=2025") == ["A"] and titles("?lab=stadslab-moerwijk") == ["A"] and titles("?talkshow=avond-wijk") == ["A"]
    page = client.get("/archive?theme=wonen").get_data(as_text=True)
    assert 'href="/archive?theme=wonen&amp;type=slides"' in page  # a facet link keeps the other filters


def test_each_facet_counts_under_every_other_filter_when_three_are_active(client, make_output, make_theme, make_lab):
    """theme=wonen, type=slides, year=2026 at once: a facet counts the outputs that pass the other two; an
    output failing two filters counts nowhere, and the total is what passes all three."""
    wonen, klimaat = make_theme(name="Wonen", slug="wonen"), make_theme(name="Klimaat", slug="klimaat")
    lab = make_lab(name="Stadslab Moerwijk", slug="stadslab-moerwijk")
    slides, report = OutputType.SLIDES, OutputType.REPORT
    make_output(title="all three", theme_ids=[wonen.id], lab_ids=[lab.id], output_type=slides, published_on=date(2026, 2, 1))
    make_output(title="not the theme", theme_ids=[klimaat.id], output_type=slides, published_on=date(2026, 3, 1))
    make_output(title="not the type", theme_ids=[wonen.id], output_type=report, published_on=date(2026, 4, 1))
    make_output(title="not the year", theme_ids=[wonen.id], output_type=slides, published_on=date(2025, 4, 1))
    make_output(title="fails two", theme_ids=[klimaat.id], lab_ids=[lab.id], output_type=report, published_on=date(2026, 5, 1))

    from talkshow_app.archive import catalogue

    with client.application.test_request_context("/"):
        result = catalogue.search(catalogue.parse_filters({"theme": "wonen", "type": "slides", "year": "2026"}))
    facets = {name: {v.value: v.count for v in values} for name, values in result.facets.items()}
    assert result.total == 1 and [item.title for item in result.items] == ["all three"]
    assert facets["theme"] == {"wonen": 1, "klimaat": 1}  # slides of 2026: "all three" and "not the theme"
    assert facets["type"] == {"slides": 1, "report": 1}  # wonen in 2026: "all three" and "not the type"
    assert facets["year"] == {"2026": 1, "2025": 1}  # wonen slides: "all three" and "not the year"
    assert facets["lab"] == {"stadslab-moerwijk": 1}  # only "all three" passes all; "fails two" counts nowhere


def test_relevance_puts_title_matches_first(client, make_output):
    make_output(title="Parkeren", abstract="Ook iets over de wijk.")
    make_output(title="De wijk van morgen", abstract="Over wonen.", published_on=date(2024, 1, 1))
    items = client.get("/api/archive?q=wijken&sort=relevance").get_json()["items"]
    assert [i["title"] for i in items] == ["De wijk van morgen", "Parkeren"]
    by_date = client.get("/api/archive?q=wijken&sort=date").get_json()["items"]
    assert [i["title"] for i in by_date] == ["Parkeren", "De wijk van morgen"]


@pytest.mark.parametrize(
    "query",
    ["?page=abc", "?page=-3", "?page=99999999999", "?year=twintig", "?type=onbekend", "?sort=drop", '?q="', "?q=NEAR(", "?q=*", "?q=%00", "?theme=" + "x" * 500, "?q=" + "wijk+" * 300],
)
def test_bad_parameters_never_cause_a_500(client, make_output, query):
    make_output(title="Iets over de wijk")
    assert client.get("/archive" + query).status_code in (200, 400)  # NUL bytes are refused app-wide with 400
    assert client.get("/api/archive" + query).status_code in (200, 400)


def test_pagination(client, make_output, monkeypatch):
    from talkshow_app.archive import catalogue

    monkeypatch.setattr(catalogue, "PER_PAGE", 2)
    for n in range(5):
        make_output(title=f"Output {n}", published_on=date(2026, 1, n + 1))
    second = client.get("/api/archive?page=2").get_json()
    assert [i["title"] for i in second["items"]] == ["Output 2", "Output 1"] and second["total"] == 5
    html = client.get("/archive?page=2").get_data(as_text=True)
    assert 'rel="next" href="/archive?page=3"' in html and 'rel="prev" href="/archive"' in html


def test_atom_feed_parses_and_has_what_readers_need(client, make_output, make_speaker):
    speaker = make_speaker(name="Noor el Amrani")
    make_output(title="Verslag & <analyse>", speaker_ids=[speaker.id])
    response = client.get("/archive/feed.xml")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}").text
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "https://talkshows.example.org/archive/feed.xml"
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Verslag & <analyse>"
    assert entry.find(f"{ATOM}id").text.startswith("tag:talkshows.example.org,")
    assert entry.find(f"{ATOM}link").get("href").startswith("https://talkshows.example.org/archive/")
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Noor el Amrani"
    assert entry.find(f"{ATOM}summary").text and entry.find(f"{ATOM}updated").text


def test_json_shape(client, make_output, make_theme, make_talkshow):
    theme = make_theme(slug="wonen")
    talkshow = make_talkshow(slug="avond-1")
    output = make_output(title="Samenvatting", output_type=OutputType.SUMMARY, theme_ids=[theme.id], talkshow_ids=[talkshow.id])
    lonely = make_output(title="Los artikel", output_type=OutputType.ARTICLE)
    body = client.get("/api/archive?sort=date").get_json()
    assert set(body) == {"items", "total", "page", "pages", "per_page", "next", "prev"} and body["total"] == 2
    items = {i["slug"]: i for i in body["items"]}
    assert items[output.slug] == {
        "slug": output.slug, "title": "Samenvatting", "type": "summary", "talkshow": "avond-1", "themes": ["wonen"],
        "published_at": items[output.slug]["published_at"], "url": f"https://talkshows.example.org/archive/{output.slug}",
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+0[12]:00", items[output.slug]["published_at"])
    assert items[lonely.slug]["talkshow"] is None and items[lonely.slug]["themes"] == []


def test_related_outputs_and_partials_on_other_pages(client, make_output, make_talkshow, make_speaker, make_theme):
    speaker = make_speaker(name="Sanne de Vries", slug="sanne-de-vries")
    talkshow = make_talkshow(slug="avond-2", speakers=[(speaker, "guest")])
    main = make_output(title="Hoofdverslag", talkshow_ids=[talkshow.id])
    sibling = make_output(title="Dia's van de avond", output_type=OutputType.SLIDES, talkshow_ids=[talkshow.id])
    make_output(title="Niet gerelateerd")
    detail = client.get(f"/archive/{main.slug}").get_data(as_text=True)
    assert sibling.title.replace("'", "&#39;") in detail and "Niet gerelateerd" not in detail
    assert "Hoofdverslag" in client.get("/talkshows/avond-2").get_data(as_text=True)
    assert "Dia&#39;s van de avond" in client.get("/speakers/sanne-de-vries").get_data(as_text=True)


def test_search_page_uses_a_fixed_number_of_queries(app, client, db, make_output, make_theme, make_lab, make_talkshow):
    themes = [make_theme() for _ in range(3)]
    lab, talkshow = make_lab(), make_talkshow()

    def add(n: int) -> None:
        for i in range(n):
            make_output(
                title=f"Wijk {i}", theme_ids=[themes[i % 3].id], lab_ids=[lab.id], talkshow_ids=[talkshow.id],
                published_on=date(2020 + i % 6, 1, 1), output_type=list(OutputType)[i % 7 + 1],
            )

    def queries_for(url: str) -> int:
        statements: list[str] = []
        engine = _db.engine

        def record(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", record)
        return len(statements)

    urls = ["/archive?q=wijken", f"/archive?theme={themes[0].slug}&sort=date", "/api/archive?q=wijk"]
    add(5)
    small = [queries_for(url) for url in urls]
    add(55)
    large = [queries_for(url) for url in urls]
    assert small == large
    assert max(large) <= 14


def test_markdown_in_the_body_is_sanitised_on_the_page(client, make_output):
    output = make_output(body='Hallo <script>alert(1)</script> <img src=x onerror="alert(2)">')
    page = client.get(f"/archive/{output.slug}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and '<img src=x onerror' not in page and "&lt;script&gt;" in page


@pytest.mark.csrf
def test_state_changes_need_the_csrf_token(client, login, make_output, second_editor):
    output = make_output(publish=False)
    client.get("/login")
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page) or re.search(r'name="csrf_token" value="([^"]+)"', login_page)
    client.post("/login", data={"email": second_editor.email, "password": "correct horse battery staple", "csrf_token": token.group(1)})
    response = client.post(f"/organiser/archive/{output.id}/transition", data={"action": "submit"})
    assert response.status_code == 400
    assert _db.session.get(KnowledgeOutput, output.id).state == OutputState.DRAFT


def test_lab_and_question_pages_list_their_outputs(client, make_output, make_lab, request):
    make_question = request.getfixturevalue("make_question")
    lab = make_lab(name="Wijklab Moerwijk", slug="wijklab-moerwijk")
    question = make_question(title="Hoe houden we de wijk schoon?", slug="wijk-schoon")
    make_output(title="Onderzoek schone straten", lab_ids=[lab.id], question_ids=[question.id])
    make_output(title="Concept schone straten", lab_ids=[lab.id], question_ids=[question.id], publish=False)
    lab_page = client.get("/labs/wijklab-moerwijk").get_data(as_text=True)
    question_page = client.get("/questions/wijk-schoon").get_data(as_text=True)
    for page in (lab_page, question_page):
        assert "Onderzoek schone straten" in page and "Concept schone straten" not in page


def test_the_edit_form_of_a_published_output_sends_editors_back(client, login, editor, make_output):
    output = make_output()
    login(editor)
    response = client.get(f"/organiser/archive/{output.id}/edit")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/organiser/archive/{output.id}")
    page = client.get(f"/organiser/archive/{output.id}").get_data(as_text=True)
    assert "Trek de publicatie eerst terug" in page and f"/organiser/archive/{output.id}/edit" not in page


def test_editing_a_draft_through_the_form(client, login, editor, make_output, make_theme):
    output = make_output(publish=False, title="Eerste versie")
    theme = make_theme(name="Klimaat")
    login(editor)
    form = client.get(f"/organiser/archive/{output.id}/edit").get_data(as_text=True)
    assert 'value="Eerste versie"' in form
    response = client.post(
        f"/organiser/archive/{output.id}/edit",
        data={"title": "Tweede versie", "output_type": "article", "language": "nl", "licence": "CC BY 4.0", "themes": [str(theme.id)]},
    )
    assert response.status_code == 302
    page = client.get(f"/organiser/archive/{output.id}").get_data(as_text=True)
    assert "Tweede versie" in page and "title, output_type, abstract, published_on, themes" in page
    invalid = client.post(f"/organiser/archive/{output.id}/edit", data={"title": "", "output_type": "article", "media_url": "geen-url"})
    assert invalid.status_code == 400 and "Geef de publicatie een titel." in invalid.get_data(as_text=True)
