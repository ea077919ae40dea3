"""Slugs people can read in a URL, whatever alphabet the title came in."""

from __future__ import annotations

import pytest

from talkshow_app.labs.places import STADSDELEN, stadsdeel_from_slug, stadsdeel_slug
from talkshow_app.slugs import slugify, unique_slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Mehmet Yılmaz", "mehmet-yilmaz"),
        ("Straße in Loosduinen", "strasse-in-loosduinen"),
        ("Café “De Zwaan” & co", "cafe-de-zwaan-co"),
        ("Kansen en barrières in het onderwijs", "kansen-en-barrieres-in-het-onderwijs"),
        ("Leidschenveen-Ypenburg", "leidschenveen-ypenburg"),
        ("   ", "item"),
        ("???", "item"),
    ],
)
def test_titles_become_readable_slugs(text, slug):
    assert slugify(text) == slug


def test_long_titles_are_cut_at_a_word_and_never_end_in_a_dash():
    slug = slugify("Wat maakt een wijk leefbaar en veilig voor jong en oud in Escamp en Loosduinen", max_length=40)
    assert len(slug) <= 40
    assert not slug.endswith("-")
    assert slug.startswith("wat-maakt-een-wijk")


def test_unique_slug_counts_on_until_free_within_the_length():
    taken = {"samenleven", "samenleven-2"}
    assert unique_slug("Samenleven", taken.__contains__) == "samenleven-3"
    long_taken = {slugify("x" * 100, 20)}
    candidate = unique_slug("x" * 100, long_taken.__contains__, max_length=20)
    assert len(candidate) <= 20 and candidate.endswith("-2")


def test_every_stadsdeel_round_trips_through_its_slug():
    for name in STADSDELEN:
        assert stadsdeel_from_slug(stadsdeel_slug(name)) == name
    assert stadsdeel_from_slug("Haagse Hout") == "Haagse Hout"
    assert stadsdeel_from_slug("atlantis") is None
