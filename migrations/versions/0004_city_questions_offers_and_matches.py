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
    """Filled in by the feature that owns these tables."""


def downgrade():
    """Filled in by the feature that owns these tables."""
