"""The outbox: everything the bot owes Slack, recorded in the same transaction as its cause."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import event, func, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from storage import outbox_mentions
from storage.outbox_claims import claim, in_flight_or_due, is_waiting, release, renew_leases
from storage.outbox_dm import dm_channel_of, remember_dm_channel
from storage.outbox_model import FRESH, PANEL, Op, OutboxMessage, State

__all__ = [
    "FRESH",
    "PANEL",
    "Op",
    "OutboxMessage",
    "State",
    "claim",
    "dm_channel_of",
    "enqueue",
    "enqueue_many",
    "failed_messages",
    "find",
    "in_flight_or_due",
    "is_waiting",
    "mark_failed",
    "mark_retry",
    "mark_sent",
    "on_commit_of_owed",
    "owe_fresh",
    "pending_count",
    "put_message",
    "release",
    "remember_channel",
    "remember_dm_channel",
    "renew_leases",
    "superseded",
]

_WAKERS: dict[int, list[Callable[[], None]]] = {}
_WAKERS_LOCK = threading.Lock()


def on_commit_of_owed(engine: Engine, wake: Callable[[], None]) -> Callable[[], None]:
    """Call wake() after every commit on this engine that recorded something owed; returns an unsubscribe."""
    with _WAKERS_LOCK:
        _WAKERS.setdefault(id(engine), []).append(wake)

    def unsubscribe() -> None:
        with _WAKERS_LOCK:
            wakers = _WAKERS.get(id(engine), [])
            if wake in wakers:
                wakers.remove(wake)
            if not wakers:
                _WAKERS.pop(id(engine), None)

    return unsubscribe


def _mark_owed(session: Session) -> None:
    session.info["efrp_owed"] = True


@event.listens_for(Session, "after_commit")
def _wake_after_commit(session: Session) -> None:
    # Delivery is woken by the commit itself, so no use case or listener has to remember to do it.
    if not session.info.pop("efrp_owed", False):
        return
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    with _WAKERS_LOCK:
        wakers = list(_WAKERS.get(id(engine), ()))
    for wake in wakers:
        wake()


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop("efrp_owed", None)


def _insert_ignore(session: Session, values: dict[str, Any]) -> None:
    _mark_owed(session)
    dialect = session.get_bind().dialect.name
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    stmt: Any
    stmt = pg_insert(table) if dialect == "postgresql" else sqlite_insert(table)
    session.execute(stmt.values(**values).on_conflict_do_nothing(index_elements=["key"]))


def find(*, session: Session, key: str) -> OutboxMessage | None:
    """The outbox row with this key, if any."""
    return session.exec(select(OutboxMessage).where(OutboxMessage.key == key)).first()


def enqueue(
    *,
    session: Session,
    key: str,
    op: Op,
    channel: str,
    payload: dict[str, Any],
    now: datetime,
    thread_of: str | None = None,
    summary: str = "",
    slot: str | None = None,
    names: Iterable[tuple[str, int]] = (),
) -> None:
    """Record a message owed to Slack (and the records it ``names``, when it lists several); a second call
    with the same key changes nothing."""
    row = _new_row(
        key=key, slot=slot or key, op=op, channel=channel, payload=payload, now=now, summary=summary
    )
    _insert_ignore(session, {**row, "thread_of": thread_of})
    outbox_mentions.record(session=session, names=((key, kind, rid) for kind, rid in names))


def _new_row(
    *, key: str, slot: str, op: Op, channel: str, payload: dict[str, Any], now: datetime, summary: str
) -> dict[str, Any]:
    """The columns of an outbox row owed now, not yet tried."""
    return {
        "key": key,
        "slot": slot,
        "op": str(op),
        "channel": channel,
        "payload": payload,
        "summary": summary[:300],
        "state": str(State.PENDING),
        "attempts": 0,
        "uncertain": False,
        "next_attempt_at": now,
        "created_at": now,
        "failure_reported": False,
    }


def owe_fresh(
    *, session: Session, op: Op, owed: list[tuple[str, str, dict[str, Any]]], now: datetime, summary: str = ""
) -> None:
    """Owe each (slot, channel, payload) one delivery built when it is delivered, coalesced per slot.

    While one waits unclaimed, owing it again changes nothing: its key (the slot + FRESH) is unique, and
    the claim renames it, so what changes after the claim owes a new one. The conflict updates the row
    rather than ignoring it, so that on PostgreSQL it stays locked until this transaction commits and a
    claim cannot take it (and build it) before the change that owed it is visible.
    """
    if not owed:
        return
    _mark_owed(session)
    rows = [
        _new_row(
            key=slot + FRESH, slot=slot, op=op, channel=channel, payload=payload, now=now, summary=summary
        )
        for slot, channel, payload in sorted(owed, key=lambda o: o[0])  # one lock order for every writer
    ]
    session.execute(_owe_fresh_statement(session.get_bind().dialect.name), rows)


@functools.cache
def _owe_fresh_statement(dialect: str) -> Any:
    # Built once: constructing an upsert (its `excluded` alias) costs more than running it on a small write.
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    stmt: Any = pg_insert(table) if dialect == "postgresql" else sqlite_insert(table)
    return stmt.on_conflict_do_update(index_elements=["key"], set_={"payload": stmt.excluded.payload})


def put_message(
    *,
    session: Session,
    slot: str,
    op: Op,
    channel: str,
    payload: dict[str, Any],
    now: datetime,
    thread_of: str | None = None,
    summary: str = "",
) -> None:
    """Post a logical message, or bring the posted one up to date with chat.update."""
    # Locking the first row makes a concurrent put for the same slot wait, then join the update made
    # here, instead of picking the same update key and having its payload silently dropped.
    first = session.exec(select(OutboxMessage).where(OutboxMessage.key == slot).with_for_update()).first()
    if first is None:
        enqueue(
            session=session,
            key=slot,
            op=op,
            channel=channel,
            payload=payload,
            now=now,
            thread_of=thread_of,
            summary=summary,
        )
        return
    # The newest version always goes into the slot's last row, and rows are sent in id order, so the
    # last state recorded is the last state Slack shows (a retried older row never overtakes it).
    # Locked too: a deliverer claiming it meanwhile either skips it (SKIP LOCKED) or has claimed it first,
    # and then this sees it sending and records a newer row; a new version never lands in a row in flight.
    latest = session.exec(
        select(OutboxMessage)
        .where(OutboxMessage.slot == slot)
        .order_by(col(OutboxMessage.id).desc())
        .limit(1)
        .with_for_update()
    ).first()
    if latest is not None and latest.state == State.PENDING:
        latest.payload = payload
        session.add(latest)
        _mark_owed(session)
        return
    count = session.exec(
        select(func.count()).select_from(OutboxMessage).where(OutboxMessage.slot == slot)
    ).one()
    enqueue(
        session=session,
        key=f"{slot}#u{count}",
        op=Op.UPDATE,
        channel=channel,
        payload=payload,
        now=now,
        summary=summary,
        slot=slot,
    )


def superseded(*, session: Session, row: OutboxMessage) -> bool:
    """Whether a later version of this update's message (or Home tab) is recorded: sending it is pointless."""
    later = select(OutboxMessage.id).where(
        OutboxMessage.slot == row.slot,
        col(OutboxMessage.id) > (row.id or 0),
        OutboxMessage.op == row.op,
        OutboxMessage.state != State.FAILED,
    )
    return session.exec(later).first() is not None


def mark_sent(
    *,
    session: Session,
    row_id: int,
    channel: str | None,
    ts: str | None,
    now: datetime,
    kind: str | None = None,
) -> None:
    """Record a delivery and the Slack channel/ts it produced; the payload keeps only its kind."""
    session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == row_id)
        .values(
            payload={"kind": kind} if kind else {},
            scrubbed_at=now,
            state=State.SENT,
            slack_channel=channel,
            slack_ts=ts,
            sent_at=now,
            lease_until=None,
            last_error=None,
        )
    )


def mark_retry(
    *, session: Session, row_id: int, at: datetime, error: str, uncertain: bool, count_attempt: bool = True
) -> None:
    """Put a row back to pending, to be tried again at a given time."""
    values: dict[str, Any] = {
        "state": State.PENDING,
        "next_attempt_at": at,
        "lease_until": None,
        "last_error": error[:500],
    }
    if uncertain:
        values["uncertain"] = True
    if not count_attempt:
        values["attempts"] = col(OutboxMessage.attempts) - 1
    session.execute(update(OutboxMessage).where(col(OutboxMessage.id) == row_id).values(**values))


def mark_failed(*, session: Session, row_id: int, error: str) -> None:
    """Record a permanent delivery failure; it is never retried."""
    session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == row_id)
        .values(state=State.FAILED, last_error=error[:500], lease_until=None)
    )


def remember_channel(*, session: Session, row_id: int, channel: str) -> None:
    """Remember the DM channel opened for a user row, so a retry does not open it again."""
    session.execute(
        update(OutboxMessage).where(col(OutboxMessage.id) == row_id).values(slack_channel=channel)
    )


def failed_messages(*, session: Session, limit: int = 20) -> list[OutboxMessage]:
    """Messages the bot could not deliver, newest first."""
    return list(
        session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.state == State.FAILED)
            .order_by(col(OutboxMessage.id).desc())
            .limit(limit)
        )
    )


def pending_count(*, session: Session) -> int:
    """How many rows are still owed to Slack."""
    return session.exec(
        select(func.count())
        .select_from(OutboxMessage)
        .where(col(OutboxMessage.state).in_([State.PENDING, State.SENDING]))
    ).one()


def enqueue_many(
    *, session: Session, messages: list[dict[str, Any]], now: datetime, chunk: int = 1000
) -> None:
    """Record many messages owed to Slack in bulk (keys, op, channel, payload, summary[, thread_of, names]).

    One INSERT … ON CONFLICT (key) DO NOTHING per ``chunk`` rows; a key already there changes nothing.
    ``names``: the records a message lists, as (record type, ID) pairs (storage.outbox_mentions).
    """
    rows = [
        {
            **_new_row(
                key=m["key"],
                slot=m.get("slot") or m["key"],
                op=m["op"],
                channel=m["channel"],
                payload=m["payload"],
                now=now,
                summary=str(m.get("summary", "")),
            ),
            "thread_of": m.get("thread_of"),
        }
        for m in messages
    ]
    table = OutboxMessage.__table__  # type: ignore[attr-defined]
    stmt: Any = pg_insert(table) if session.get_bind().dialect.name == "postgresql" else sqlite_insert(table)
    stmt = stmt.on_conflict_do_nothing(index_elements=["key"])
    for start in range(0, len(rows), chunk):
        session.execute(stmt, rows[start : start + chunk])  # executemany: batched by the driver
    named = ((m["key"], kind, rid) for m in messages for kind, rid in m.get("names", ()))
    outbox_mentions.record(session=session, names=named)
