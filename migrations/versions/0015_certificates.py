"""certificates of attendance and archive proposals (issue 17)

One certificate per checked-in registration, with a verification code:

``certificates`` holds the code printed on the PDF (checked at /verify/<code>), the name as printed,
and when it was issued. The name is personal data: when the registration is anonymised (retention
purge, "delete my data") the name is emptied and ``name_removed_at`` set; the code keeps confirming
that the certificate is real. Rows go with their registration or talkshow (ON DELETE CASCADE).

This migration also carries ``archive_proposals`` (issue 17, "students and researchers contribute to
the archive"): a knowledge output proposed from outside the editorial board is an ordinary draft;
its row here marks it as a proposal and holds the proposer's name and e-mail address (personal data,
never public), removed on publication or after the retention period (``erased_at``).

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa

import talkshow_app.database

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'certificates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('talkshow_id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('issued_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column('name_removed_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['registration_id'], ['registrations.id'],
            name=op.f('fk_certificates_registration_id_registrations'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['talkshow_id'], ['talkshows.id'], name=op.f('fk_certificates_talkshow_id_talkshows'), ondelete='CASCADE'
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_certificates')),
        sa.UniqueConstraint('code', name=op.f('uq_certificates_code')),
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_registration_id'), ['registration_id'], unique=True)
        batch_op.create_index(batch_op.f('ix_certificates_talkshow_id'), ['talkshow_id'], unique=False)
    op.create_table(
        'archive_proposals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('output_id', sa.Integer(), nullable=False),
        sa.Column('proposer_name', sa.String(length=120), nullable=False),
        sa.Column('proposer_email', sa.String(length=254), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('consent_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
        sa.Column('erased_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ['output_id'], ['knowledge_outputs.id'],
            name=op.f('fk_archive_proposals_output_id_knowledge_outputs'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_archive_proposals')),
    )
    with op.batch_alter_table('archive_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_archive_proposals_output_id'), ['output_id'], unique=True)


def downgrade():
    with op.batch_alter_table('archive_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_archive_proposals_output_id'))
    op.drop_table('archive_proposals')
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_talkshow_id'))
        batch_op.drop_index(batch_op.f('ix_certificates_registration_id'))
    op.drop_table('certificates')
