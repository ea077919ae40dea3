"""knowledge archive

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
import talkshow_app.database

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    """Filled in by the feature that owns these tables."""


def downgrade():
    """Filled in by the feature that owns these tables."""
