"""evaluation after a talkshow: invitations per registration, anonymous answers per talkshow (issue 14)

``evaluation_invitations`` records per registration that the evaluation mail was queued and that it
was answered (so each attendee answers once); ``evaluation_answers`` holds the 1-5 score and the
free text with only the talkshow and the day, so answers cannot be traced to a name. The impact
figures themselves are computed from existing tables and need no schema.

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

import talkshow_app.database

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'evaluation_invitations',
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('talkshow_id', sa.Integer(), nullable=False),
        sa.Column('mailed_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
        sa.Column('answered_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['registration_id'], ['registrations.id'],
            name=op.f('fk_evaluation_invitations_registration_id_registrations'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['talkshow_id'], ['talkshows.id'],
            name=op.f('fk_evaluation_invitations_talkshow_id_talkshows'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('registration_id', name=op.f('pk_evaluation_invitations')),
    )
    with op.batch_alter_table('evaluation_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_invitations_talkshow_id'), ['talkshow_id'], unique=False)

    op.create_table(
        'evaluation_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('talkshow_id', sa.Integer(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('action', sa.Text(), nullable=False),
        sa.Column('answered_on', sa.Date(), nullable=False),
        sa.CheckConstraint('score >= 1 AND score <= 5', name=op.f('ck_evaluation_answers_score_1_to_5')),
        sa.ForeignKeyConstraint(
            ['talkshow_id'], ['talkshows.id'],
            name=op.f('fk_evaluation_answers_talkshow_id_talkshows'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_answers')),
    )
    with op.batch_alter_table('evaluation_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_answers_talkshow_id'), ['talkshow_id'], unique=False)


def downgrade():
    with op.batch_alter_table('evaluation_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_answers_talkshow_id'))
    op.drop_table('evaluation_answers')
    with op.batch_alter_table('evaluation_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_invitations_talkshow_id'))
    op.drop_table('evaluation_invitations')
