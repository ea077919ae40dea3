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
