"""registrations and the mail outbox

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
import talkshow_app.database

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    """Filled in by the feature that owns these tables."""


def downgrade():
    """Filled in by the feature that owns these tables."""
