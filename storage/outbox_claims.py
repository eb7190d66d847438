"""Which outbox rows are due and in what order: the claim that hands rows to one deliverer at a time."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, exists, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, and_, col, or_, select

from storage.outbox_model import Op, OutboxMessage, State

__all__ = ["claim", "in_flight_or_due", "is_waiting", "renew_leases"]


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
    """Atomically claim due rows for delivery; a row claimed by one process is skipped by others."""
    ids = list(
        session.exec(
            select(OutboxMessage.id)
            .where(_claimable(now), ~_waiting())
            .order_by(col(OutboxMessage.id))
            .limit(limit)
        )
    )
    claimed: list[OutboxMessage] = []
    for row_id in ids:
        result = session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id) == row_id, _claimable(now))
            .values(
                state=State.SENDING,
                lease_until=now + lease,
                attempts=col(OutboxMessage.attempts) + 1,
                # Taken over from a claimer whose lease ran out: it may have died after Slack posted,
                # so the deliverer must look in the channel's history before posting again.
                uncertain=case(
                    (col(OutboxMessage.state) == State.SENDING, True), else_=col(OutboxMessage.uncertain)
                ),
            )
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            row = session.get(OutboxMessage, row_id)
            if row is not None:
                session.refresh(row)
                claimed.append(row)
    return claimed


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


def renew_leases(*, session: Session, row_ids: list[int], until: datetime) -> int:
    """Extend the lease of rows still being sent by this deliverer; returns how many were renewed."""
    if not row_ids:
        return 0
    result = session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(row_ids), col(OutboxMessage.state) == State.SENDING)
        .values(lease_until=until)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
