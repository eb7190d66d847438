"""The panel channel's hold: while it is set, the claim leaves every message owed to the panel channel alone.

One row (id 1). Setting the hold starts an episode (its number only grows); only the caller whose UPDATE
set it (or cleared it) gets the episode back, so a hold or a release is announced once however many
processes notice the same change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import exists, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel, col, func, or_, select

from storage.outbox_model import PANEL, Op, OutboxMessage, State
from storage.types import utc_field

__all__ = ["Episode", "PanelHold", "current", "held_condition", "held_messages", "release", "start"]

ROW = 1


class PanelHold(SQLModel, table=True):
    """Whether panel detail is held back from the panel channel, why, and since when."""

    __tablename__ = "panel_hold"

    id: int = Field(default=ROW, primary_key=True)
    channel: str = Field(max_length=32)  # the panel channel's ID when the hold was last set
    held: bool = False
    reason: str = Field(default="", max_length=40)  # a key of bot.domain.channel_safety.REASONS
    since: datetime | None = utc_field(nullable=True)
    episode: int = 0


@dataclass(frozen=True)
class Episode:
    """One hold, from when it was set to when it was released."""

    number: int
    reason: str
    since: datetime


def held_condition() -> Any:
    """SQL true for an outbox row owed to the panel channel while the hold is set (the claim skips it).

    Deleting what the bot posted there (retention) still goes: it takes detail out of the channel.
    """
    return exists().where(
        col(PanelHold.held).is_(True),
        col(OutboxMessage.op) != Op.DELETE,
        or_(col(OutboxMessage.channel) == PANEL, col(OutboxMessage.channel) == col(PanelHold.channel)),
    )


def current(*, session: Session) -> PanelHold | None:
    """The hold's row (None before the first hold)."""
    return session.get(PanelHold, ROW)


def start(*, session: Session, channel: str, reason: str, now: datetime) -> Episode | None:
    """Set the hold; the new episode if this call set it, None if it was already set (its reason kept)."""
    dialect = session.get_bind().dialect.name
    insert: Any = pg_insert if dialect == "postgresql" else sqlite_insert
    table = PanelHold.__table__  # type: ignore[attr-defined]
    session.execute(
        insert(table)
        .values(id=ROW, channel=channel, held=False, reason="", episode=0)
        .on_conflict_do_nothing(index_elements=["id"])
    )
    row = session.execute(
        update(PanelHold)
        .where(col(PanelHold.id) == ROW, col(PanelHold.held).is_(False))
        .values(held=True, channel=channel, reason=reason, since=now, episode=col(PanelHold.episode) + 1)
        .returning(col(PanelHold.episode))
    ).first()
    return None if row is None else Episode(int(row[0]), reason, now)


def release(*, session: Session) -> Episode | None:
    """Clear the hold; the episode it ends if this call cleared it, None if it was not set."""
    row = session.execute(
        update(PanelHold)
        .where(col(PanelHold.id) == ROW, col(PanelHold.held).is_(True))
        .values(held=False)
        .returning(col(PanelHold.episode), col(PanelHold.reason), col(PanelHold.since))
    ).first()
    return None if row is None else Episode(int(row[0]), str(row[1]), row[2])


def held_messages(*, session: Session, channel: str) -> dict[str, int]:
    """What is waiting for the panel channel: how many messages of each summary, most first."""
    rows = session.exec(
        select(OutboxMessage.summary, func.count())
        .where(
            col(OutboxMessage.state).in_([State.PENDING, State.SENDING]),
            col(OutboxMessage.op) != Op.DELETE,
            or_(col(OutboxMessage.channel) == PANEL, col(OutboxMessage.channel) == channel),
        )
        .group_by(col(OutboxMessage.summary))
        .order_by(func.count().desc(), col(OutboxMessage.summary))
    )
    return {summary or "message": int(count) for summary, count in rows}
