"""stored archive search vector and stemmer version (issue 11)

Revision ID: 0011
Revises: 0010

Both databases now index Dutch stems made by the app (talkshow_app/archive/textsearch), so a word meets
the same stem on SQLite and PostgreSQL:

- ``archive_fts_state`` (both): which stemmer made the stored stems (algorithm, implementation, version,
  protection list). It starts empty, so the app rebuilds the index on its first search or edit
  (talkshow_app/archive/search_index.ensure_current), as it does whenever the stemmer changes.
- PostgreSQL: the GIN expression index over to_tsvector('dutch', …) from 0005 gives way to a stored
  ``tsvector`` column ``knowledge_outputs.archive_fts_document`` with its own GIN index, so a search
  no longer computes a vector per row. ``fastupdate = off``: outputs change a few times a day, so each
  write updates the index at once instead of queueing in a pending list every search would scan until
  the next vacuum (after a bulk load or rebuild that list made searches slow and the planner avoid the index).
- SQLite keeps the FTS5 table ``archive_fts`` of 0005.

Everything is named ``archive_fts…``: the models do not describe it, and schema comparisons skip it.
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# The expression index of 0005, restored by downgrade.
PG_DOCUMENT_0005 = (
    "(setweight(to_tsvector('dutch'::regconfig, coalesce(knowledge_outputs.title, '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(knowledge_outputs.abstract, '')), 'B') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(knowledge_outputs.body, '') || ' ' || "
    "coalesce(knowledge_outputs.search_text, '')), 'C'))"
)


def upgrade():
    op.create_table(
        'archive_fts_state',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('name', name='archive_fts_state_pkey'),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS archive_fts_dutch")
        op.execute("ALTER TABLE knowledge_outputs ADD COLUMN archive_fts_document tsvector")
        op.execute(
            "CREATE INDEX archive_fts_document_gin ON knowledge_outputs USING gin (archive_fts_document) "
            "WITH (fastupdate = off)"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS archive_fts_document_gin")
        op.execute("ALTER TABLE knowledge_outputs DROP COLUMN IF EXISTS archive_fts_document")
        op.execute(f"CREATE INDEX archive_fts_dutch ON knowledge_outputs USING gin ({PG_DOCUMENT_0005})")
    op.drop_table('archive_fts_state')
