"""Retention: legal holds, purge runs (claimed by key), when an outbox payload was scrubbed, a reopen reason.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

from storage.types import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add legal_hold, retention_run, outbox_message.scrubbed_at and context.reopen_reason."""
    op.create_table(
        "legal_hold",
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("held_by", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("held_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("ref"),
    )
    op.create_table(
        "retention_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("as_of", UTCDateTime(timezone=True), nullable=False),
        sa.Column("ran_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("outbox_message") as batch:
        batch.add_column(sa.Column("scrubbed_at", UTCDateTime(timezone=True), nullable=True))
    # Why a context was reopened: kept with the context (purged with it), no longer in the audit.
    with op.batch_alter_table("context") as batch:
        batch.add_column(sa.Column("reopen_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("context") as batch:
        batch.drop_column("reopen_reason")
    with op.batch_alter_table("outbox_message") as batch:
        batch.drop_column("scrubbed_at")
    op.drop_table("retention_run")
    op.drop_table("legal_hold")
