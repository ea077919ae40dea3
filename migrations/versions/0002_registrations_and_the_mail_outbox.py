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
    op.create_table('registrations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('talkshow_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('email_key', sa.String(length=254), nullable=True),
    sa.Column('affiliation', sa.Enum('student', 'docent', 'onderzoeker', 'bewoner', 'gemeente', 'ondernemer', 'anders', name='affiliation', native_enum=False, length=20), nullable=True),
    sa.Column('organisation', sa.String(length=160), nullable=False),
    sa.Column('accessibility_needs', sa.String(length=500), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('status', sa.Enum('confirmed', 'waitlisted', 'cancelled', name='registrationstatus', native_enum=False, length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('checkin_code', sa.String(length=32), nullable=False),
    sa.Column('created_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('queued_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('checked_in_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reminder_sent_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('consent_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('anonymised_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['talkshow_id'], ['talkshows.id'], name=op.f('fk_registrations_talkshow_id_talkshows'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registrations')),
    sa.UniqueConstraint('checkin_code', name=op.f('uq_registrations_checkin_code')),
    sa.UniqueConstraint('talkshow_id', 'email_key', name='uq_registrations_talkshow_email'),
    sa.UniqueConstraint('token_hash', name=op.f('uq_registrations_token_hash'))
    )
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registrations_talkshow_id'), ['talkshow_id'], unique=False)
        batch_op.create_index('ix_registrations_talkshow_status', ['talkshow_id', 'status'], unique=False)

    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to_address', sa.String(length=320), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('text_body', sa.Text(), nullable=False),
    sa.Column('html_body', sa.Text(), nullable=False),
    sa.Column('calendar', sa.Text(), nullable=True),
    sa.Column('calendar_method', sa.String(length=10), nullable=True),
    sa.Column('qr_code_text', sa.String(length=500), nullable=True),
    sa.Column('erase_after_sending', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'sent', 'failed', name='outboxstatus', native_enum=False, length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('created_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('claim_token', sa.String(length=32), nullable=True),
    sa.Column('claimed_until', talkshow_app.database.UTCDateTime(timezone=True), nullable=True),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_outbox_messages_registration_id_registrations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index('ix_outbox_messages_status_created_at', ['status', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_messages_status_created_at')
        batch_op.drop_index(batch_op.f('ix_outbox_messages_registration_id'))

    op.drop_table('outbox_messages')
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_index('ix_registrations_talkshow_status')
        batch_op.drop_index(batch_op.f('ix_registrations_talkshow_id'))

    op.drop_table('registrations')
