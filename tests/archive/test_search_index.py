"""The text search really runs in the index: FTS5 on SQLite, the GIN expression index on PostgreSQL."""
from sqlalchemy import event, select, text

from talkshow_app.archive import catalogue
from talkshow_app.extensions import db as _db


def test_the_search_query_uses_the_full_text_index(db, make_output):
    make_output(title="De wijk van morgen")
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    engine = _db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        result = catalogue.search(catalogue.parse_filters({"q": "wijken"}), with_facets=False)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert result.total == 1
    count_sql, params = statements[0]
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET enable_seqscan = off"))
            plan = "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + count_sql, params))
            assert "archive_fts_dutch" in plan
        else:
            plan = "\n".join(str(row[-1]) for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + count_sql, params))
            assert "VIRTUAL TABLE INDEX" in plan and "archive_fts" in plan


def test_the_index_follows_edits_and_withdrawals(db, client, make_output, editor, second_editor):
    from talkshow_app.archive import editing, inputs, review

    output = make_output(title="Over parkeren")
    assert client.get("/api/archive?q=wijken").get_json()["total"] == 0
    review.transition(output.id, "withdraw", second_editor, comment="Wordt herschreven.")
    review.transition(output.id, "reopen", second_editor)
    editing.update_output(output.id, inputs.OutputDraft(title="Over de wijk", output_type="report", abstract="Nieuw"), editor)
    assert client.get("/api/archive?q=wijken").get_json()["total"] == 0  # not public while in draft
    review.transition(output.id, "submit", editor)
    review.transition(output.id, "publish", second_editor)
    assert client.get("/api/archive?q=wijken").get_json()["total"] == 1
    assert client.get("/api/archive?q=parkeren").get_json()["total"] == 0


def test_reindex_command_rebuilds_the_index(db, runner, make_output):
    make_output(title="Over de wijk")
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("DELETE FROM archive_fts"))
        db.session.commit()
        assert catalogue.search(catalogue.parse_filters({"q": "wijken"}), with_facets=False).total == 0
    result = runner.invoke(args=["archive", "reindex"])
    assert result.exit_code == 0, result.output
    assert catalogue.search(catalogue.parse_filters({"q": "wijken"}), with_facets=False).total == 1


def test_with_statistics_sqlite_starts_from_the_hits_not_from_all_outputs(db):
    """Without statistics SQLite scans every published output and probes the hits (100 ms at 50,000)."""
    if db.engine.dialect.name != "sqlite":
        return  # PostgreSQL's autovacuum keeps its own statistics; the GIN test above covers it
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from talkshow_app.archive import search_index
    from talkshow_app.archive.models import KnowledgeOutput

    now = datetime.now(UTC)
    db.session.execute(insert(KnowledgeOutput), [
        {"id": i, "slug": f"o-{i}", "title": f"Output {i}", "output_type": "report", "state": "published",
         "abstract": "", "body": "", "search_text": "", "created_at": now, "updated_at": now}
        for i in range(1, 401)
    ])
    for output in db.session.scalars(select(KnowledgeOutput).where(KnowledgeOutput.id <= 3)):
        output.title = "De wijk"
        search_index.refresh(db.session, output)
    search_index.refresh_statistics(db.session)
    db.session.commit()
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert catalogue.search(catalogue.parse_filters({"q": "wijken"}), with_facets=False).total == 3
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    count_sql, params = statements[0]
    with db.engine.connect() as connection:
        plan = "\n".join(str(row[-1]) for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + count_sql, params))
    assert "knowledge_outputs USING INTEGER PRIMARY KEY" in plan, plan
