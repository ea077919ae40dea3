"""Dutch wording stays consistent: "u heeft" (never "u hebt"), no "review", no doubled punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "talkshow_app").glob("**/translations/nl/LC_MESSAGES/messages.po"))
HEBT = re.compile(r"\bhebt\b", re.IGNORECASE)
REVIEW = re.compile(r"review", re.IGNORECASE)
# Two sentence marks in a row ("..", ". .", "!.", "?."); the ellipsis character "…" is a different character.
DOUBLED = re.compile(r"[.!?]\s*[.!?]")


def _dutch_strings() -> Iterator[tuple[str, str, str]]:
    for po in CATALOGUES:
        with po.open("rb") as handle:
            for message in read_po(handle, locale="nl"):
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                for text in strings:
                    if text:
                        yield str(po.relative_to(ROOT)), str(message.id), text


def _offending(pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    return [(where, text) for where, _id, text in _dutch_strings() if pattern.search(text)]


def test_there_are_dutch_catalogues_to_check():
    assert len(CATALOGUES) >= 2 and any(True for _ in _dutch_strings())


def test_one_form_of_address_u_heeft():
    assert _offending(HEBT) == []


def test_no_english_review_in_dutch():
    assert _offending(REVIEW) == []


def test_no_doubled_punctuation_in_dutch():
    assert _offending(DOUBLED) == []


def test_the_rules_catch_what_they_should():
    assert HEBT.search("U hebt een plaats.") and not HEBT.search("U heeft een plaats.")
    assert REVIEW.search("In review") and not REVIEW.search("Ter beoordeling")
    for bad in ("Klaar..", "Klaar. .", "Klaar!.", "Klaar?."):
        assert DOUBLED.search(bad), bad
    assert not DOUBLED.search("Even wachten… Klaar.")


def test_archive_state_reads_ter_beoordeling(app):
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("nl"):
        assert gettext("In review") == "Ter beoordeling"


def test_one_name_for_the_organiser_area():
    """"Organisatorenomgeving" in the menu, so not "organisatieomgeving" on the login page or in mails."""
    assert _offending(re.compile(r"organisatieomgeving", re.IGNORECASE)) == []
    assert any("organisatorenomgeving" in text.lower() for _where, _id, text in _dutch_strings())
