"""A chair's meeting: the chair, apologies beside who was present, guests, and the minutes fixed at close.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the chair and the fixed minutes to meetings, a status to attendance, and the guest table."""
    with op.batch_alter_table("meeting") as batch:
        batch.add_column(sa.Column("chair_id", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("minutes", sa.JSON(none_as_null=True), nullable=True))
    with op.batch_alter_table("attendance") as batch:
        batch.add_column(sa.Column("status", sa.String(length=16), nullable=False, server_default="present"))
    op.create_table(
        "meeting_guest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=120), nullable=False),
        sa.Column("added_by", sa.String(length=32), nullable=False),
        sa.Column("added_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("meeting_id", "name", "role"),
    )
    op.create_index("ix_meeting_guest_meeting_id", "meeting_guest", ["meeting_id"])


def downgrade() -> None:
    """Drop the guest table and the new columns."""
    op.drop_index("ix_meeting_guest_meeting_id", table_name="meeting_guest")
    op.drop_table("meeting_guest")
    with op.batch_alter_table("attendance") as batch:
        batch.drop_column("status")
    with op.batch_alter_table("meeting") as batch:
        batch.drop_column("minutes")
        batch.drop_column("chair_id")
