"""uploaded, re-encoded images (issue 13): an images table; talkshows, speakers, labs and outputs point at one

Uploaded pictures are re-encoded by the app (talkshow_app/images) and stored under UPLOAD_FOLDER;
the ``images`` row keeps their key, widths and alt text. ``talkshows.image_id``, ``labs.image_id``
and ``knowledge_outputs.image_id`` are new and empty. ``speakers.photo_url`` is replaced by
``speakers.photo_id``: a stored external photo address is dropped, not imported, because the
Content-Security-Policy (img-src 'self') never let the browser load it and fetching foreign
files at migration time would copy pictures nobody checked; organisers upload the photo instead.
The downgrade brings ``photo_url`` back empty.

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

POINTERS = (('talkshows', 'image_id'), ('speakers', 'photo_id'), ('labs', 'image_id'), ('knowledge_outputs', 'image_id'))


def upgrade():
    op.create_table(
        'images',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('widths', sa.String(length=60), nullable=False),
        sa.Column('alt', sa.String(length=300), nullable=False),
        sa.Column('decorative', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_images')),
    )
    with op.batch_alter_table('images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_images_key'), ['key'], unique=False)

    for table, column in POINTERS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.Integer(), nullable=True))
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)
            batch_op.create_foreign_key(
                batch_op.f(f'fk_{table}_{column}_images'), 'images', [column], ['id'], ondelete='SET NULL'
            )
            if table == 'speakers':
                batch_op.drop_column('photo_url')


def downgrade():
    for table, column in reversed(POINTERS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == 'speakers':
                batch_op.add_column(
                    sa.Column('photo_url', sa.String(length=500), nullable=False, server_default='')
                )
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_{column}_images'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_{column}'))
            batch_op.drop_column(column)
    with op.batch_alter_table('images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_images_key'))
    op.drop_table('images')
