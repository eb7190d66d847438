"""The records a listing or digest message names, so that it leaves Slack when any of them is purged.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the outbox_mention table: one row per record a message names."""
    op.create_table(
        "outbox_mention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_key", sa.String(length=200), nullable=False),
        sa.Column("record_type", sa.String(length=16), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_key", "record_type", "record_id"),
    )
    op.create_index("ix_outbox_mention_record", "outbox_mention", ["record_type", "record_id"])


def downgrade() -> None:
    """Drop the outbox_mention table."""
    op.drop_index("ix_outbox_mention_record", table_name="outbox_mention")
    op.drop_table("outbox_mention")
