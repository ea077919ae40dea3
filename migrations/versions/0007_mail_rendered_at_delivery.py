"""mail rendered at delivery: an outbox row stores its template and a JSON context of plain values

Rows queued before this revision keep ``template`` NULL and are sent with the subject and bodies
they were rendered with.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('template', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('context', sa.JSON(), nullable=True))


def downgrade():
    # The older code sends a row's stored text: a queued row that was never rendered has none, so it is
    # marked failed with the reason rather than sent empty.
    outbox = sa.table(
        'outbox_messages',
        sa.column('template', sa.String),
        sa.column('status', sa.String),
        sa.column('text_body', sa.Text),
        sa.column('last_error', sa.Text),
    )
    op.execute(
        outbox.update()
        .where(outbox.c.template.is_not(None), outbox.c.status == 'queued', outbox.c.text_body == '')
        .values(status='failed', last_error='not rendered yet when the database was downgraded below 0007')
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('context')
        batch_op.drop_column('template')
