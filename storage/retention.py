"""Purging what the retention schedule says has expired: finding it, deleting it, counting what went.

Every function runs in the caller's transaction and returns counts by record type (never content), so a
dry run is the same work rolled back. Messages the bot posted about a purged record are returned as
locations (channel, ts) for the caller to owe their deletion.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, text, update
from sqlmodel import Field, Session, SQLModel, col, select

from storage import outbox_mentions
from storage.actions import Action, ActionUpdate, ExtensionRequest, insert_ignore
from storage.contexts import Assessment, Context
from storage.decisions import Decision, SafetyGoal
from storage.goal_scores import GoalScore
from storage.meetings import AgendaItem
from storage.outbox_mentions import OutboxMention
from storage.outbox_model import Op, OutboxMessage, State
from storage.receipts import Receipt
from storage.referrals import InfoRequest, Referral
from storage.reminders import Reminder
from storage.reviews import Review
from storage.types import json_field, utc_field

CHUNK = 500  # IDs per IN list, LIKE patterns per OR
_LOCK_KEY = 7_301_113  # PostgreSQL advisory lock: one purge at a time across processes
POSTED = (Op.POST, Op.DM, Op.FILE)  # rows that put a message (or file) in Slack


class RetentionRun(SQLModel, table=True):
    """One purge (or dry run): claimed by its key, so a day's scheduled purge runs in one process once."""

    __tablename__ = "retention_run"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=80, unique=True)  # daily:2026-12-01, or cli:<as of>:<ran at>
    as_of: datetime = utc_field()
    ran_at: datetime = utc_field()
    actor: str = Field(max_length=64)
    dry_run: bool = False
    counts: dict[str, Any] = json_field(default_factory=dict)  # record type -> how many; no content


@dataclass(frozen=True)
class Posted:
    """Where the bot put a message (or file) about a purged record."""

    audience: str  # outbox channel: PANEL or a user ID
    channel: str | None
    ts: str  # message ts, or the file ID of an upload
    is_file: bool
    row_id: int


def serialise(session: Session) -> None:
    """Wait for any other purge to finish first (SQLite already runs one writer at a time)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})


def claim_run(*, session: Session, run: RetentionRun) -> bool:
    """Record a run under its key; False if that key already ran (another process, an earlier tick)."""
    table = RetentionRun.__table__  # type: ignore[attr-defined]
    values = {
        "key": run.key,
        "as_of": run.as_of,
        "ran_at": run.ran_at,
        "actor": run.actor,
        "dry_run": run.dry_run,
        "counts": {},
    }
    return insert_ignore(session, table, values, ["key"], returning=[table.c.id]).first() is not None


def set_counts(*, session: Session, key: str, counts: dict[str, Any]) -> None:
    """Store what a run removed (counts only)."""
    session.execute(update(RetentionRun).where(col(RetentionRun.key) == key).values(counts=counts))


# --- what has expired ------------------------------------------------------------------------------


def expired_declined(*, session: Session, before: datetime, held: set[str]) -> list[int]:
    """Declined referrals declined at or before a moment, not on hold."""
    rows = session.execute(
        select(col(Referral.id), col(Referral.ref)).where(
            col(Referral.status) == "declined", col(Referral.screened_at) <= before
        )
    )
    return [int(r[0]) for r in rows if r[1] not in held]


def expired_contexts(*, session: Session, before: datetime, held: set[str]) -> list[int]:
    """Contexts closed (or stepped down) at or before a moment, not on hold, nor any of their referrals."""
    stepped = (
        select(func.max(Review.decided_at))
        .where(col(Review.context_id) == col(Context.id), col(Review.decision) == "step_down")
        .scalar_subquery()
    )
    rows = session.execute(
        select(col(Context.id), col(Context.ref)).where(
            or_(
                (col(Context.state) == "closed") & (col(Context.closed_at) <= before),
                (col(Context.state) == "stepped_down") & (stepped <= before),
            )
        )
    )
    found = {int(r[0]): r[1] for r in rows}
    if held and found:
        for cid, ref in _ids_and(session, Referral.context_id, Referral.ref, list(found)):
            if ref in held:
                found.pop(cid, None)
    return sorted(cid for cid, ref in found.items() if ref not in held)


def _ids_and(session: Session, column: Any, other: Any, ids: Sequence[int]) -> list[tuple[int, Any]]:
    out: list[tuple[int, Any]] = []
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(select(column, other).where(col(column).in_(ids[start : start + CHUNK])))
        out.extend((int(r[0]), r[1]) for r in rows)
    return out


def people_of(*, session: Session, context_ids: Sequence[int], referral_ids: Sequence[int]) -> set[str]:
    """Who may see these records on their Home: their actions' owners and their referrals' referrers."""
    cids, rids = sorted(set(context_ids)), sorted(set(referral_ids))
    return (
        _values(session, Action.owner_id, Action.context_id, cids)
        | _values(session, Referral.referrer_id, Referral.context_id, cids)
        | _values(session, Referral.referrer_id, Referral.id, rids)
    )


def _values(session: Session, column: Any, key: Any, ids: Sequence[int]) -> set[str]:
    """The distinct ``column`` of the rows whose ``key`` is one of ``ids``."""
    out: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(select(column).where(col(key).in_(ids[start : start + CHUNK])).distinct())
        out.update(str(v) for v in rows.scalars() if v)
    return out


def _pick(session: Session, id_column: Any, column: Any, ids: Sequence[int]) -> list[int]:
    """IDs of the rows whose ``column`` is one of ``ids``."""
    out: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        out.update(int(i) for i in session.execute(select(id_column).where(col(column).in_(chunk))).scalars())
    return sorted(out)


def _delete_in(session: Session, column: Any, ids: Iterable[Any]) -> int:
    values = sorted(set(ids))
    removed = 0
    for start in range(0, len(values), CHUNK):
        result = session.execute(delete(column.class_).where(col(column).in_(values[start : start + CHUNK])))
        removed += int(result.rowcount or 0)  # type: ignore[attr-defined]
    return removed


# --- purging ---------------------------------------------------------------------------------------


@dataclass
class Purged:
    """What one purge removed: counts by record type, and the Slack messages now owed a deletion."""

    counts: Counter[str]
    posted: list[Posted]


def purge_referrals(*, session: Session, referral_ids: Sequence[int]) -> Purged:
    """Delete declined referrals with their questions, snapshots and messages."""
    ids = sorted(set(referral_ids))
    counts: Counter[str] = Counter()
    info_ids = _pick(session, InfoRequest.id, InfoRequest.referral_id, ids)
    prefixes = [f"referral:{i}:" for i in ids] + [f"info:{i}:" for i in info_ids]
    listings = outbox_mentions.keys_naming(session=session, record_type=outbox_mentions.REFERRAL, ids=ids)
    posted = _purge_messages(session, prefixes, counts, listings)
    counts["info_request"] += _delete_in(session, InfoRequest.id, info_ids)
    counts["assessment"] += _delete_in(session, Assessment.referral_id, ids)
    counts["referral"] += _delete_in(session, Referral.id, ids)
    return Purged(counts, posted)


def purge_contexts(*, session: Session, context_ids: Sequence[int]) -> Purged:
    """Delete contexts with everything hanging off them (referrals, decisions, actions, reviews, …)."""
    cids = sorted(set(context_ids))
    counts: Counter[str] = Counter()
    rids = _pick(session, Referral.id, Referral.context_id, cids)
    aids = _pick(session, Action.id, Action.context_id, cids)
    meetings = _pick(session, AgendaItem.meeting_id, AgendaItem.context_id, cids)
    prefixes = (
        [f"referral:{i}:" for i in rids]
        + [f"info:{i}:" for i in _pick(session, InfoRequest.id, InfoRequest.referral_id, rids)]
        + [f"decision:{i}:" for i in _pick(session, Decision.id, Decision.context_id, cids)]
        + [f"action:{i}:" for i in aids]
        + [f"reminder:action:{i}:" for i in aids]
        + [f"extension:{i}:" for i in _pick(session, ExtensionRequest.id, ExtensionRequest.action_id, aids)]
        + [f"review:{i}:" for i in _pick(session, Review.id, Review.context_id, cids)]
        + [f"context:{i}:" for i in cids]
        + [f"reminder:review:{i}:" for i in cids]
        # The agenda and minutes of a meeting that discussed it name it: they leave Slack too.
        + [f"meeting:{i}:" for i in meetings]
    )
    # Digests and listings that named any of them (with other records, perhaps) leave Slack too.
    listings = outbox_mentions.keys_naming(session=session, record_type=outbox_mentions.CONTEXT, ids=cids)
    listings |= outbox_mentions.keys_naming(session=session, record_type=outbox_mentions.REFERRAL, ids=rids)
    posted = _purge_messages(session, prefixes, counts, listings)
    subjects = [f"action:{i}" for i in aids] + [f"review:{i}" for i in cids]
    counts["reminder"] += _delete_in(session, Reminder.subject, subjects)
    counts["action_update"] += _delete_in(session, ActionUpdate.action_id, aids)
    counts["extension_request"] += _delete_in(session, ExtensionRequest.action_id, aids)
    counts["action"] += _delete_in(session, Action.id, aids)
    counts["goal_score"] += _delete_in(session, GoalScore.context_id, cids)
    counts["safety_goal"] += _delete_in(session, SafetyGoal.context_id, cids)
    counts["review"] += _delete_in(session, Review.context_id, cids)
    counts["assessment"] += _delete_in(session, Assessment.context_id, cids)
    counts["assessment"] += _delete_in(session, Assessment.referral_id, rids)
    counts["decision"] += _delete_in(session, Decision.context_id, cids)
    counts["agenda_item"] += _delete_in(session, AgendaItem.context_id, cids)
    counts["info_request"] += _delete_in(session, InfoRequest.referral_id, rids)
    counts["referral"] += _delete_in(session, Referral.id, rids)
    counts["context"] += _delete_in(session, Context.id, cids)
    return Purged(counts, posted)


def _purge_messages(
    session: Session, prefixes: Sequence[str], counts: Counter[str], keys: Iterable[str] = ()
) -> list[Posted]:
    """Delete the outbox rows under some key prefixes, and those with these keys; return where the posted
    ones are in Slack."""
    found: dict[int, OutboxMessage] = {}
    exact = sorted(set(keys))
    for start in range(0, len(prefixes), CHUNK):
        like = [col(OutboxMessage.key).like(p + "%") for p in prefixes[start : start + CHUNK]]
        found.update((row.id or 0, row) for row in session.exec(select(OutboxMessage).where(or_(*like))))
    for start in range(0, len(exact), CHUNK):
        named = col(OutboxMessage.key).in_(exact[start : start + CHUNK])
        found.update((row.id or 0, row) for row in session.exec(select(OutboxMessage).where(named)))
    posted = [
        Posted(row.channel, row.slack_channel, row.slack_ts, row.op == Op.FILE, row_id)
        for row_id, row in sorted(found.items())
        if row.state == State.SENT and row.op in POSTED and row.slack_ts
    ]
    gone = [row.key for row in found.values()]
    counts["outbox_mention"] += _delete_in(session, OutboxMention.message_key, gone)
    counts["outbox_message"] += _delete_in(session, OutboxMessage.id, list(found))
    return posted


def purge_outbox(*, session: Session, before: datetime, now: datetime) -> Counter[str]:
    """Old deliveries: delete what locates nothing (Home tabs, done deletions), scrub payloads still held.

    Sent posts, DMs and files stay (their payloads were scrubbed when sent): they locate the Slack
    message that is deleted when its record is purged, and that a later change updates in place.
    """
    counts: Counter[str] = Counter()
    finished = col(OutboxMessage.state).in_([State.SENT, State.FAILED])
    old = col(OutboxMessage.created_at) <= before
    result = session.execute(
        delete(OutboxMessage).where(
            old, col(OutboxMessage.op).in_([Op.HOME, Op.DELETE]), col(OutboxMessage.state) == State.SENT
        )
    )
    counts["outbox_message"] += int(result.rowcount or 0)  # type: ignore[attr-defined]
    rows = session.execute(
        select(col(OutboxMessage.id), col(OutboxMessage.payload)).where(
            finished, old, col(OutboxMessage.scrubbed_at).is_(None)
        )
    ).all()
    for row_id, payload in rows:
        kind = (payload or {}).get("kind") if isinstance(payload, dict) else None
        session.execute(
            update(OutboxMessage)
            .where(col(OutboxMessage.id) == row_id)
            .values(payload={"kind": kind} if kind else {}, scrubbed_at=now)
        )
    counts["outbox_payload_scrubbed"] += len(rows)
    return counts


def purge_reminders(*, session: Session, before: datetime) -> int:
    """Delete reminder claims older than the period (their day is long past: nothing can repeat them)."""
    result = session.execute(delete(Reminder).where(col(Reminder.claimed_at) <= before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def purge_receipts(*, session: Session, before: datetime) -> int:
    """Delete receipts of Slack requests older than the period (Slack retries within minutes)."""
    result = session.execute(delete(Receipt).where(col(Receipt.at) <= before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
