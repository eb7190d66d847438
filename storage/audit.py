"""The audit trail: append-only record of who did what to which record, and when, chained by hash.

Events are written when their transaction commits (``storage.audit_chain``), each linked to the one
before it; ``storage.audit_verify`` finds any row removed, altered or reordered since.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Field, Session, SQLModel, col, or_, select

from storage import audit_chain
from storage.types import json_field, utc_field

SYSTEM = "system"


class AuditEvent(SQLModel, table=True):
    """One thing someone (or the system) did; rows are never updated or deleted."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = utc_field(index=True)
    actor: str = Field(max_length=64)  # Slack user ID or "system"
    action: str = Field(max_length=64)  # e.g. referral.submitted, context.viewed
    record_type: str = Field(max_length=32)
    record_id: str = Field(max_length=64)
    ref: str | None = Field(default=None, max_length=32, index=True)
    detail: dict[str, Any] = json_field(default_factory=dict)
    seq: int | None = Field(default=None, unique=True, index=True)  # position in the chain, from 1
    prev_hash: str | None = Field(default=None, max_length=64)  # the previous event's row_hash
    row_hash: str | None = Field(default=None, max_length=64)  # SHA-256 of this event and prev_hash


def record(
    *,
    session: Session,
    at: datetime,
    actor: str,
    action: str,
    record_type: str,
    record_id: object,
    ref: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one audit event in the caller's transaction (written and chained when it commits)."""
    audit_chain.defer(
        session,
        {
            "at": at,
            "actor": actor,
            "action": action,
            "record_type": record_type,
            "record_id": str(record_id),
            "ref": ref,
            "detail": detail or {},
        },
    )


def pending(*, session: Session) -> list[AuditEvent]:
    """Events recorded in this transaction and not yet written (they are written when it commits)."""
    return [AuditEvent(**row) for row in session.info.get(audit_chain.PENDING, [])]


def list_events(
    *, session: Session, refs: Sequence[str] | None = None, limit: int = 10_000
) -> list[AuditEvent]:
    """Audit events in time order, optionally only those about some references."""
    stmt = select(AuditEvent)
    if refs:
        stmt = stmt.where(or_(*(col(AuditEvent.ref) == r for r in refs)))
    stmt = stmt.order_by(col(AuditEvent.at), col(AuditEvent.id)).limit(limit)
    return list(session.exec(stmt))


def latest_of(
    *, session: Session, ref: str, record_type: str, record_id: object, action: str
) -> AuditEvent | None:
    """The most recent event of one kind about one record (who last did it, and when), if any."""
    stmt = (
        select(AuditEvent)
        .where(
            col(AuditEvent.ref) == ref,  # indexed: the record's few events, not the whole trail
            col(AuditEvent.record_type) == record_type,
            col(AuditEvent.record_id) == str(record_id),
            col(AuditEvent.action) == action,
        )
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    )
    return session.exec(stmt).first()


def last_id(*, session: Session) -> int | None:
    """The ID of the newest event written (None when the trail is empty): a mark to look for events after."""
    return session.exec(select(AuditEvent.id).order_by(col(AuditEvent.id).desc()).limit(1)).first()


def first_since(
    *, session: Session, after_id: int | None, record_type: str, record_id: object, actions: Sequence[str]
) -> AuditEvent | None:
    """The first event of these kinds about one record written after the event `after_id`, if any."""
    stmt = select(AuditEvent).where(
        col(AuditEvent.id) > (after_id or 0),  # the primary key: only the events since, not the whole trail
        col(AuditEvent.record_type) == record_type,
        col(AuditEvent.record_id) == str(record_id),
        col(AuditEvent.action).in_(actions),
    )
    return session.exec(stmt.order_by(col(AuditEvent.id)).limit(1)).first()


def record_many(*, session: Session, events: list[dict[str, Any]], at: datetime) -> None:
    """Append many audit events (actor, action, record_type, record_id[, ref, detail]), chained at commit."""
    for e in events:
        audit_chain.defer(
            session,
            {
                "at": at,
                "actor": e["actor"],
                "action": e["action"],
                "record_type": e["record_type"],
                "record_id": str(e["record_id"]),
                "ref": e.get("ref"),
                "detail": e.get("detail") or {},
            },
        )


def viewed(
    *,
    session: Session,
    at: datetime,
    actor: str,
    record_type: str,
    record_id: object,
    ref: str | None,
    via: str,
) -> None:
    """Record that someone was shown a record (`<record_type>.viewed`), and on which surface."""
    record(
        session=session,
        at=at,
        actor=actor,
        action=f"{record_type}.viewed",
        record_type=record_type,
        record_id=record_id,
        ref=ref,
        detail={"via": via},
    )
