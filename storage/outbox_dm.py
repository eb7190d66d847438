"""Each person's direct-message channel with the bot, opened once and remembered across rows and restarts."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel, select

__all__ = ["DmChannel", "dm_channel_of", "remember_dm_channel"]


class DmChannel(SQLModel, table=True):
    """The DM channel Slack opened for a user (stable for the life of the workspace)."""

    __tablename__ = "dm_channel"

    user_id: str = Field(primary_key=True, max_length=32)
    channel_id: str = Field(max_length=32)


def dm_channel_of(*, session: Session, user_id: str) -> str | None:
    """The remembered DM channel of a user, if one was opened before."""
    return session.exec(select(DmChannel.channel_id).where(DmChannel.user_id == user_id)).first()


def remember_dm_channel(*, session: Session, user_id: str, channel_id: str) -> None:
    """Remember a user's DM channel (a second process remembering the same one changes nothing)."""
    table = DmChannel.__table__  # type: ignore[attr-defined]
    stmt: Any = pg_insert(table) if session.get_bind().dialect.name == "postgresql" else sqlite_insert(table)
    stmt = stmt.values(user_id=user_id, channel_id=channel_id)
    session.execute(
        stmt.on_conflict_do_update(index_elements=["user_id"], set_={"channel_id": stmt.excluded.channel_id})
    )
