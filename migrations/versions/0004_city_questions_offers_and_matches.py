"""city questions, offers and matches

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa
import talkshow_app.database

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('course', 'minor', 'thesis_track', 'internship', 'research_group', 'lab_capacity', name='offerkind', native_enum=False, length=20), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.Column('programme', sa.String(length=160), nullable=False),
    sa.Column('level', sa.Enum('mbo', 'hbo_bachelor', 'hbo_master', 'wo_bachelor', 'wo_master', 'research', name='level', native_enum=False, length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('capacity_unit', sa.Enum('teams', 'students', name='capacityunit', native_enum=False, length=20), nullable=False),
    sa.Column('remaining_capacity', sa.Integer(), nullable=False),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('lab_id', sa.Integer(), nullable=True),
    sa.Column('created_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity >= 0', name=op.f('ck_offers_capacity_not_negative')),
    sa.CheckConstraint('period_end >= period_start', name=op.f('ck_offers_period_end_after_start')),
    sa.CheckConstraint('remaining_capacity >= 0 AND remaining_capacity <= capacity', name=op.f('ck_offers_remaining_within_capacity')),
    sa.ForeignKeyConstraint(['institution_id'], ['organisations.id'], name=op.f('fk_offers_institution_id_organisations'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['lab_id'], ['labs.id'], name=op.f('fk_offers_lab_id_labs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offers')),
    sa.UniqueConstraint('slug', name=op.f('uq_offers_slug'))
    )
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offers_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_offers_lab_id'), ['lab_id'], unique=False)

    op.create_table('questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('asker_kind', sa.Enum('resident', 'organisation', 'municipality', name='askerkind', native_enum=False, length=20), nullable=False),
    sa.Column('asker_organisation', sa.String(length=160), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('stadsdeel', sa.String(length=40), nullable=False),
    sa.Column('wijk', sa.String(length=80), nullable=False),
    sa.Column('help_kind', sa.Enum('research', 'student_project', 'design', 'advice', name='helpkind', native_enum=False, length=20), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('state', sa.Enum('submitted', 'accepted', 'rejected', 'matched', 'in_progress', 'done', name='questionstate', native_enum=False, length=20), nullable=False),
    sa.Column('rejection_reason', sa.Text(), nullable=False),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.Column('moderated_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('deadline IS NULL OR starts_on IS NULL OR deadline >= starts_on', name=op.f('ck_questions_deadline_after_start')),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['users.id'], name=op.f('fk_questions_moderated_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_questions_theme_id_themes'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questions')),
    sa.UniqueConstraint('slug', name=op.f('uq_questions_slug'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questions_moderated_by_id'), ['moderated_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_questions_stadsdeel'), ['stadsdeel'], unique=False)
        batch_op.create_index('ix_questions_state_created_at', ['state', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_questions_theme_id'), ['theme_id'], unique=False)

    op.create_table('matches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=True),
    sa.Column('lab_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(offer_id IS NULL) <> (lab_id IS NULL)', name=op.f('ck_matches_offer_or_lab')),
    sa.CheckConstraint('score >= 0 AND score <= 1', name=op.f('ck_matches_score_in_range')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_matches_confirmed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lab_id'], ['labs.id'], name=op.f('fk_matches_lab_id_labs'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_matches_offer_id_offers'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_matches_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matches')),
    sa.UniqueConstraint('question_id', 'lab_id', name='uq_matches_question_lab'),
    sa.UniqueConstraint('question_id', 'offer_id', name='uq_matches_question_offer')
    )
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matches_confirmed_by_id'), ['confirmed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_lab_id'), ['lab_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_question_id'), ['question_id'], unique=False)

    op.create_table('offer_disciplines',
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('discipline_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['discipline_id'], ['disciplines.id'], name=op.f('fk_offer_disciplines_discipline_id_disciplines'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_offer_disciplines_offer_id_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id', 'discipline_id', name=op.f('pk_offer_disciplines'))
    )
    op.create_table('offer_stadsdelen',
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('stadsdeel', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_offer_stadsdelen_offer_id_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id', 'stadsdeel', name=op.f('pk_offer_stadsdelen'))
    )
    op.create_table('offer_talkshows',
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('talkshow_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_offer_talkshows_offer_id_offers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['talkshow_id'], ['talkshows.id'], name=op.f('fk_offer_talkshows_talkshow_id_talkshows'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id', 'talkshow_id', name=op.f('pk_offer_talkshows'))
    )
    op.create_table('offer_themes',
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_offer_themes_offer_id_offers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_offer_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id', 'theme_id', name=op.f('pk_offer_themes'))
    )
    op.create_table('question_disciplines',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('discipline_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['discipline_id'], ['disciplines.id'], name=op.f('fk_question_disciplines_discipline_id_disciplines'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_question_disciplines_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', 'discipline_id', name=op.f('pk_question_disciplines'))
    )


def downgrade():
    op.drop_table('question_disciplines')
    op.drop_table('offer_themes')
    op.drop_table('offer_talkshows')
    op.drop_table('offer_stadsdelen')
    op.drop_table('offer_disciplines')
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matches_question_id'))
        batch_op.drop_index(batch_op.f('ix_matches_offer_id'))
        batch_op.drop_index(batch_op.f('ix_matches_lab_id'))
        batch_op.drop_index(batch_op.f('ix_matches_confirmed_by_id'))

    op.drop_table('matches')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_theme_id'))
        batch_op.drop_index('ix_questions_state_created_at')
        batch_op.drop_index(batch_op.f('ix_questions_stadsdeel'))
        batch_op.drop_index(batch_op.f('ix_questions_moderated_by_id'))

    op.drop_table('questions')
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offers_lab_id'))
        batch_op.drop_index(batch_op.f('ix_offers_institution_id'))

    op.drop_table('offers')
