"""Which outbox rows are due and in what order: the claim that hands rows to one deliverer at a time."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import String, bindparam, case, cast, exists, false, update
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Update
from sqlmodel import Session, and_, col, or_, select
from sqlmodel.sql.expression import SelectOfScalar

from storage.outbox_dm import DmChannel
from storage.outbox_model import FRESH, Op, OutboxMessage, State
from storage.panel_hold import held_condition

# Messages that appear in a channel's history: they reach it in the order they were recorded.
IN_CHANNEL_ORDER = (Op.POST, Op.DM, Op.FILE)

__all__ = ["claim", "in_flight_or_due", "is_waiting", "release", "renew_leases"]


def _claimable(now: Any) -> Any:
    return or_(
        and_(col(OutboxMessage.state) == State.PENDING, col(OutboxMessage.next_attempt_at) <= now),
        and_(col(OutboxMessage.state) == State.SENDING, col(OutboxMessage.lease_until) < now),
    )


def _waiting() -> Any:
    """Rows that must wait for another row first: ordering is kept by the claim, not by the clock.

    An update waits for its message's post and for every earlier update of it; a thread reply waits
    for its parent; a post, DM or file waits for every earlier one to the same audience. Once that row
    is sent (or has failed for good) the waiting row is due at once.
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
    earlier_in_channel = exists().where(
        col(earlier.channel) == col(OutboxMessage.channel),
        col(earlier.state).in_(unfinished),
        col(earlier.op).in_(IN_CHANNEL_ORDER),
        col(earlier.id) < col(OutboxMessage.id),
    )
    return or_(
        and_(col(OutboxMessage.op) == Op.UPDATE, or_(post_unfinished, earlier_update)),
        and_(col(OutboxMessage.thread_of).is_not(None), parent_unfinished),
        and_(col(OutboxMessage.op).in_(IN_CHANNEL_ORDER), earlier_in_channel),
    )


def _paced_out(ops: tuple[str, ...] | None, skip_channels: bool, skip_unopened_dms: bool) -> Any:
    """Rows this claim leaves alone: other lanes, and those whose pacing has no room right now."""
    conditions: list[Any] = []
    if ops is not None:
        conditions.append(col(OutboxMessage.op).not_in(list(ops)))
    if skip_channels:
        conditions.append(
            and_(
                col(OutboxMessage.op).in_(IN_CHANNEL_ORDER),
                col(OutboxMessage.channel).in_(bindparam("skip", expanding=True)),
            )
        )
    if skip_unopened_dms:
        known = exists().where(col(DmChannel.user_id) == col(OutboxMessage.channel))
        conditions.append(
            and_(col(OutboxMessage.op) == Op.DM, col(OutboxMessage.slack_channel).is_(None), ~known)
        )
    return or_(false(), *conditions)


def claim(
    *,
    session: Session,
    now: datetime,
    lease: timedelta,
    limit: int = 50,
    ops: Collection[str] | None = None,
    skip_channels: Collection[str] = (),
    skip_unopened_dms: bool = False,
) -> list[OutboxMessage]:
    """Atomically claim due rows for delivery; a row claimed by one process is skipped by others.

    One SELECT of the due ids in order (on PostgreSQL locking them, skipping rows another process has
    locked) and one UPDATE … RETURNING that leases them all; the UPDATE checks again that each row is still
    claimable, so a row leased meanwhile by another process is not taken twice. ``ops`` limits the claim
    to one lane (e.g. DMs); ``skip_channels`` and ``skip_unopened_dms`` leave rows whose channel, or whose
    DM channel still to be opened, has no room in the caller's pacing.
    """
    channels = sorted(skip_channels)
    due = _due(tuple(sorted(ops)) if ops is not None else None, bool(channels), skip_unopened_dms, limit)
    params: dict[str, Any] = {"now": now, "skip": channels} if channels else {"now": now}
    ids = list(session.exec(due, params=params))
    if not ids:
        return []
    leased = session.scalars(_lease(), {"ids": ids, "now": now, "until": now + lease})
    return sorted(leased, key=lambda row: row.id or 0)


# The claim's statements are built once per shape and reused: building them (their subqueries, aliases and
# cases) cost more CPU than running them; the clock, the pacing and the ids are bound parameters.
_NOW: Any = bindparam("now")


@cache
def _due(
    ops: tuple[str, ...] | None, skip_channels: bool, skip_unopened_dms: bool, limit: int
) -> SelectOfScalar[Any]:
    return (
        select(OutboxMessage.id)
        .where(
            _claimable(_NOW),
            ~_waiting(),
            ~held_condition(),  # the panel channel is not safe for panel detail right now
            ~_paced_out(ops, skip_channels, skip_unopened_dms),
        )
        .order_by(col(OutboxMessage.id))
        .limit(limit)
        .with_for_update(skip_locked=True, of=OutboxMessage)  # SQLite: nothing (one writer at a time)
    )


@cache
def _lease() -> Update:
    return (
        update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(bindparam("ids", expanding=True)), _claimable(_NOW))
        .values(
            state=State.SENDING,
            lease_until=bindparam("until"),
            attempts=col(OutboxMessage.attempts) + 1,
            # A row owed fresh gives up its waiting key: a change committed from now on owes another.
            key=case(
                (
                    col(OutboxMessage.key) == col(OutboxMessage.slot) + FRESH,
                    col(OutboxMessage.slot) + "#" + cast(col(OutboxMessage.id), String),
                ),
                else_=col(OutboxMessage.key),
            ),
            # Taken over from a claimer whose lease ran out: it may have died after Slack posted, so the
            # deliverer must look in the channel's history before posting again.
            uncertain=case(
                (col(OutboxMessage.state) == State.SENDING, True), else_=col(OutboxMessage.uncertain)
            ),
        )
        .returning(OutboxMessage)
        .execution_options(synchronize_session=False, populate_existing=True)
    )


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
                        ~held_condition(),
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


def release(*, session: Session, row_id: int) -> None:
    """Give a claimed row back untried (its pacing had no room): due again as it was, no attempt counted."""
    session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == row_id, col(OutboxMessage.state) == State.SENDING)
        .values(state=State.PENDING, lease_until=None, attempts=col(OutboxMessage.attempts) - 1)
    )
