"""What the outbox still owes, for monitoring: the backlog by lane and op, and the oldest row's age."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from storage.outbox import PANEL
from storage.outbox_model import Op, OutboxMessage, State

__all__ = ["LANES", "backlog", "oldest_undelivered"]

LANES = ("panel", "person", "channel")  # the panel channel; a person's DM or Home tab; any other channel
_UNDELIVERED = (State.PENDING, State.SENDING)  # pending includes rows waiting to retry


def _lane() -> Any:
    return case(
        (col(OutboxMessage.channel) == PANEL, "panel"),
        (col(OutboxMessage.op).in_([Op.DM, Op.HOME]), "person"),
        else_="channel",
    )


def backlog(*, session: Session) -> dict[tuple[str, str], int]:
    """Undelivered rows counted by (lane, op): one grouped query on the state index."""
    lane = _lane().label("lane")
    rows = session.execute(
        select(lane, col(OutboxMessage.op), func.count())
        .where(col(OutboxMessage.state).in_(_UNDELIVERED))
        .group_by(lane, col(OutboxMessage.op))
    ).all()
    return {(str(name), str(op)): int(count) for name, op, count in rows}


def oldest_undelivered(*, session: Session) -> datetime | None:
    """When the oldest undelivered row was recorded, or None when nothing is owed."""
    oldest: datetime | None = session.exec(
        select(func.min(OutboxMessage.created_at)).where(col(OutboxMessage.state).in_(_UNDELIVERED))
    ).one()
    return oldest
