"""knowledge archive

Revision ID: 0005
Revises: 0004

Besides the tables, the full-text index that the models cannot describe: on PostgreSQL a GIN
expression index over to_tsvector('dutch', …) (the same expression as
talkshow_app/archive/search_index.PG_DOCUMENT, or the planner will not use it); on SQLite an
FTS5 table holding Dutch stems made by the app (rowid = knowledge_outputs.id).
"""
from alembic import op
import sqlalchemy as sa
import talkshow_app.database

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

PG_DOCUMENT = (
    "(setweight(to_tsvector('dutch'::regconfig, coalesce(knowledge_outputs.title, '')), 'A') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(knowledge_outputs.abstract, '')), 'B') || "
    "setweight(to_tsvector('dutch'::regconfig, coalesce(knowledge_outputs.body, '') || ' ' || "
    "coalesce(knowledge_outputs.search_text, '')), 'C'))"
)


def create_search_index():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"CREATE INDEX archive_fts_dutch ON knowledge_outputs USING gin ({PG_DOCUMENT})")
    elif dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE archive_fts USING fts5("
            "title, abstract, body, tokenize = 'unicode61 remove_diacritics 2')"
        )


def drop_search_index():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS archive_fts_dutch")
    elif dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS archive_fts")


def upgrade():
    op.create_table('knowledge_outputs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('output_type', sa.Enum('recording', 'summary', 'report', 'publication', 'slides', 'photo_series', 'article', 'dataset', name='outputtype', native_enum=False, length=20), nullable=False),
    sa.Column('abstract', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('licence', sa.String(length=60), nullable=False),
    sa.Column('media_url', sa.String(length=500), nullable=False),
    sa.Column('transcript_url', sa.String(length=500), nullable=False),
    sa.Column('state', sa.Enum('draft', 'in_review', 'published', 'withdrawn', name='outputstate', native_enum=False, length=20), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('published_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_knowledge_outputs_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_knowledge_outputs_submitted_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_outputs')),
    sa.UniqueConstraint('slug', name=op.f('uq_knowledge_outputs_slug'))
    )
    with op.batch_alter_table('knowledge_outputs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_outputs_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index('ix_knowledge_outputs_state_published_at', ['state', 'published_at'], unique=False)
        batch_op.create_index('ix_knowledge_outputs_state_published_on', ['state', 'published_on'], unique=False)
        batch_op.create_index('ix_knowledge_outputs_state_type', ['state', 'output_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_knowledge_outputs_submitted_by_id'), ['submitted_by_id'], unique=False)

    op.create_table('knowledge_output_audit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('created_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_knowledge_output_audit_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['output_id'], ['knowledge_outputs.id'], name=op.f('fk_knowledge_output_audit_output_id_knowledge_outputs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_output_audit'))
    )
    with op.batch_alter_table('knowledge_output_audit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_output_audit_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_knowledge_output_audit_output_id'), ['output_id'], unique=False)

    op.create_table('knowledge_output_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_knowledge_output_comments_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['output_id'], ['knowledge_outputs.id'], name=op.f('fk_knowledge_output_comments_output_id_knowledge_outputs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_output_comments'))
    )
    with op.batch_alter_table('knowledge_output_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_output_comments_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_knowledge_output_comments_output_id'), ['output_id'], unique=False)

    op.create_table('knowledge_output_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('content_type', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('alt_text', sa.String(length=500), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['output_id'], ['knowledge_outputs.id'], name=op.f('fk_knowledge_output_files_output_id_knowledge_outputs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_knowledge_output_files_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knowledge_output_files')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_knowledge_output_files_stored_name'))
    )
    with op.batch_alter_table('knowledge_output_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_output_files_output_id'), ['output_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_knowledge_output_files_uploaded_by_id'), ['uploaded_by_id'], unique=False)

    op.create_table('knowledge_output_labs',
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.Column('lab_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lab_id'], ['labs.id'], name=op.f('fk_knowledge_output_labs_lab_id_labs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['output_id'], ['knowledge_outputs.id'], name=op.f('fk_knowledge_output_labs_output_id_knowledge_outputs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('output_id', 'lab_id', name=op.f('pk_knowledge_output_labs'))
    )
    with op.batch_alter_table('knowledge_output_labs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_output_labs_lab_id'), ['lab_id'], unique=False)

    op.create_table('knowledge_output_organisations',
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_knowledge_output_organisations_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['output_id'], ['knowledge_outputs.id'], name=op.f('fk_knowledge_output_organisations_output_id_knowledge_outputs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('output_id', 'organisation_id', name=op.f('pk_knowledge_output_organisations'))
    )
    with op.batch_alter_table('knowledge_output_organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_output_organisations_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('knowledge_output_questions',
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['output_id'], ['knowledge_outputs.id'], name=op.f('fk_knowledge_output_questions_output_id_knowledge_outputs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_knowledge_output_questions_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('output_id', 'question_id', name=op.f('pk_knowledge_output_questions'))
    )
    with op.batch_alter_table('knowledge_output_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_output_questions_question_id'), ['question_id'], unique=False)

    op.create_table('knowledge_output_speakers',
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['output_id'], ['knowledge_outputs.id'], name=op.f('fk_knowledge_output_speakers_output_id_knowledge_outputs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'], name=op.f('fk_knowledge_output_speakers_speaker_id_speakers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('output_id', 'speaker_id', name=op.f('pk_knowledge_output_speakers'))
    )
    with op.batch_alter_table('knowledge_output_speakers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_output_speakers_speaker_id'), ['speaker_id'], unique=False)

    op.create_table('knowledge_output_talkshows',
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.Column('talkshow_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['output_id'], ['knowledge_outputs.id'], name=op.f('fk_knowledge_output_talkshows_output_id_knowledge_outputs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['talkshow_id'], ['talkshows.id'], name=op.f('fk_knowledge_output_talkshows_talkshow_id_talkshows'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('output_id', 'talkshow_id', name=op.f('pk_knowledge_output_talkshows'))
    )
    with op.batch_alter_table('knowledge_output_talkshows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_output_talkshows_talkshow_id'), ['talkshow_id'], unique=False)

    op.create_table('knowledge_output_themes',
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['output_id'], ['knowledge_outputs.id'], name=op.f('fk_knowledge_output_themes_output_id_knowledge_outputs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_knowledge_output_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('output_id', 'theme_id', name=op.f('pk_knowledge_output_themes'))
    )
    with op.batch_alter_table('knowledge_output_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledge_output_themes_theme_id'), ['theme_id'], unique=False)

    create_search_index()


def downgrade():
    drop_search_index()
    with op.batch_alter_table('knowledge_output_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_output_themes_theme_id'))

    op.drop_table('knowledge_output_themes')
    with op.batch_alter_table('knowledge_output_talkshows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_output_talkshows_talkshow_id'))

    op.drop_table('knowledge_output_talkshows')
    with op.batch_alter_table('knowledge_output_speakers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_output_speakers_speaker_id'))

    op.drop_table('knowledge_output_speakers')
    with op.batch_alter_table('knowledge_output_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_output_questions_question_id'))

    op.drop_table('knowledge_output_questions')
    with op.batch_alter_table('knowledge_output_organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_output_organisations_organisation_id'))

    op.drop_table('knowledge_output_organisations')
    with op.batch_alter_table('knowledge_output_labs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_output_labs_lab_id'))

    op.drop_table('knowledge_output_labs')
    with op.batch_alter_table('knowledge_output_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_output_files_uploaded_by_id'))
        batch_op.drop_index(batch_op.f('ix_knowledge_output_files_output_id'))

    op.drop_table('knowledge_output_files')
    with op.batch_alter_table('knowledge_output_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_output_comments_output_id'))
        batch_op.drop_index(batch_op.f('ix_knowledge_output_comments_author_id'))

    op.drop_table('knowledge_output_comments')
    with op.batch_alter_table('knowledge_output_audit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_output_audit_output_id'))
        batch_op.drop_index(batch_op.f('ix_knowledge_output_audit_actor_id'))

    op.drop_table('knowledge_output_audit')
    with op.batch_alter_table('knowledge_outputs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledge_outputs_submitted_by_id'))
        batch_op.drop_index('ix_knowledge_outputs_state_type')
        batch_op.drop_index('ix_knowledge_outputs_state_published_on')
        batch_op.drop_index('ix_knowledge_outputs_state_published_at')
        batch_op.drop_index(batch_op.f('ix_knowledge_outputs_created_by_id'))

    op.drop_table('knowledge_outputs')
