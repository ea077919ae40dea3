"""precomputed match candidate scores (issue 11)

Each public question keeps its best candidates (offers and labs) with their scores in
``match_candidates`` and the fill of its ranking in ``match_rankings``; both are maintained in the
transaction that changes a question, offer or lab (talkshow_app/matching/candidate_scores.py).
A question without a ``match_rankings`` row is ranked live, so pages stay correct right after this
upgrade; ``flask matching rescore`` fills the tables for existing data (make run's demo data does it
by itself).

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('match_candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=True),
    sa.Column('lab_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('available', sa.Boolean(), nullable=False),
    sa.CheckConstraint('(offer_id IS NULL) <> (lab_id IS NULL)', name=op.f('ck_match_candidates_offer_or_lab')),
    sa.ForeignKeyConstraint(['lab_id'], ['labs.id'], name=op.f('fk_match_candidates_lab_id_labs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_match_candidates_offer_id_offers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_match_candidates_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_candidates')),
    sa.UniqueConstraint('question_id', 'lab_id', name='uq_match_candidates_question_lab'),
    sa.UniqueConstraint('question_id', 'offer_id', name='uq_match_candidates_question_offer')
    )
    with op.batch_alter_table('match_candidates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_candidates_lab_id'), ['lab_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_candidates_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index('ix_match_candidates_ranking', ['question_id', 'score', 'slug'], unique=False)

    op.create_table('match_rankings',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('count_best', sa.Integer(), nullable=False),
    sa.Column('floor_best', sa.Float(), nullable=False),
    sa.Column('count_available', sa.Integer(), nullable=False),
    sa.Column('floor_available', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_match_rankings_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', name=op.f('pk_match_rankings'))
    )


def downgrade():
    op.drop_table('match_rankings')
    with op.batch_alter_table('match_candidates', schema=None) as batch_op:
        batch_op.drop_index('ix_match_candidates_ranking')
        batch_op.drop_index(batch_op.f('ix_match_candidates_offer_id'))
        batch_op.drop_index(batch_op.f('ix_match_candidates_lab_id'))
    op.drop_table('match_candidates')
