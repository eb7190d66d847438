"""Every table, imported in one place so the metadata (and Alembic) sees the whole schema."""

from __future__ import annotations

from sqlmodel import SQLModel

# One module per aggregate, imported for its tables.
from storage import (  # noqa: F401
    actions,
    audit,
    contexts,
    coordinators,
    decisions,
    goal_scores,
    holds,
    meetings,
    outbox,
    outbox_dm,
    outbox_mentions,
    panel_hold,
    people,
    receipts,
    referrals,
    reminders,
    retention,
    reviews,
)


def load_all() -> type[SQLModel]:
    """The SQLModel base holding the metadata of every aggregate's tables."""
    return SQLModel
