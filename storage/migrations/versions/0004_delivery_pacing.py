"""Delivery at Slack's pace: remembered DM channels, and the index the per-channel order is claimed by.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the dm_channel table and the (channel, state) index of outbox_message."""
    op.create_table(
        "dm_channel",
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("channel_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_index("ix_outbox_message_channel_state", "outbox_message", ["channel", "state"])


def downgrade() -> None:
    """Drop them again."""
    op.drop_index("ix_outbox_message_channel_state", table_name="outbox_message")
    op.drop_table("dm_channel")
