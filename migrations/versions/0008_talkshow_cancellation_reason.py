"""talkshow cancellation reason: what the organiser told the registrants when calling a talkshow off

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('talkshows', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancellation_reason', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('talkshows', schema=None) as batch_op:
        batch_op.drop_column('cancellation_reason')
