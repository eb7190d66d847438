"""Actions remember the DM that asks their owner to accept them (one per owner per decision, or a
reassignment's), so an answer updates that message.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add action.assigned_dm."""
    with op.batch_alter_table("action") as batch:
        batch.add_column(sa.Column("assigned_dm", sa.String(length=200), nullable=True))


def downgrade() -> None:
    """Drop action.assigned_dm."""
    with op.batch_alter_table("action") as batch:
        batch.drop_column("assigned_dm")
