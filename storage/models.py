"""Every table, imported in one place so the metadata (and Alembic) sees the whole schema."""

from __future__ import annotations

import importlib

from sqlmodel import SQLModel

# One module per aggregate; a module not written yet is skipped.
AGGREGATES = (
    "storage.audit",
    "storage.outbox",
    "storage.receipts",
    "storage.contexts",
    "storage.referrals",
    "storage.meetings",
    "storage.decisions",
    "storage.actions",
    "storage.reminders",
    "storage.reviews",
)


def load_all() -> type[SQLModel]:
    """Import every aggregate module and return the SQLModel base holding their metadata."""
    for name in AGGREGATES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return SQLModel
