"""Display names of Slack users, cached so exports show people by name without asking Slack each time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, col, select

from storage.db import session_scope
from storage.types import utc_field

__all__ = ["CachedDirectory", "PersonName", "cached", "known_people", "remember"]


class PersonName(SQLModel, table=True):
    """The name a workspace member goes by, as Slack last told the bot (users.info)."""

    __tablename__ = "person_name"

    user_id: str = Field(primary_key=True, max_length=32)
    display_name: str = Field(max_length=200)
    fetched_at: datetime = utc_field()


def cached(*, session: Session, user_ids: Iterable[str]) -> dict[str, PersonName]:
    """The cached names of these users (those never looked up are missing)."""
    ids = sorted(set(user_ids))
    if not ids:
        return {}
    rows = session.exec(select(PersonName).where(col(PersonName.user_id).in_(ids)))
    return {row.user_id: row for row in rows}


def remember(*, session: Session, user_id: str, display_name: str, now: datetime) -> None:
    """Store (or refresh) a user's display name: one upsert, so two processes never store it twice."""
    dialect = session.get_bind().dialect.name
    table: Any = PersonName.__table__  # type: ignore[attr-defined]
    stmt: Any = pg_insert(table) if dialect == "postgresql" else sqlite_insert(table)
    values = {"user_id": user_id, "display_name": display_name[:200], "fetched_at": now}
    stmt = stmt.values(**values).on_conflict_do_update(
        index_elements=["user_id"], set_={"display_name": values["display_name"], "fetched_at": now}
    )
    session.execute(stmt)


def known_people(*, session: Session, since: datetime, limit: int = 5_000) -> list[str]:
    """Who has acted on a record since then, and who owns an action: the people exports name."""
    from storage.actions import Action
    from storage.audit import AuditEvent

    actors = session.exec(select(AuditEvent.actor).where(col(AuditEvent.at) >= since).distinct().limit(limit))
    owners = session.exec(select(Action.owner_id).distinct().limit(limit))
    return sorted({*actors, *owners})


class CachedDirectory:
    """The names the database holds, whatever their age: the directory when Slack is not connected."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def names(self, user_ids: Iterable[str]) -> dict[str, str]:
        """The cached name of each of these users that has one."""
        with session_scope(self.engine) as session:
            rows = cached(session=session, user_ids=user_ids)
        return {uid: row.display_name for uid, row in rows.items()}
