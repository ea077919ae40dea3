"""followers of themes and stadsdelen, publication events, follow items; extra headers on outbox mails (issue 14)

Followers follow themes, stadsdelen or everything after a double opt-in; a publish records one
publication event, which ``flask follows send`` fans out into follow items and grouped mails.
``outbox_messages.headers`` carries extra header lines such as ``List-Unsubscribe`` (RFC 8058).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

from talkshow_app.database import UTCDateTime

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "followers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("link_key", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("everything", sa.Boolean(), nullable=False),
        sa.Column(
            "frequency",
            sa.Enum("direct", "weekly", name="frequency", native_enum=False, length=10),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("confirmed_at", UTCDateTime(), nullable=True),
        sa.Column("link_sent_at", UTCDateTime(), nullable=True),
        sa.Column("last_mailed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followers")),
        sa.UniqueConstraint("email", name=op.f("uq_followers_email")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_followers_token_hash")),
    )
    with op.batch_alter_table("followers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_followers_confirmed_at"), ["confirmed_at"], unique=False)

    op.create_table(
        "follower_themes",
        sa.Column("follower_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["follower_id"], ["followers.id"], name=op.f("fk_follower_themes_follower_id_followers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"], ["themes.id"], name=op.f("fk_follower_themes_theme_id_themes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("follower_id", "theme_id", name=op.f("pk_follower_themes")),
    )
    with op.batch_alter_table("follower_themes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follower_themes_theme_id"), ["theme_id"], unique=False)

    op.create_table(
        "follower_stadsdelen",
        sa.Column("follower_id", sa.Integer(), nullable=False),
        sa.Column("stadsdeel", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["follower_id"],
            ["followers.id"],
            name=op.f("fk_follower_stadsdelen_follower_id_followers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("follower_id", "stadsdeel", name=op.f("pk_follower_stadsdelen")),
    )
    with op.batch_alter_table("follower_stadsdelen", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follower_stadsdelen_stadsdeel"), ["stadsdeel"], unique=False)

    kind = sa.Enum("talkshow", "output", name="subjectkind", native_enum=False, length=10)
    op.create_table(
        "publication_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", kind, nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("fanned_out_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication_events")),
    )
    with op.batch_alter_table("publication_events", schema=None) as batch_op:
        batch_op.create_index("ix_publication_events_fanned_out_at", ["fanned_out_at"], unique=False)

    op.create_table(
        "follow_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("follower_id", sa.Integer(), nullable=False),
        sa.Column("kind", kind, nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("mailed_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["follower_id"], ["followers.id"], name=op.f("fk_follow_items_follower_id_followers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_items")),
        sa.UniqueConstraint("follower_id", "kind", "subject_id", name="uq_follow_items_once"),
    )
    with op.batch_alter_table("follow_items", schema=None) as batch_op:
        batch_op.create_index("ix_follow_items_pending", ["mailed_at", "follower_id"], unique=False)

    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("headers", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("headers")
    op.drop_table("follow_items")
    op.drop_table("publication_events")
    op.drop_table("follower_stadsdelen")
    op.drop_table("follower_themes")
    op.drop_table("followers")
