"""Reminders: one row per (subject, kind, day), claimed before it is sent, so none goes twice."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, UniqueConstraint
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Column, Field, Session, SQLModel, col, select

from storage.types import utc_field

CHUNK = 5000  # rows per INSERT: 5 parameters each, inside SQLite's 32,766 and PostgreSQL's 65,535


class Reminder(SQLModel, table=True):
    """A reminder or escalation owed for an action or a review; unique by its key."""

    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("subject", "kind", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(max_length=32, index=True)  # action:12, review:7
    kind: str = Field(max_length=16)
    day: date = Field(sa_column=Column(Date, nullable=False))
    claimed_at: datetime = utc_field()
    outbox_key: str | None = Field(default=None, max_length=200)


@dataclass(frozen=True, slots=True)
class Claimed:
    """A reminder this transaction claimed: only its claimer may enqueue the message."""

    id: int
    subject: str
    kind: str
    day: date
    outbox_key: str


def outbox_key(subject: str, kind: str, day: date) -> str:
    """The outbox key of a reminder's message, e.g. reminder:action:40:overdue:2026-12-03."""
    return f"reminder:{subject}:{kind}:{day.isoformat()}"


def claim(*, session: Session, keys: Iterable[tuple[str, str, date]], now: datetime) -> list[Claimed]:
    """Insert each (subject, kind, day) not yet claimed; return only the rows this call inserted.

    One INSERT … ON CONFLICT DO NOTHING RETURNING per 5,000 keys: a second sweep, a restart or another
    process finds the rows already there and gets nothing back, so it sends nothing.
    """
    wanted = sorted({(s, str(k), d) for s, k, d in keys})
    table = Reminder.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    claimed: list[Claimed] = []
    for start in range(0, len(wanted), CHUNK):
        values = [
            {"subject": s, "kind": k, "day": d, "claimed_at": now, "outbox_key": outbox_key(s, k, d)}
            for s, k, d in wanted[start : start + CHUNK]
        ]
        stmt: Any = pg_insert(table) if dialect == "postgresql" else sqlite_insert(table)
        stmt = stmt.on_conflict_do_nothing(index_elements=["subject", "kind", "day"]).returning(
            table.c.id, table.c.subject, table.c.kind, table.c.day, table.c.outbox_key
        )
        # Several rows with RETURNING: SQLAlchemy sends multi-row INSERTs ("insertmanyvalues"); a key that
        # is already claimed returns no row.
        rows = session.execute(stmt, values) if len(values) > 1 else session.execute(stmt.values(values[0]))
        claimed.extend(Claimed(int(r[0]), r[1], r[2], r[3], r[4]) for r in rows)
    claimed.sort(key=lambda c: c.id)
    return claimed


def claimed_for(*, session: Session, subject: str) -> list[Reminder]:
    """Every reminder claimed for one subject, oldest first."""
    return list(session.exec(select(Reminder).where(Reminder.subject == subject).order_by(col(Reminder.id))))
