"""class blocks (issue 17): a teacher's block of seats at a talkshow that students join

``class_blocks`` holds the block (course, institution, seats, the teacher, hashes of the teacher's
and the students' secret links); ``class_members`` links each student's registration to its block.
``talkshows.class_max`` (largest block, 0 = no class bookings; default 30) and
``talkshows.class_release_hours`` (when unused block seats return to the public; default 48) are
new. ``talkshows.seats_taken`` now also counts the seats blocks hold that no student took yet;
existing talkshows have no blocks, so their counters stay right. Plain add_column on talkshows:
on SQLite batch mode would copy the table and its cascading foreign keys would delete registrations.

Revision ID: 0016
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('talkshows', sa.Column('class_max', sa.Integer(), server_default='30', nullable=False))
    op.add_column('talkshows', sa.Column('class_release_hours', sa.Integer(), server_default='48', nullable=False))
    op.create_table(
        'class_blocks',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('talkshow_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('join_token_hash', sa.String(length=64), nullable=False),
        sa.Column('course', sa.String(length=160), nullable=False),
        sa.Column('institution', sa.String(length=160), nullable=False),
        sa.Column('seats', sa.Integer(), nullable=False),
        sa.Column('joined', sa.Integer(), nullable=False),
        sa.Column('waitlisted', sa.Boolean(), nullable=False),
        sa.Column('teacher_name', sa.String(length=120), nullable=False),
        sa.Column('teacher_email', sa.String(length=254), nullable=False),
        sa.Column('language', sa.String(length=8), nullable=False),
        sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('warned_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['talkshow_id'], ['talkshows.id'], name=op.f('fk_class_blocks_talkshow_id_talkshows'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_class_blocks')),
        sa.UniqueConstraint('join_token_hash', name=op.f('uq_class_blocks_join_token_hash')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_class_blocks_token_hash')),
    )
    op.create_index(op.f('ix_class_blocks_talkshow_id'), 'class_blocks', ['talkshow_id'], unique=False)
    op.create_table(
        'class_members',
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('block_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['block_id'], ['class_blocks.id'], name=op.f('fk_class_members_block_id_class_blocks'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'],
                                name=op.f('fk_class_members_registration_id_registrations'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('registration_id', name=op.f('pk_class_members')),
    )
    op.create_index(op.f('ix_class_members_block_id'), 'class_members', ['block_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_class_members_block_id'), table_name='class_members')
    op.drop_table('class_members')
    op.drop_index(op.f('ix_class_blocks_talkshow_id'), table_name='class_blocks')
    op.drop_table('class_blocks')
    op.drop_column('talkshows', 'class_release_hours')
    op.drop_column('talkshows', 'class_max')
