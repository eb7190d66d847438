"""Which outbox rows are due and in what order: the claim that hands rows to one deliverer at a time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, and_, col, or_, select

from storage.outbox_model import Op, OutboxMessage, State

__all__ = ["claim", "in_flight_or_due", "is_waiting"]


def _claimable(now: datetime) -> Any:
    return or_(
        and_(col(OutboxMessage.state) == State.PENDING, col(OutboxMessage.next_attempt_at) <= now),
        and_(col(OutboxMessage.state) == State.SENDING, col(OutboxMessage.lease_until) < now),
    )


def _waiting() -> Any:
    """Rows that must wait for another row first: ordering is kept by the claim, not by the clock.

    An update waits for its message's post and for every earlier update of it; a thread reply waits
    for its parent. Once that row is sent (or has failed for good) the waiting row is due at once.
    """
    earlier = aliased(OutboxMessage)
    first = aliased(OutboxMessage)
    unfinished = [State.PENDING, State.SENDING]
    earlier_update = exists().where(
        col(earlier.slot) == col(OutboxMessage.slot),
        col(earlier.op) == Op.UPDATE,
        col(earlier.id) < col(OutboxMessage.id),
        col(earlier.state).in_(unfinished),
    )
    post_unfinished = exists().where(
        col(first.key) == col(OutboxMessage.slot), col(first.state).in_(unfinished)
    )
    parent_unfinished = exists().where(
        col(first.key) == col(OutboxMessage.thread_of), col(first.state).in_(unfinished)
    )
    return or_(
        and_(col(OutboxMessage.op) == Op.UPDATE, or_(post_unfinished, earlier_update)),
        and_(col(OutboxMessage.thread_of).is_not(None), parent_unfinished),
    )


def claim(*, session: Session, now: datetime, lease: timedelta, limit: int = 50) -> list[OutboxMessage]:
    """Atomically claim due rows for delivery; a row claimed by one process is skipped by others.

    One SELECT of the due ids in order (on PostgreSQL locking them, skipping rows another process has
    locked) and one UPDATE … RETURNING that leases them all; the UPDATE checks again that each row is still
    claimable, so a row leased meanwhile by another process is not taken twice.
    """
    due = (
        select(OutboxMessage.id)
        .where(_claimable(now), ~_waiting())
        .order_by(col(OutboxMessage.id))
        .limit(limit)
        .with_for_update(skip_locked=True, of=OutboxMessage)  # SQLite: nothing (one writer at a time)
    )
    ids = list(session.exec(due))
    if not ids:
        return []
    leased = session.scalars(
        update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(ids), _claimable(now))
        .values(state=State.SENDING, lease_until=now + lease, attempts=col(OutboxMessage.attempts) + 1)
        .returning(OutboxMessage)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return sorted(leased, key=lambda row: row.id or 0)


def is_waiting(*, session: Session, row_id: int) -> bool:
    """Whether a row must still wait for another (the same rule the claim applies)."""
    stmt = select(OutboxMessage.id).where(col(OutboxMessage.id) == row_id, _waiting())
    return session.exec(stmt).first() is not None


def in_flight_or_due(*, session: Session, now: datetime) -> bool:
    """Whether any row is being delivered right now or could be delivered now."""
    return (
        session.exec(
            select(OutboxMessage.id).where(
                or_(
                    col(OutboxMessage.state) == State.SENDING,
                    and_(
                        col(OutboxMessage.state) == State.PENDING,
                        col(OutboxMessage.next_attempt_at) <= now,
                        ~_waiting(),
                    ),
                )
            )
        ).first()
        is not None
    )
