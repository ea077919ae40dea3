"""Dutch words for full-text search: tokenising, stemming and reading a visitor's query.

Pure: no Flask, no database. SQLite's FTS5 only stems English, so the archive stems Dutch here,
both the text it indexes and the words people search for ("wijken" and "wijk" meet at "wijk").
PostgreSQL stems in the database with its 'dutch' configuration and only needs the raw query.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+", re.UNICODE)
_QUERY_PART = re.compile(r'(-?)"([^"]*)"|(\S+)')
MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 12


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch")


def words(text: str) -> list[str]:
    """Lower-case words without diacritics ("Coöperatie" → "cooperatie"), digits kept."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return [w for w in _WORD.findall(plain) if w.strip("_")]


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """One word's stem; cached because the pure-Python Snowball stemmer is slow and words repeat."""
    return _stemmer().stemWord(word)


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def stemmed(text: str) -> str:
    """The text as the FTS index sees it: stems separated by spaces."""
    return " ".join(stems(text))


@dataclass(frozen=True)
class Clause:
    """One thing the visitor asks for: a word, or a phrase of several words in order."""

    stems: tuple[str, ...]
    excluded: bool = False


@dataclass(frozen=True)
class SearchQuery:
    """A visitor's query in the spirit of websearch_to_tsquery: words, "phrases", -exclusions, or."""

    text: str
    groups: tuple[tuple[Clause, ...], ...] = field(default_factory=tuple)  # AND of ORs
    excluded: tuple[Clause, ...] = field(default_factory=tuple)

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def fts5_match(self) -> str | None:
        """An FTS5 MATCH expression, every token quoted so nothing the visitor types is syntax."""
        if self.is_empty:
            return None

        def quoted(clause: Clause) -> str:
            return '"' + " ".join(clause.stems) + '"'

        parts = []
        for group in self.groups:
            alternatives = [quoted(c) for c in group]
            parts.append(alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")")
        expression = " AND ".join(parts)
        for clause in self.excluded:
            expression = f"({expression}) NOT {quoted(clause)}"
        return expression


def parse_query(text: str | None) -> SearchQuery:
    """Read a query: ``wijk "sociale cohesie" -parkeren`` or ``wijk or buurt``.

    Anything that is not a word is dropped; an over-long query is cut, never refused.
    """
    raw = (text or "").strip()[:MAX_QUERY_LENGTH]
    groups: list[list[Clause]] = []
    excluded: list[Clause] = []
    pending_or = False
    count = 0
    for match in _QUERY_PART.finditer(raw):
        if count >= MAX_QUERY_TERMS:
            break
        minus, phrase, bare = match.groups()
        if bare is not None and bare.casefold() == "or":
            pending_or = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            minus, bare = "-", bare[1:]
        clause_stems = tuple(stems(phrase if phrase is not None else bare))
        if not clause_stems:
            continue
        count += 1
        clause = Clause(clause_stems, excluded=bool(minus))
        if clause.excluded:
            excluded.append(clause)
        elif pending_or:
            groups[-1].append(clause)
        else:
            groups.append([clause])
        pending_or = False
    return SearchQuery(text=raw, groups=tuple(tuple(g) for g in groups), excluded=tuple(excluded))
