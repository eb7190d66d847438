"""A referral's screening deadline, set from its urgency in working time.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add referral.screen_by (empty for referrals made before deadlines existed)."""
    with op.batch_alter_table("referral") as batch:
        batch.add_column(sa.Column("screen_by", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop referral.screen_by."""
    with op.batch_alter_table("referral") as batch:
        batch.drop_column("screen_by")
