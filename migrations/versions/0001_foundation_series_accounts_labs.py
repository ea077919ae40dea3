"""foundation: series, accounts, labs

Revision ID: 0001
Revises: 
Create Date: 2026-11-28 15:34:08.950854
"""
from alembic import op
import sqlalchemy as sa
import talkshow_app.database


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('labs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_labs')),
    sa.UniqueConstraint('slug', name=op.f('uq_labs_slug'))
    )
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('short_name', sa.String(length=40), nullable=False),
    sa.Column('website', sa.String(length=255), nullable=False),
    sa.Column('is_partner', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('name', name=op.f('uq_organisations_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_organisations_slug'))
    )
    op.create_table('themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('is_core', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
    sa.UniqueConstraint('slug', name=op.f('uq_themes_slug'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('organiser', 'editor', 'admin', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('is_active_account', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('venues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('latitude', sa.Double(), nullable=True),
    sa.Column('longitude', sa.Double(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_venues')),
    sa.UniqueConstraint('slug', name=op.f('uq_venues_slug'))
    )
    op.create_table('lab_partners',
    sa.Column('lab_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lab_id'], ['labs.id'], name=op.f('fk_lab_partners_lab_id_labs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_lab_partners_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('lab_id', 'organisation_id', name=op.f('pk_lab_partners'))
    )
    op.create_table('speakers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role_title', sa.String(length=160), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('bio', sa.Text(), nullable=False),
    sa.Column('photo_url', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_speakers_organisation_id_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speakers')),
    sa.UniqueConstraint('slug', name=op.f('uq_speakers_slug'))
    )
    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speakers_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('talkshows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('venue_id', sa.Integer(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('registration_opens_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('registration_closes_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('livestream_url', sa.String(length=500), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', 'cancelled', name='talkshowstatus', native_enum=False, length=20), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('published_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('capacity >= 0', name=op.f('ck_talkshows_capacity_not_negative')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_talkshows_ends_after_start')),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_talkshows_theme_id_themes'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['venue_id'], ['venues.id'], name=op.f('fk_talkshows_venue_id_venues'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talkshows')),
    sa.UniqueConstraint('slug', name=op.f('uq_talkshows_slug'))
    )
    with op.batch_alter_table('talkshows', schema=None) as batch_op:
        batch_op.create_index('ix_talkshows_status_starts_at', ['status', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_talkshows_theme_id'), ['theme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_talkshows_venue_id'), ['venue_id'], unique=False)

    op.create_table('speaker_labs',
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.Column('lab_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lab_id'], ['labs.id'], name=op.f('fk_speaker_labs_lab_id_labs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'], name=op.f('fk_speaker_labs_speaker_id_speakers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('speaker_id', 'lab_id', name=op.f('pk_speaker_labs'))
    )
    op.create_table('talkshow_speakers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('talkshow_id', sa.Integer(), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.Enum('host', 'guest', 'researcher', 'student', 'resident', name='speakerpart', native_enum=False, length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'], name=op.f('fk_talkshow_speakers_speaker_id_speakers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['talkshow_id'], ['talkshows.id'], name=op.f('fk_talkshow_speakers_talkshow_id_talkshows'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talkshow_speakers')),
    sa.UniqueConstraint('talkshow_id', 'speaker_id', name='uq_talkshow_speakers_pair')
    )
    with op.batch_alter_table('talkshow_speakers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talkshow_speakers_speaker_id'), ['speaker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_talkshow_speakers_talkshow_id'), ['talkshow_id'], unique=False)



def downgrade():
    with op.batch_alter_table('talkshow_speakers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talkshow_speakers_talkshow_id'))
        batch_op.drop_index(batch_op.f('ix_talkshow_speakers_speaker_id'))

    op.drop_table('talkshow_speakers')
    op.drop_table('speaker_labs')
    with op.batch_alter_table('talkshows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talkshows_venue_id'))
        batch_op.drop_index(batch_op.f('ix_talkshows_theme_id'))
        batch_op.drop_index('ix_talkshows_status_starts_at')

    op.drop_table('talkshows')
    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speakers_organisation_id'))

    op.drop_table('speakers')
    op.drop_table('lab_partners')
    op.drop_table('venues')
    op.drop_table('users')
    op.drop_table('themes')
    op.drop_table('organisations')
    op.drop_table('labs')
