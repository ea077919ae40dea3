"""Dutch first: every string people can see has a Dutch translation, and the choice sticks."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
METHODS = [("**.py", "python"), ("**.html", "jinja2"), ("**.txt", "jinja2")]


def _source_messages() -> set[str]:
    found: set[str] = set()
    for folder in (ROOT / "talkshow_app", ROOT / "templates"):
        for _file, _line, message, _comments, _context in extract_from_dir(str(folder), METHODS, keywords=KEYWORDS):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _dutch_catalogue() -> dict[str, str]:
    translations: dict[str, str] = {}
    for po in (ROOT / "talkshow_app").glob("**/translations/nl/LC_MESSAGES/messages.po"):
        with po.open("rb") as handle:
            for message in read_po(handle, locale="nl"):
                if message.id and message.string and "fuzzy" not in message.flags:
                    key = message.id[0] if isinstance(message.id, tuple) else message.id
                    translations[key] = message.string if isinstance(message.string, str) else message.string[0]
    return translations


def test_every_visible_string_has_a_dutch_translation():
    missing = sorted(_source_messages() - set(_dutch_catalogue()))
    assert missing == [], "Run `make messages` and translate these in the feature's messages.po: " + repr(missing[:20])


def test_pages_are_dutch_by_default_and_english_on_request(client):
    assert 'lang="nl"' in client.get("/").get_data(as_text=True)
    response = client.get("/language/en?next=/talkshows")
    assert response.status_code == 302 and response.headers["Location"].endswith("/talkshows")
    page = client.get("/talkshows").get_data(as_text=True)
    assert 'lang="en"' in page and "Upcoming" in page
    client.get("/language/nl")
    assert "Binnenkort" in client.get("/talkshows").get_data(as_text=True)


def test_language_switch_does_not_redirect_off_site(client):
    response = client.get("/language/en?next=https://evil.example.com/")
    assert response.headers["Location"] == "/"


def test_text_outside_a_request_is_dutch(app):
    from flask_babel import gettext

    with app.app_context():
        assert gettext("Page not found") == "Pagina niet gevonden"
