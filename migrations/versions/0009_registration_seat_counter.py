"""registration seat counter: each talkshow stores its confirmed and waiting registrations (issue 11)

``seats_taken`` and ``waitlist_count`` let the seat decision be one conditional UPDATE of the
talkshow row instead of counting registrations under the seat lock; the application keeps them
exact in the same transaction as every change of a registration's status
(``talkshow_app/registrations/counter.py``). Existing registrations are counted here once.

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

BACKFILL = """
UPDATE talkshows SET
    seats_taken = (SELECT count(*) FROM registrations
                   WHERE registrations.talkshow_id = talkshows.id AND registrations.status = 'confirmed'),
    waitlist_count = (SELECT count(*) FROM registrations
                      WHERE registrations.talkshow_id = talkshows.id AND registrations.status = 'waitlisted')
"""


def upgrade():
    # Plain ALTER TABLE on both databases: batch mode would copy the talkshows table on SQLite, and
    # dropping the old copy cascades to the registrations (foreign keys are on).
    op.add_column('talkshows', sa.Column('seats_taken', sa.Integer(), server_default='0', nullable=False))
    op.add_column('talkshows', sa.Column('waitlist_count', sa.Integer(), server_default='0', nullable=False))
    op.execute(BACKFILL)


def downgrade():
    # SQLite >= 3.35 drops a column in place (no table copy, so no cascade); PostgreSQL likewise.
    op.execute('ALTER TABLE talkshows DROP COLUMN waitlist_count')
    op.execute('ALTER TABLE talkshows DROP COLUMN seats_taken')
