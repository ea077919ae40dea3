"""The language: the browser's on a first visit, then the visitor's own choice; British English; one word, district."""

from __future__ import annotations

import re
from datetime import UTC, datetime

EN = {"Accept-Language": "en-GB,en;q=0.9"}


def test_the_first_visit_follows_the_browsers_language(client, db):
    english = client.get("/talkshows", headers=EN)
    assert 'lang="en"' in english.get_data(as_text=True)
    assert "Accept-Language" in english.headers.get("Vary", ""), "shared caches must not mix the languages"
    assert 'lang="nl"' in client.get("/talkshows", headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.8"}).text
    assert 'lang="en"' in client.get("/talkshows", headers={"Accept-Language": "de-DE, en;q=0.5"}).text
    assert 'lang="nl"' in client.get("/talkshows", headers={"Accept-Language": "fr, de"}).text, "else Dutch"
    assert 'lang="nl"' in client.get("/talkshows").text


def test_the_visitors_own_choice_beats_the_browser(client, db):
    client.get("/language/nl")
    assert 'lang="nl"' in client.get("/talkshows", headers=EN).text
    client.get("/talkshows?lang=en")
    page = client.get("/talkshows", headers={"Accept-Language": "nl"})
    assert 'lang="en"' in page.text, "?lang= is a choice that sticks"


def test_lang_en_is_kept_when_a_form_is_posted(client, db, make_talkshow):
    make_talkshow(slug="english-form")
    assert 'lang="en"' in client.get("/talkshows/english-form?lang=en").text
    refused = client.post("/talkshows/english-form/register", data={"name": "", "email": "x@example.org"})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert 'lang="en"' in page and "Enter your name." in page


def test_open_data_and_calendars_do_not_follow_the_browser(client, db):
    body = client.get("/api/talkshows/bestaat-niet", headers=EN).get_json()
    assert body["error"]["message"] == client.get("/api/talkshows/bestaat-niet").get_json()["error"]["message"]
    assert "lang" not in client.get("/api/talkshows?lang=en").headers.get("Set-Cookie", "")


def test_english_dates_are_british(client, db, make_talkshow):
    make_talkshow(slug="december", starts_at=datetime(2026, 12, 17, 19, 0, tzinfo=UTC))
    page = client.get("/talkshows/december?lang=en").get_data(as_text=True)
    assert "Thursday 17 December 2026" in page
    assert "December 17" not in page and "Thursday," not in page
    assert "donderdag 17 december 2026" in client.get("/talkshows/december?lang=nl").get_data(as_text=True)


def test_english_says_district_for_stadsdeel(client, db):
    english = client.get("/labs?lang=en").get_data(as_text=True)
    assert "District" in english and "All districts" in english
    visible = re.sub(r"<script.*?</script>|<[^>]+>", " ", english, flags=re.S)
    assert "stadsde" not in visible.lower(), "the text people read says district"
    dutch = client.get("/labs?lang=nl").get_data(as_text=True)
    assert "Alle stadsdelen" in dutch


def test_the_error_summary_does_not_double_punctuation(client, db, make_talkshow):
    make_talkshow(slug="leestekens")
    page = client.post("/talkshows/leestekens/register", data={"name": "Anna", "email": "anna@example.org"}).text
    assert "beschrijft: Ga akkoord" in page
    for doubled in (".:", "?:", "!:"):
        assert doubled not in page.split('class="error-summary"')[1].split("</div>")[0]
