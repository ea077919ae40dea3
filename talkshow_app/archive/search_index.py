"""The full-text index behind /archive, on both databases the app runs on.

Both index Dutch stems made in Python (textsearch), so a word meets the same stem on either database.
PostgreSQL: a stored ``tsvector`` column ``knowledge_outputs.archive_fts_document`` (built with the
'simple' configuration from the stems, title weighted A, abstract B, body C) under a GIN index; a search
reads the column, never calls ``to_tsvector`` per row. SQLite: an FTS5 table ``archive_fts`` whose rowid is
the output's id and whose columns hold the stems. The use cases (editing, attachments, review) refresh an
output's entry in the same transaction as every change.

``archive_fts_state`` remembers which stemmer (textsearch.identity()) made the stored stems. The first
search or edit in each process compares it with the running stemmer (one query, then remembered for
the process) and rebuilds the whole index when they differ, under a lock, so upgrading snowballstemmer,
PyStemmer or the protection list needs no manual step; ``flask archive reindex`` rebuilds by hand.

All of it lives outside the ORM metadata (a virtual table, a column only PostgreSQL has), so schema
comparisons skip names starting with ``archive_fts`` (see include_name).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Subquery, bindparam, column, func, literal_column, select, table, text
from sqlalchemy.orm import Session, scoped_session

from . import textsearch
from .models import KnowledgeOutput

UNMANAGED_PREFIX = "archive_fts"
BATCH = 2_000
_LOCK_KEY = 4_611_011  # pg_advisory_xact_lock: one rebuild at a time

# The app passes its scoped session (Flask-SQLAlchemy), scripts and benchmarks a plain one.
AnySession = Session | scoped_session[Any]
# What the index is made of: id, title, abstract, and the body with the names in search_text.
IndexRow = tuple[int, str, str, str]

_fts = table("archive_fts", column("rowid"), column("title"), column("abstract"), column("body"))
PG_DOCUMENT: ColumnElement[Any] = literal_column("knowledge_outputs.archive_fts_document")
# The stems of title, abstract and body (with the names), weighted A, B, C; 'simple' only splits them.
_PG_UPDATE = text(
    "UPDATE knowledge_outputs SET archive_fts_document = "
    "setweight(to_tsvector('simple'::regconfig, v.title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, v.abstract), 'B') || "
    "setweight(to_tsvector('simple'::regconfig, v.body), 'C') "
    "FROM unnest(CAST(:ids AS integer[]), CAST(:titles AS text[]), CAST(:abstracts AS text[]), "
    "CAST(:bodies AS text[])) AS v(id, title, abstract, body) WHERE knowledge_outputs.id = v.id"
)
_SQLITE_INSERT = text("INSERT INTO archive_fts (rowid, title, abstract, body) VALUES (:id, :title, :abstract, :body)")
_SQLITE_DELETE = text("DELETE FROM archive_fts WHERE rowid IN :ids").bindparams(bindparam("ids", expanding=True))
_STATE_UPSERT = text(
    "INSERT INTO archive_fts_state (name, value) VALUES ('stemmer', :value) "
    "ON CONFLICT (name) DO UPDATE SET value = excluded.value"
)

# Databases (by URL) whose index this process has found made by the running stemmer.
_current: set[str] = set()


def include_name(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    """Alembic name filter: the search index is made by hand in migrations 0005 and 0011, not from models."""
    return not (type_ in {"table", "index", "column"} and (name or "").startswith(UNMANAGED_PREFIX))


def _dialect(session: AnySession) -> str:
    return session.get_bind().dialect.name


def index_rows(session: AnySession, rows: Iterable[IndexRow]) -> int:
    """Write the index entries of these outputs (already in the table), replacing what was there."""
    dialect = _dialect(session)
    count = 0
    batch: list[IndexRow] = []

    def write() -> None:
        stemmed = [(i, *(textsearch.stemmed(part) for part in parts)) for i, *parts in batch]
        if dialect == "postgresql":
            ids, titles, abstracts, bodies = (list(values) for values in zip(*stemmed, strict=True))
            session.execute(_PG_UPDATE, {"ids": ids, "titles": titles, "abstracts": abstracts, "bodies": bodies})
        elif dialect == "sqlite":
            session.execute(_SQLITE_DELETE, {"ids": [r[0] for r in batch]})
            session.execute(
                _SQLITE_INSERT, [dict(zip(("id", "title", "abstract", "body"), r, strict=True)) for r in stemmed]
            )

    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            write()
            count += len(batch)
            batch = []
    if batch:
        write()
        count += len(batch)
    return count


def refresh(session: AnySession, output: KnowledgeOutput) -> None:
    """Bring the output's index entry up to date; call before commit (it flushes)."""
    session.flush()
    ensure_current(session)
    index_rows(session, [(output.id, output.title, output.abstract, output.body + " " + output.search_text)])


STATISTICS_TABLES = (
    "knowledge_outputs",
    "knowledge_output_themes",
    "knowledge_output_labs",
    "knowledge_output_talkshows",
)


def refresh_statistics(session: AnySession) -> None:
    """Let SQLite's planner know the archive's shape, so a text search starts from the FTS hits
    instead of scanning every published output (100 ms → 5 ms at 50,000 outputs).

    SQLite keeps no statistics by itself; a sampled ANALYZE costs milliseconds. PostgreSQL's
    autovacuum analyses on its own.
    """
    if _dialect(session) != "sqlite":
        return
    session.execute(text("PRAGMA analysis_limit=1000"))
    for table_name in STATISTICS_TABLES:
        session.execute(text(f"ANALYZE {table_name}"))


def forget(session: AnySession, output_id: int) -> None:
    if _dialect(session) == "sqlite":
        session.execute(text("DELETE FROM archive_fts WHERE rowid = :id"), {"id": output_id})


def _all_rows(session: AnySession) -> Iterable[IndexRow]:
    """Every output's indexed text, read in keyset pages (not as ORM objects: a rebuild reads them all)."""
    last = 0
    columns = (KnowledgeOutput.id, KnowledgeOutput.title, KnowledgeOutput.abstract)
    body = KnowledgeOutput.body + " " + KnowledgeOutput.search_text
    while True:
        page = session.execute(
            select(*columns, body).where(KnowledgeOutput.id > last).order_by(KnowledgeOutput.id).limit(BATCH)
        ).all()
        if not page:
            return
        yield from ((output_id, title, abstract, body) for output_id, title, abstract, body in page)
        last = page[-1][0]


def rebuild(session: AnySession) -> int:
    """Re-index every output with the running stemmer and remember which one that was."""
    if _dialect(session) == "sqlite":
        session.execute(text("DELETE FROM archive_fts"))
    count = index_rows(session, _all_rows(session))
    session.execute(_STATE_UPSERT, {"value": textsearch.identity()})
    refresh_statistics(session)
    return count


def stored_identity(session: AnySession) -> str | None:
    return session.execute(text("SELECT value FROM archive_fts_state WHERE name = 'stemmer'")).scalar()


def ensure_current(session: AnySession, commit: bool = False) -> int | None:
    """Rebuild the index when another stemmer made it; cheap: one query per process and database.

    Returns the number of outputs re-indexed, or None when the index was current. With ``commit`` the
    rebuild is committed at once (a search); otherwise it joins the caller's transaction (an edit).
    """
    key = str(session.get_bind().engine.url)
    if key in _current:
        return None
    if stored_identity(session) == textsearch.identity():
        _current.add(key)
        return None
    if _dialect(session) == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
    count = None if stored_identity(session) == textsearch.identity() else rebuild(session)
    if commit:
        session.commit()
    _current.add(key)
    return count


def forget_checks() -> None:
    """Make the next search check the stored stemmer again (tests; after restoring a backup)."""
    _current.clear()


@dataclass(frozen=True)
class TextMatch:
    """How a text query narrows and orders the outputs.

    ``condition`` filters KnowledgeOutput rows; ``score`` orders them (lower = more relevant), over
    ``joined`` when that is given (SQLite: the FTS hits with their bm25) or over the row itself
    (PostgreSQL: ts_rank_cd of the stored vector).
    """

    condition: ColumnElement[bool]
    score: ColumnElement[Any]
    joined: Subquery | None = None


def text_match(dialect: str, query: textsearch.SearchQuery) -> TextMatch:
    if dialect == "postgresql":
        tsquery = func.to_tsquery(literal_column("'simple'::regconfig"), bindparam("archive_q", query.tsquery()))
        return TextMatch(condition=PG_DOCUMENT.op("@@")(tsquery), score=-func.ts_rank_cd(PG_DOCUMENT, tsquery))
    fts_match = literal_column("archive_fts").op("MATCH")(bindparam("archive_q", query.fts5_match()))
    bm25 = func.bm25(literal_column("archive_fts"), 10.0, 4.0, 1.0)
    hits = select(_fts.c.rowid.label("id"), bm25.label("score")).select_from(_fts).where(fts_match)
    joined = hits.subquery("archive_match")
    return TextMatch(condition=KnowledgeOutput.id.in_(select(joined.c.id)), score=joined.c.score, joined=joined)
