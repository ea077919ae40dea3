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
    op.create_table('disciplines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disciplines')),
    sa.UniqueConstraint('name', name=op.f('uq_disciplines_name')),
    sa.UniqueConstraint('slug', name=op.f('uq_disciplines_slug'))
    )
    op.create_table('lab_disciplines',
    sa.Column('lab_id', sa.Integer(), nullable=False),
    sa.Column('discipline_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['discipline_id'], ['disciplines.id'], name=op.f('fk_lab_disciplines_discipline_id_disciplines'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lab_id'], ['labs.id'], name=op.f('fk_lab_disciplines_lab_id_labs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('lab_id', 'discipline_id', name=op.f('pk_lab_disciplines'))
    )
    op.create_table('lab_themes',
    sa.Column('lab_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lab_id'], ['labs.id'], name=op.f('fk_lab_themes_lab_id_labs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_lab_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('lab_id', 'theme_id', name=op.f('pk_lab_themes'))
    )
    # Server defaults fill the rows of labs that exist already (from the foundation's demo data).
    with op.batch_alter_table('labs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('stadslab', 'living_lab', 'kenniswerkplaats', 'wetenschapswinkel', 'related_initiative', name='labkind', native_enum=False, length=30), nullable=False, server_default='stadslab'))
        batch_op.add_column(sa.Column('status', sa.Enum('active', 'ended', name='labstatus', native_enum=False, length=20), nullable=False, server_default='active'))
        batch_op.add_column(sa.Column('contact_name', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=254), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('stadsdeel', sa.String(length=40), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('wijk', sa.String(length=80), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('address', sa.String(length=255), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('latitude', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('longitude', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('programmes', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('student_capacity', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('website', sa.String(length=255), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('start_year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('ended_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('last_checked_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_labs_stadsdeel'), ['stadsdeel'], unique=False)
        batch_op.create_index(batch_op.f('ix_labs_status'), ['status'], unique=False)
        batch_op.create_check_constraint('student_capacity_not_negative', 'student_capacity IS NULL OR student_capacity >= 0')


def downgrade():
    with op.batch_alter_table('labs', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_labs_student_capacity_not_negative'), type_='check')
        batch_op.drop_index(batch_op.f('ix_labs_status'))
        batch_op.drop_index(batch_op.f('ix_labs_stadsdeel'))
        batch_op.drop_column('last_checked_on')
        batch_op.drop_column('ended_on')
        batch_op.drop_column('start_year')
        batch_op.drop_column('website')
        batch_op.drop_column('student_capacity')
        batch_op.drop_column('programmes')
        batch_op.drop_column('longitude')
        batch_op.drop_column('latitude')
        batch_op.drop_column('address')
        batch_op.drop_column('wijk')
        batch_op.drop_column('stadsdeel')
        batch_op.drop_column('contact_email')
        batch_op.drop_column('contact_name')
        batch_op.drop_column('status')
        batch_op.drop_column('kind')

    op.drop_table('lab_themes')
    op.drop_table('lab_disciplines')
    op.drop_table('disciplines')
