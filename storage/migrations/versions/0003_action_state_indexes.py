"""Composite indexes on open actions: by context for the agenda, by due date for overdue actions.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Replace the single-column state index with two that start with it."""
    op.create_index("ix_action_state_context_id", "action", ["state", "context_id"])
    op.create_index("ix_action_state_due_on", "action", ["state", "due_on", "context_id"])
    op.drop_index("ix_action_state", table_name="action")


def downgrade() -> None:
    """Put the single-column state index back."""
    op.create_index("ix_action_state", "action", ["state"])
    op.drop_index("ix_action_state_due_on", table_name="action")
    op.drop_index("ix_action_state_context_id", table_name="action")
