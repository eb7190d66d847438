"""The panel's coordinators, stored so that they change without a restart; EFRP_COORDINATORS seeds them once.

A removed coordinator's row stays (inactive), so the table is empty only before the first seeding.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, col, func, select

from storage.types import utc_field

__all__ = ["CACHE_PERIOD", "Coordinator", "Roster", "activate", "active", "deactivate", "seed"]

CACHE_PERIOD = timedelta(seconds=30)  # how soon another process sees a change


class Coordinator(SQLModel, table=True):
    """A person who may screen referrals and run the panel (active), or who no longer may."""

    __tablename__ = "coordinator"

    user_id: str = Field(primary_key=True, max_length=32)
    name: str = Field(default="", max_length=80)  # how the operator named them; optional
    active: bool = Field(default=True, index=True)
    changed_at: datetime = utc_field()


def active(*, session: Session) -> list[Coordinator]:
    """The active coordinators, by user ID."""
    return list(
        session.exec(select(Coordinator).where(col(Coordinator.active)).order_by(col(Coordinator.user_id)))
    )


def seed(*, session: Session, user_ids: Iterable[str], now: datetime) -> bool:
    """Store the initial coordinators if none were ever stored; True if this call seeded them."""
    if session.exec(select(func.count()).select_from(Coordinator)).one():
        return False
    ids = sorted(set(user_ids))
    if not ids:
        return False
    dialect = session.get_bind().dialect.name
    table = Coordinator.__table__  # type: ignore[attr-defined]
    stmt: Any = pg_insert(table) if dialect == "postgresql" else sqlite_insert(table)
    rows = [{"user_id": u, "name": "", "active": True, "changed_at": now} for u in ids]
    # Another process may seed at the same moment: the first wins, the other inserts nothing. Not an
    # audited change: it is the configuration taking effect (every later add and remove is audited).
    inserted = session.execute(
        stmt.values(rows).on_conflict_do_nothing(index_elements=["user_id"]).returning(stmt.table.c.user_id)
    ).all()
    return bool(inserted)


def activate(*, session: Session, user_id: str, name: str | None, now: datetime) -> bool:
    """Make a person a coordinator (or rename one); False if nothing changed."""
    row = session.get(Coordinator, user_id, with_for_update=True)
    if row is None:
        session.add(Coordinator(user_id=user_id, name=name or "", active=True, changed_at=now))
        return True
    if row.active and (name is None or name == row.name):
        return False
    row.active, row.changed_at = True, now
    if name is not None:
        row.name = name
    session.add(row)
    return True


def deactivate(*, session: Session, user_id: str, now: datetime) -> bool:
    """Stop a person being a coordinator; False if they were not one."""
    result = session.execute(
        update(Coordinator)
        .where(col(Coordinator.user_id) == user_id, col(Coordinator.active))
        .values(active=False, changed_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _read(engine: Engine) -> list[tuple[str, bool]]:
    """Every stored row, read outside any transaction of the ORM.

    A permission check may run inside a caller's write transaction; on SQLite a second session would
    wait for that caller's write lock (BEGIN IMMEDIATE), so this reads on a bare DB-API connection.
    """
    conn = engine.raw_connection()
    try:
        cur = conn.cursor()
        cur.execute("SELECT user_id, active FROM coordinator")
        return [(str(u), bool(on)) for u, on in cur.fetchall()]
    finally:
        conn.close()


class Roster:
    """Who the coordinators are, read from the database and cached for CACHE_PERIOD by this process."""

    def __init__(
        self,
        engine: Engine,
        now: Callable[[], datetime],
        initial: Iterable[str],
        period: timedelta = CACHE_PERIOD,
    ) -> None:
        self.engine = engine
        self.now = now
        self.initial = frozenset(initial)
        self.period = period
        self._ids: frozenset[str] = frozenset()
        self._read_at: datetime | None = None
        self._lock = threading.Lock()

    def ids(self) -> frozenset[str]:
        """The active coordinators' user IDs (the initial list until the stored one is seeded)."""
        now = self.now()
        with self._lock:
            if self._read_at is not None and now - self._read_at < self.period:
                return self._ids
            rows = _read(self.engine)
            self._ids = frozenset(u for u, on in rows if on) if rows else self.initial
            self._read_at = now
            return self._ids

    def forget(self) -> None:
        """Read the list again on next use (this process changed it)."""
        with self._lock:
            self._read_at = None
