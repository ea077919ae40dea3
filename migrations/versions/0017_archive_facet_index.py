"""archive facets (issue 11): one index that covers the facet counts

The facet counts read the id, type and publication date of every public output that matches. From
the table that is a scan of the wide rows (title, abstract, body and the stored tsvector: 113 MB at
50,000 outputs, 43 ms on PostgreSQL); from ``ix_knowledge_outputs_facets`` on (state, output_type,
published_on, id) it is an index-only scan (14 ms). The new index starts with the old
``ix_knowledge_outputs_state_type`` (state, output_type), which it replaces.

Revision ID: 0017
Revises: 0016
"""
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        'ix_knowledge_outputs_facets', 'knowledge_outputs', ['state', 'output_type', 'published_on', 'id'], unique=False
    )
    op.drop_index('ix_knowledge_outputs_state_type', table_name='knowledge_outputs')


def downgrade():
    op.create_index('ix_knowledge_outputs_state_type', 'knowledge_outputs', ['state', 'output_type'], unique=False)
    op.drop_index('ix_knowledge_outputs_facets', table_name='knowledge_outputs')
