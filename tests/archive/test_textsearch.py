"""Dutch stemming and query reading (pure)."""
import re

from talkshow_app.archive import textsearch


def test_word_forms_meet_at_one_stem():
    assert textsearch.stems("wijken") == textsearch.stems("wijk") == ["wijk"]
    assert textsearch.stems("Bewoners") == textsearch.stems("bewoner")
    assert textsearch.stems("buurten") == textsearch.stems("buurt")


def test_diacritics_and_case_are_ignored():
    assert textsearch.words("Coöperatie ÉÉN") == ["cooperatie", "een"]


def test_query_with_phrase_or_and_exclusion():
    query = textsearch.parse_query('wijken "sociale cohesie" or buurt -parkeren')
    # like websearch_to_tsquery: "a b or c" is a AND (b OR c); a phrase stays one clause
    assert query.fts5_match() == '("wijk" AND ("social cohesie" OR "buurt")) NOT "parker"'


def test_query_syntax_from_visitors_is_quoted_not_executed():
    query = textsearch.parse_query('NEAR(a b) title:x * ^ " AND')
    match = query.fts5_match()
    assert match is not None
    outside_quotes = re.sub(r'"[^"]*"', "", match).replace("(", " ").replace(")", " ").split()
    assert set(outside_quotes) <= {"AND", "OR", "NOT"}


def test_empty_and_only_negative_queries_match_nothing_specific():
    assert textsearch.parse_query("   ").is_empty
    assert textsearch.parse_query("-wijk").fts5_match() is None
    assert textsearch.parse_query(None).is_empty


def test_long_queries_are_cut_not_refused():
    query = textsearch.parse_query("wijk " * 500)
    assert len(query.text) <= textsearch.MAX_QUERY_LENGTH
    assert len(query.groups) <= textsearch.MAX_QUERY_TERMS


# Words that share no meaning must not meet at one stem: a search for one would find the other.
MUST_NOT_MATCH = [
    ("gemeente", "menen"),  # "Gemeente Den Haag" is not an opinion ("meen" under snowballstemmer 3's "dutch")
    ("gemeenten", "mening"),
    ("gezin", "zin"),
    ("gebied", "bieden"),
    ("gezondheid", "zon"),
    ("gezicht", "zicht"),
    ("overheid", "over"),
    ("mens", "menen"),
    ("kans", "kan"),
    ("weten", "wet"),
    ("wonen", "won"),
]

# Inflections of one word must meet at one stem, so either form finds the other.
MUST_MATCH = [
    ("wijk", "wijken"),
    ("onderzoek", "onderzoeken"),
    ("school", "scholen"),
    ("straat", "straten"),
    ("buurt", "buurten"),
    ("bewoner", "bewoners"),
    ("gemeente", "gemeenten", "gemeentelijke"),
    ("overheid", "overheden"),
    ("mens", "mensen"),
    ("kans", "kansen"),
    ("oudere", "ouderen"),
    ("student", "studenten"),
    ("Gezondheid", "gezond"),
]


def test_unrelated_words_do_not_share_a_stem():
    collisions = [(a, b) for a, b in MUST_NOT_MATCH if textsearch.stems(a) == textsearch.stems(b)]
    assert collisions == []


def test_inflections_share_a_stem():
    apart = [forms for forms in MUST_MATCH if len({tuple(textsearch.stems(form)) for form in forms}) != 1]
    assert apart == []


def test_the_algorithm_is_chosen_by_name_and_named_in_the_identity():
    assert textsearch.ALGORITHM == "dutch_porter"
    assert textsearch.identity().startswith("dutch_porter ")


def test_the_identity_changes_with_the_protection_list(monkeypatch):
    before = textsearch.identity()
    textsearch.identity.cache_clear()
    monkeypatch.setitem(textsearch.PROTECTED, "wijken", "wijken")
    try:
        assert textsearch.identity() != before
    finally:
        textsearch.identity.cache_clear()


def test_tsquery_quotes_every_stem_and_keeps_phrases_and_exclusions():
    query = textsearch.parse_query('wijken "sociale cohesie" or buurt -parkeren')
    assert query.tsquery() == "(('wijk')) & (('social' <-> 'cohesie') | ('buurt')) & !('parker')"
    assert textsearch.parse_query("-wijk").tsquery() is None
    hostile = textsearch.parse_query("a' | !b & (c:* <->)").tsquery() or ""
    assert set(re.sub(r"'[^']*'", "", hostile)) <= set("()&|!<-> ")


def test_highlight_marks_every_form_of_the_searched_word_in_the_original_text():
    wanted = textsearch.parse_query("wijken").all_stems
    text = "Intro. " * 30 + "In de Wijk Laak en andere wijken praten bewoners." + " Slot." * 40
    segments = textsearch.highlight(text, wanted)
    assert segments is not None
    assert [piece for piece, hit in segments if hit] == ["Wijk", "wijken"]
    assert segments[0] == ("…", False) and segments[-1] == ("…", False)
    assert textsearch.highlight("Over de gemeente", textsearch.parse_query("menen").all_stems) is None
