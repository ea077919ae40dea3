"""mail retry schedule: when a queued mail is next due after a failed try

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa
import talkshow_app.database

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('next_attempt_at')
