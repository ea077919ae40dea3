"""The text search really runs in the index: FTS5 on SQLite, the GIN expression index on PostgreSQL."""
from sqlalchemy import event, text

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
    from talkshow_app.archive import services

    output = make_output(title="Over parkeren")
    assert client.get("/api/archive?q=wijken").get_json()["total"] == 0
    services.transition(output.id, "withdraw", second_editor, comment="Wordt herschreven.")
    services.transition(output.id, "reopen", second_editor)
    services.update_output(output.id, services.OutputDraft(title="Over de wijk", output_type="report", abstract="Nieuw"), editor)
    assert client.get("/api/archive?q=wijken").get_json()["total"] == 0  # not public while in draft
    services.transition(output.id, "submit", editor)
    services.transition(output.id, "publish", second_editor)
    assert client.get("/api/archive?q=wijken").get_json()["total"] == 1
    assert client.get("/api/archive?q=parkeren").get_json()["total"] == 0
