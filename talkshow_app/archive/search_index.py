"""The full-text index behind /archive, on both databases the app runs on.

PostgreSQL: a GIN expression index over ``to_tsvector('dutch', …)`` of the output's columns; the
database stems and keeps it current by itself. SQLite: an FTS5 table ``archive_fts`` whose rowid
is the output's id and whose columns hold Dutch stems made in Python (textsearch), refreshed by the
use cases (editing, attachments, review) in the same transaction as every change.

Both live outside the ORM metadata (a virtual table and an expression index cannot be described
by it), so schema comparisons skip names starting with ``archive_fts`` (see include_name).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, column, func, literal_column, select, table, text
from sqlalchemy.orm import Session, scoped_session

from . import textsearch
from .models import KnowledgeOutput

UNMANAGED_PREFIX = "archive_fts"

# Must stay the same expression as the index in migration 0005, or PostgreSQL will not use it.
PG_DOCUMENT = (
    "(setweight(to_tsvector('dutch'::regconfig, coalesce(knowledge_outputs.title, '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(knowledge_outputs.abstract, '')), 'B') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(knowledge_outputs.body, '') || ' ' || "
    "coalesce(knowledge_outputs.search_text, '')), 'C'))"
)

# The app passes its scoped session (Flask-SQLAlchemy), scripts and benchmarks a plain one.
AnySession = Session | scoped_session[Any]

_fts = table("archive_fts", column("rowid"), column("title"), column("abstract"), column("body"))


def include_name(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    """Alembic name filter: the search index is made by hand in migration 0005, not from models."""
    return not (type_ in {"table", "index", "column"} and (name or "").startswith(UNMANAGED_PREFIX))


def _dialect(session: AnySession) -> str:
    return session.get_bind().dialect.name


def refresh(session: AnySession, output: KnowledgeOutput) -> None:
    """Bring the output's index entry up to date; call before commit, after flush."""
    if _dialect(session) != "sqlite":
        return
    session.flush()
    session.execute(text("DELETE FROM archive_fts WHERE rowid = :id"), {"id": output.id})
    session.execute(
        text("INSERT INTO archive_fts (rowid, title, abstract, body) VALUES (:id, :title, :abstract, :body)"),
        {
            "id": output.id,
            "title": textsearch.stemmed(output.title),
            "abstract": textsearch.stemmed(output.abstract),
            "body": textsearch.stemmed(output.body + " " + output.search_text),
        },
    )


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


def rebuild(session: AnySession) -> int:
    """Re-index every output (after a bulk import, or when the stemmer changes)."""
    if _dialect(session) != "sqlite":
        return 0
    session.execute(text("DELETE FROM archive_fts"))
    count = 0
    for output in session.scalars(select(KnowledgeOutput).execution_options(yield_per=500)):
        refresh(session, output)
        count += 1
    refresh_statistics(session)
    return count


def matches(dialect: str, query: textsearch.SearchQuery) -> tuple[Select, ColumnElement | None]:
    """A subquery of (id, score) for outputs matching the query; lower score = more relevant.

    Returned as a select so callers can both filter on the ids and order by the score.
    """
    if dialect == "postgresql":
        tsquery = func.websearch_to_tsquery(literal_column("'dutch'::regconfig"), bindparam("archive_q", query.text))
        document: ColumnElement[Any] = literal_column(PG_DOCUMENT)
        score: ColumnElement[Any] = -func.ts_rank_cd(document, tsquery)
        return (
            select(KnowledgeOutput.id.label("id"), score.label("score")).where(document.op("@@")(tsquery)),
            score,
        )
    expression = query.fts5_match()
    score = func.bm25(literal_column("archive_fts"), 10.0, 4.0, 1.0)
    return (
        select(_fts.c.rowid.label("id"), score.label("score"))
        .select_from(_fts)
        .where(literal_column("archive_fts").op("MATCH")(bindparam("archive_q", expression))),
        score,
    )
