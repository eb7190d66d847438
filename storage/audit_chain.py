"""The audit trail's hash chain: each event stores its own hash and the hash of the event before it.

Events are linked when their transaction commits (a ``before_commit`` session hook), never earlier, so
the chain head is held only for the last instant of a unit of work and is always the last lock a
transaction takes (no lock-order deadlock with the meeting, context or outbox rows it locked first).
On PostgreSQL a transaction-scoped advisory lock serialises writers on the head, whichever process they
run in; on SQLite every write transaction is ``BEGIN IMMEDIATE`` and already the only writer. A unique
position (``seq``) means the database itself refuses a fork should the lock ever be bypassed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, insert, select, text
from sqlmodel import Session

GENESIS = "0" * 64  # the "previous hash" of the first event
CHAIN_VERSION = "efrp-audit-1"
PENDING = "efrp_audit_pending"
# pg_advisory_xact_lock key: "EFRP" "AUDT" as two 32-bit halves, unlikely to meet anyone else's key.
ADVISORY_KEY = 0x45465250_41554454 & 0x7FFFFFFF_FFFFFFFF


def canonical_detail(detail: dict[str, Any] | None) -> dict[str, Any]:
    """The detail as the database gives it back (JSON round trip), so its hash is stable."""
    return json.loads(json.dumps(detail or {})) if detail else {}


def _utc_text(at: datetime) -> str:
    stamp = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return stamp.isoformat(timespec="microseconds")


def content_hash(row: dict[str, Any], *, seq: int, prev_hash: str) -> str:
    """SHA-256 of an event's canonical content, its position and the previous event's hash."""
    body = [
        CHAIN_VERSION,
        seq,
        prev_hash,
        _utc_text(row["at"]),
        row["actor"],
        row["action"],
        row["record_type"],
        str(row["record_id"]),
        row.get("ref"),
        canonical_detail(row.get("detail")),
    ]
    encoded = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def defer(session: Session, row: dict[str, Any]) -> None:
    """Queue one event's columns to be chained and inserted when the session commits."""
    session.info.setdefault(PENDING, []).append(row)


@dataclass(frozen=True)
class Head:
    """The latest event of the chain: its position and hash (position 0 and GENESIS when empty)."""

    seq: int
    hash: str
    at: datetime | None = None


def read_head(session: Session) -> Head:
    """The chain head as stored now."""
    from storage.audit import AuditEvent

    table = AuditEvent.__table__  # type: ignore[attr-defined]
    row = session.execute(
        select(table.c.seq, table.c.row_hash, table.c.at)
        .where(table.c.seq.is_not(None))
        .order_by(table.c.seq.desc())
        .limit(1)
    ).first()
    if row is None:
        return Head(0, GENESIS)
    return Head(int(row[0]), str(row[1]), row[2])


def _lock_head(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_KEY})


@event.listens_for(Session, "before_commit")
def _chain_pending(session: Session) -> None:
    # The last thing a unit of work does: take the head, link what it recorded, insert it.
    rows = session.info.pop(PENDING, None)
    if not rows:
        return
    from storage.audit import AuditEvent

    _lock_head(session)
    head = read_head(session)
    seq, prev = head.seq, head.hash
    for row in rows:
        seq += 1
        row["detail"] = canonical_detail(row.get("detail"))
        row.update(seq=seq, prev_hash=prev, row_hash=content_hash(row, seq=seq, prev_hash=prev))
        prev = row["row_hash"]
    table = AuditEvent.__table__  # type: ignore[attr-defined]
    for start in range(0, len(rows), 2000):
        session.execute(insert(table), rows[start : start + 2000])  # executemany: batched by the driver


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(PENDING, None)


def iter_chain(session: Session, *, batch: int = 2000) -> Iterator[Any]:
    """Every chained event in position order, in batches (a long trail never sits in memory whole)."""
    from storage.audit import AuditEvent

    table = AuditEvent.__table__  # type: ignore[attr-defined]
    after = 0
    while True:
        rows = session.execute(
            select(table).where(table.c.seq > after).order_by(table.c.seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        after = int(rows[-1].seq)


def unchained_ids(session: Session, *, limit: int = 100) -> list[int]:
    """Rows with no position in the chain: written around the bot."""
    from storage.audit import AuditEvent

    table = AuditEvent.__table__  # type: ignore[attr-defined]
    stmt = select(table.c.id).where(table.c.seq.is_(None)).order_by(table.c.id).limit(limit)
    return [int(i) for i in session.execute(stmt).scalars()]
