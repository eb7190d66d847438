"""The coordinators, stored so that they change without a restart (EFRP_COORDINATORS seeds them once).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the coordinator table."""
    op.create_table(
        "coordinator",
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("changed_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_index("ix_coordinator_active", "coordinator", ["active"])


def downgrade() -> None:
    """Drop the coordinator table."""
    op.drop_index("ix_coordinator_active", table_name="coordinator")
    op.drop_table("coordinator")
