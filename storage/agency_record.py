"""Reads for each agency's own record: actions agreed in a period, and reassignments away from an agency."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from storage.actions import Action
from storage.audit import AuditEvent


def actions_agreed(
    *, session: Session, start: datetime, end: datetime, agencies: Sequence[str] | None = None
) -> list[tuple[str, date, str, datetime | None, bool, bool]]:
    """(agency, due date, state, done at, disowned, withdrawn as not delivered) of every action agreed from
    `start` to before `end` (only those of `agencies`, as stored, when given)."""
    query = select(
        col(Action.id),
        col(Action.owner_agency),
        col(Action.due_on),
        col(Action.state),
        col(Action.done_at),
        col(Action.disowned_at),
    ).where(col(Action.created_at) >= start, col(Action.created_at) < end)
    if agencies is not None:
        query = query.where(col(Action.owner_agency).in_(agencies))
    rows = session.execute(query).all()
    missed = _not_delivered(session=session, ids=[r[0] for r in rows if r[3] == "withdrawn"])
    return [(str(r[1] or ""), r[2], str(r[3]), r[4], r[5] is not None, r[0] in missed) for r in rows]


def _not_delivered(*, session: Session, ids: list[int]) -> set[int]:
    """Of these withdrawn actions, those the coordinators withdrew as not delivered by the agency."""
    if not ids:
        return set()
    events = session.execute(
        select(col(AuditEvent.record_id), col(AuditEvent.detail)).where(
            col(AuditEvent.action) == "action.withdrawn",
            col(AuditEvent.record_type) == "action",
            col(AuditEvent.record_id).in_([str(i) for i in ids]),
        )
    ).all()
    return {int(e[0]) for e in events if (e[1] or {}).get("because") == "not_delivered"}


def reassigned_from(*, session: Session, start: datetime, end: datetime) -> list[str]:
    """The agency each action was reassigned away from in the period (one entry per reassignment)."""
    details = session.execute(
        select(col(AuditEvent.detail)).where(
            col(AuditEvent.action) == "action.reassigned",
            col(AuditEvent.at) >= start,
            col(AuditEvent.at) < end,
        )
    ).scalars()
    out = []
    for d in details:
        old, new = str((d or {}).get("from_agency", "")), str((d or {}).get("agency", ""))
        if old and old != new:
            out.append(old)
    return out


def agency_of_owner(*, session: Session, owner_id: str) -> str | None:
    """The agency of the newest action this person owns (the agency they act for), if they own any."""
    row = session.execute(
        select(col(Action.owner_agency))
        .where(col(Action.owner_id) == owner_id, col(Action.owner_agency) != "")
        .order_by(col(Action.created_at).desc(), col(Action.id).desc())
        .limit(1)
    ).first()
    return None if row is None else str(row[0])


def stored_agencies(*, session: Session) -> list[str]:
    """Every agency name actions are stored under (a short list: the council's, and any typed as Other)."""
    return [str(name) for name in session.execute(select(col(Action.owner_agency)).distinct()).scalars()]
