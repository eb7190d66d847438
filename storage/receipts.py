"""Receipts: a unique row per handled Slack request, so a retry or double click does nothing twice."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel

from storage.types import utc_field


class Receipt(SQLModel, table=True):
    """A Slack request (event ID, view ID, action + message ts) that has been handled."""

    __tablename__ = "receipt"

    key: str = Field(primary_key=True, max_length=255)
    at: datetime = utc_field()


def first_time(*, session: Session, key: str, now: datetime) -> bool:
    """Record the key; True only for the first caller, in the caller's transaction."""
    dialect = session.get_bind().dialect.name
    stmt: Any = pg_insert(Receipt.__table__) if dialect == "postgresql" else sqlite_insert(Receipt.__table__)  # type: ignore[attr-defined]
    # RETURNING, not rowcount: psycopg reports rowcount -1 for INSERT … ON CONFLICT DO NOTHING.
    stmt = (
        stmt.values(key=key, at=now)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(stmt.table.c.key)
    )
    return session.execute(stmt).first() is not None
