"""Scaled safety goals: where each goal stands (0–10) at the decision and at each review, per viewpoint.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the goal_score table, one row per goal, occasion and viewpoint."""
    op.create_table(
        "goal_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("context_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("occasion", sa.String(length=16), nullable=False),
        sa.Column("occasion_id", sa.Integer(), nullable=False),
        sa.Column("viewpoint", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("scored_by", sa.String(length=32), nullable=False),
        sa.Column("scored_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["context_id"], ["context.id"]),
        sa.ForeignKeyConstraint(["goal_id"], ["safety_goal.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("goal_id", "occasion", "occasion_id", "viewpoint"),
    )
    op.create_index("ix_goal_score_context_id", "goal_score", ["context_id"])
    op.create_index("ix_goal_score_goal_id", "goal_score", ["goal_id"])


def downgrade() -> None:
    """Drop the goal_score table."""
    op.drop_index("ix_goal_score_goal_id", table_name="goal_score")
    op.drop_index("ix_goal_score_context_id", table_name="goal_score")
    op.drop_table("goal_score")
