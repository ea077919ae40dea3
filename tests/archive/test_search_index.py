"""The text search really runs in the index: FTS5 on SQLite, the GIN index over the stored tsvector on PostgreSQL."""
import re

from sqlalchemy import event, select, text

from talkshow_app.archive import catalogue
from talkshow_app.extensions import db as _db


def test_the_search_query_uses_the_full_text_index(db, make_output):
    make_output(title="De wijk van morgen")
    if db.engine.dialect.name == "postgresql":
        _add_outputs_about_parking(db, 3000)  # enough rows that a scan would cost more than the index
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
    count_sql, params = next((sql, p) for sql, p in statements if "count(" in sql)
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            plan = "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + count_sql, params))
            assert "archive_fts_document_gin" in plan, plan
            assert "to_tsvector" not in plan  # the stored vector is read, not computed per row
        else:
            rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + count_sql, params)
            plan = "\n".join(str(row[-1]) for row in rows)
            assert "VIRTUAL TABLE INDEX" in plan and "archive_fts" in plan


def _add_outputs_about_parking(db, count: int) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from talkshow_app.archive import search_index
    from talkshow_app.archive.models import KnowledgeOutput

    now = datetime.now(UTC)
    rows = [
        {"id": 1000 + i, "slug": f"p-{i}", "title": f"Parkeren {i}", "output_type": "report", "state": "published",
         "abstract": "Over parkeren in de stad", "body": "", "search_text": "", "created_at": now, "updated_at": now}
        for i in range(count)
    ]
    db.session.execute(insert(KnowledgeOutput), rows)
    search_index.index_rows(db.session, [(r["id"], r["title"], r["abstract"], "") for r in rows])
    db.session.commit()
    db.session.execute(text("ANALYZE knowledge_outputs"))
    db.session.commit()


def test_the_index_follows_edits_and_withdrawals(db, client, make_output, editor, second_editor):
    from talkshow_app.archive import editing, inputs, review

    output = make_output(title="Over parkeren")
    assert client.get("/api/archive?q=wijken").get_json()["total"] == 0
    review.transition(output.id, "withdraw", second_editor, comment="Wordt herschreven.")
    review.transition(output.id, "reopen", second_editor)
    draft = inputs.OutputDraft(title="Over de wijk", output_type="report", abstract="Nieuw")
    editing.update_output(output.id, draft, editor)
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


def test_a_search_for_menen_does_not_find_the_gemeente(db, client, make_output):
    make_output(title="Gemeente Den Haag bouwt", abstract="De gemeente en de gemeentelijke diensten.")
    assert client.get("/api/archive?q=menen").get_json()["total"] == 0
    assert client.get("/api/archive?q=mening").get_json()["total"] == 0
    assert client.get("/api/archive?q=gemeenten").get_json()["total"] == 1


def _stored_identity(db):
    return db.session.execute(text("SELECT value FROM archive_fts_state WHERE name = 'stemmer'")).scalar()


def test_an_index_made_by_another_stemmer_is_rebuilt_by_the_next_search(db, client, make_output):
    from talkshow_app.archive import search_index, textsearch

    make_output(title="Over de wijk")
    # As after an upgrade of the stemmer: other stems in the index, another identity stored.
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("UPDATE archive_fts SET title = 'xyz', abstract = 'xyz', body = 'xyz'"))
    else:
        db.session.execute(text("UPDATE knowledge_outputs SET archive_fts_document = to_tsvector('simple', 'xyz')"))
    db.session.execute(text("UPDATE archive_fts_state SET value = 'dutch snowballstemmer 2.2.0'"))
    db.session.commit()
    search_index.forget_checks()  # a new process: the deployment restarted the app

    assert client.get("/api/archive?q=wijken").get_json()["total"] == 1
    assert _stored_identity(db) == textsearch.identity()


def test_the_check_costs_one_query_per_process(db, make_output):
    from talkshow_app.archive import search_index

    make_output(title="Over de wijk")
    search_index.forget_checks()
    assert search_index.ensure_current(db.session) is None  # current: nothing rebuilt
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", record)
    try:
        search_index.ensure_current(db.session)
    finally:
        event.remove(_db.engine, "before_cursor_execute", record)
    assert statements == []


def test_reindex_records_the_running_stemmer(db, runner, make_output):
    from talkshow_app.archive import textsearch

    make_output(title="Over de wijk")
    db.session.execute(text("DELETE FROM archive_fts_state"))
    db.session.commit()
    assert runner.invoke(args=["archive", "reindex"]).exit_code == 0
    assert _stored_identity(db) == textsearch.identity()


def test_results_show_the_passage_with_the_words_marked_and_escaped(db, client, make_output):
    make_output(
        title="Verslag",
        abstract="Een avond over <script>alert(1)</script> en de wijken van Laak, met bewoners.",
    )
    page = client.get("/archive?q=wijk").get_data(as_text=True)
    assert "<mark>wijken</mark>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    page = client.get("/archive?q=bewoner").get_data(as_text=True)
    assert "<mark>bewoners</mark>" in page


def test_facet_counts_follow_the_text_match(db, client, make_output, make_theme):
    wijk, zorg = make_theme(), make_theme()
    make_output(title="De wijk", theme_ids=[wijk.id])
    make_output(title="De wijken", theme_ids=[wijk.id, zorg.id])
    make_output(title="Parkeren", theme_ids=[zorg.id])
    page = client.get("/archive?q=wijk").get_data(as_text=True)
    facets = dict(re.findall(r'theme=([\w-]+)[^>]*>[^<]*</a> <span class="facet-count">\((\d+)\)', page))
    assert facets == {wijk.slug: "2", zorg.slug: "1"}
