"""lab directory

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
import talkshow_app.database

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    """Filled in by the feature that owns these tables."""


def downgrade():
    """Filled in by the feature that owns these tables."""
