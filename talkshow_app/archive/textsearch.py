"""Dutch words for full-text search: tokenising, stemming and reading a visitor's query.

Pure: no Flask, no database. Both databases index stems made here, so the words people search for
and the texts they find meet at the same stem on SQLite and PostgreSQL ("wijken" and "wijk" at "wijk").

The algorithm is chosen by name: Snowball's original Dutch stemmer, ``dutch_porter`` (the one
PostgreSQL's 'dutch' configuration uses). Since snowballstemmer 3 the name ``dutch`` means a newer
algorithm that strips the participle prefix "ge-", so "gemeente" and "menen" both became "meen"
(and "gezin"/"zin", "gebied"/"bieden", "gezondheid"/"zon"). On top of it, PROTECTED fixes the few
domain words the algorithm still folds into a common word ("overheid" → "over", "mens" → "men",
"kans" → "kan", "weten" → "wet"). snowballstemmer runs the C stemmer of PyStemmer when that is
installed (about 10× faster). ``identity()`` names all of this; the index stores it and is rebuilt
when it changes (search_index.ensure_current).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata

import snowballstemmer

ALGORITHM = "dutch_porter"

# Word (lower case, no diacritics) → stem, checked before the algorithm. Each entry keeps a word
# people search for apart from a common word the algorithm folds it into, and keeps its forms together.
PROTECTED = {
    "overheid": "overheid",  # not "over"
    "overheden": "overheid",
    "mens": "mens",  # not "men" (menen); "mensen" is "mens" already
    "kans": "kans",  # not "kan" (kunnen); "kansen" is "kans" already
    "weten": "weten",  # not "wet" (the law, "wetten")
    "won": "winn",  # past tense of winnen, not "won" (wonen: housing)
}

_WORD = re.compile(r"\w+", re.UNICODE)
_QUERY_PART = re.compile(r'(-?)"([^"]*)"|(\S+)')
MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 12


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer(ALGORITHM)


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


@lru_cache(maxsize=1)
def identity() -> str:
    """What makes the stems: algorithm, implementation and version, protection list. Stored with the index."""
    implementation = type(_stemmer()).__module__.split(".")[0]
    version = _version("PyStemmer") if implementation == "Stemmer" else _version("snowballstemmer")
    protected = hashlib.sha256(repr(sorted(PROTECTED.items())).encode()).hexdigest()[:10]
    return f"{ALGORITHM} {implementation} {version} protected:{protected}"


def words(text: str) -> list[str]:
    """Lower-case words without diacritics ("Coöperatie" → "cooperatie"), digits kept."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return [w for w in _WORD.findall(plain) if w.strip("_")]


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """One word's stem; cached because words repeat (and the pure-Python Snowball stemmer is slow)."""
    return PROTECTED.get(word) or _stemmer().stemWord(word)


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


def stemmed(text: str) -> str:
    """The text as the index sees it: stems separated by spaces."""
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

    def tsquery(self) -> str | None:
        """The same as a PostgreSQL tsquery over stems: every lexeme quoted, phrases with ``<->``."""
        if self.is_empty:
            return None

        def quoted(clause: Clause) -> str:
            return "(" + " <-> ".join(f"'{s}'" for s in clause.stems) + ")"

        parts = ["(" + " | ".join(quoted(c) for c in group) + ")" for group in self.groups]
        parts += ["!" + quoted(clause) for clause in self.excluded]
        return " & ".join(parts)

    @property
    def all_stems(self) -> frozenset[str]:
        """Every stem the visitor looks for (not the excluded ones): what a snippet marks."""
        return frozenset(s for group in self.groups for clause in group for s in clause.stems)


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


Segment = tuple[str, bool]  # a piece of the original text, and whether it is a word the visitor searched for


def highlight(text: str, wanted: frozenset[str], before: int = 12, after: int = 24) -> list[Segment] | None:
    """The passage around the first word whose stem was searched for, or None when none occurs.

    Pieces of the original text (not of stems), cut at word boundaries, with "…" where text was left
    out; the caller escapes every piece and marks the matched ones.
    """
    if not wanted or not text:
        return None
    found = list(_WORD.finditer(text))
    first = next((i for i, m in enumerate(found) if any(stem(w) in wanted for w in words(m.group()))), None)
    if first is None:
        return None
    start_word, end_word = max(0, first - before), min(len(found), first + after)
    start = found[start_word].start()
    end = found[end_word - 1].end()
    segments: list[Segment] = [("…", False)] if start_word > 0 else []
    position = start
    for match in found[start_word:end_word]:
        if any(stem(w) in wanted for w in words(match.group())):
            if match.start() > position:
                segments.append((text[position : match.start()], False))
            segments.append((match.group(), True))
            position = match.end()
    if end > position:
        segments.append((text[position:end], False))
    if end_word < len(found):
        segments.append(("…", False))
    return segments
