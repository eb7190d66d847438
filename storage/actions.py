"""Actions agreed by the panel, their updates and requests for more time."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Index, Text, case, func, literal, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Column, Field, Session, SQLModel, col, select

from bot.domain.enums import ActionState, ContextState
from storage.contexts import Context
from storage.types import utc_field

CHUNK = 5000  # IDs per IN list / rows per bulk statement: inside SQLite's and PostgreSQL's parameter limits


class Action(SQLModel, table=True):
    """Something a partner agreed to do for a context, by a date."""

    __tablename__ = "action"
    # Open actions by context (the agenda's read) and by due date (overdue ones, the reminder sweep).
    __table_args__ = (
        Index("ix_action_state_context_id", "state", "context_id"),
        Index("ix_action_state_due_on", "state", "due_on", "context_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    context_id: int = Field(foreign_key="context.id", index=True)
    decision_id: int | None = Field(default=None, foreign_key="decision.id", index=True)
    description: str = Field(sa_column=Column(Text, nullable=False))
    owner_id: str = Field(max_length=32, index=True)
    owner_agency: str = Field(default="", max_length=120)
    due_on: date = Field(sa_column=Column(Date, nullable=False, index=True))
    kind: str = Field(max_length=16)  # builds_safety / disrupts
    target: str = Field(max_length=16)  # context / individuals
    state: str = Field(default="open", max_length=16)
    created_by: str = Field(max_length=32)
    created_at: datetime = utc_field()
    accepted_at: datetime | None = utc_field(nullable=True)
    disowned_at: datetime | None = utc_field(nullable=True)
    done_at: datetime | None = utc_field(nullable=True)
    done_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    withdrawn_at: datetime | None = utc_field(nullable=True)
    # The outbox slot of the DM that carries this action's Accept / Not mine (None: the first version's
    # one DM per action, keys.action_assigned_dm).
    assigned_dm: str | None = Field(default=None, max_length=200)


class ActionUpdate(SQLModel, table=True):
    """A note on an action's record: progress, done, due date changed, accepted, not mine…"""

    __tablename__ = "action_update"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    author: str = Field(max_length=32)
    kind: str = Field(max_length=32)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = utc_field()
    view_id: str | None = Field(default=None, max_length=64, unique=True)


class ExtensionRequest(SQLModel, table=True):
    """An owner's request for more time, and the coordinator's answer."""

    __tablename__ = "extension_request"

    id: int | None = Field(default=None, primary_key=True)
    action_id: int = Field(foreign_key="action.id", index=True)
    requested_by: str = Field(max_length=32)
    proposed_due_on: date = Field(sa_column=Column(Date, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    state: str = Field(default="pending", max_length=16)
    decided_by: str | None = Field(default=None, max_length=32)
    decided_at: datetime | None = utc_field(nullable=True)
    created_at: datetime = utc_field()
    view_id: str = Field(max_length=64, unique=True)


# --- repository functions -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActionBrief:
    """An action with its context reference: what a reminder, a panel note or the App Home shows."""

    id: int
    context_id: int
    ref: str
    description: str
    owner_id: str
    owner_agency: str
    due_on: date
    state: str
    context_state: str


def _brief_columns() -> tuple[Any, ...]:
    return (
        col(Action.id),
        col(Action.context_id),
        col(Context.ref),
        col(Action.description),
        col(Action.owner_id),
        col(Action.owner_agency),
        col(Action.due_on),
        col(Action.state),
        col(Context.state),
    )


def _briefs(rows: Iterable[Any]) -> list[ActionBrief]:
    return [ActionBrief(*row) for row in rows]


def insert_ignore(
    session: Session,
    table: Any,
    values: dict[str, Any] | list[dict[str, Any]],
    conflict: list[str],
    returning: Any = None,
) -> Any:
    """INSERT … ON CONFLICT DO NOTHING (optionally RETURNING), on SQLite or PostgreSQL."""
    dialect = session.get_bind().dialect.name
    stmt: Any = pg_insert(table) if dialect == "postgresql" else sqlite_insert(table)
    stmt = stmt.values(values).on_conflict_do_nothing(index_elements=conflict)
    if returning is not None:
        stmt = stmt.returning(*returning)
    return session.execute(stmt)


def open_for_sweep(*, session: Session) -> list[tuple[int, date]]:
    """(id, due_on) of every open action of an open context that its owner has not disowned, in one query.

    An action its owner said is not theirs has already been put to the coordinators to reassign; reminding
    that person again would be nagging the wrong one.
    """
    rows = session.execute(
        select(col(Action.id), col(Action.due_on))
        .join(Context, col(Context.id) == col(Action.context_id))
        .where(
            col(Action.state) == ActionState.OPEN,
            col(Context.state) == ContextState.OPEN,
            col(Action.disowned_at).is_(None),
        )
    )
    return [(int(r[0]), r[1]) for r in rows]


def briefs(*, session: Session, ids: Sequence[int]) -> dict[int, ActionBrief]:
    """The actions with these IDs, with their context reference (one query per 5,000 IDs)."""
    found: dict[int, ActionBrief] = {}
    unique = sorted(set(ids))
    for start in range(0, len(unique), CHUNK):
        rows = session.execute(
            select(*_brief_columns())
            .join(Context, col(Context.id) == col(Action.context_id))
            .where(col(Action.id).in_(unique[start : start + CHUNK]))
        )
        found.update((b.id, b) for b in _briefs(rows))
    return found


def brief(*, session: Session, action_id: int) -> ActionBrief | None:
    """One action with its context reference, or None."""
    return briefs(session=session, ids=[action_id]).get(action_id)


def open_for_owner(*, session: Session, owner_id: str) -> list[ActionBrief]:
    """A person's open actions in open contexts (not those they said are not theirs), earliest due first."""
    rows = session.execute(
        select(*_brief_columns())
        .join(Context, col(Context.id) == col(Action.context_id))
        .where(
            col(Action.owner_id) == owner_id,
            col(Action.state) == ActionState.OPEN,
            col(Context.state) == ContextState.OPEN,
            col(Action.disowned_at).is_(None),
        )
        .order_by(col(Action.due_on), col(Action.id))
    )
    return _briefs(rows)


AWAITING_OWNER = "Awaiting a new owner"
"""Where a disowned action is counted: not against the agency of the owner who said it is not theirs."""


def counted_agency() -> Any:
    """SQL: the agency an action counts against (`AWAITING_OWNER` for one its owner disowned)."""
    disowned = col(Action.disowned_at).is_(None)
    return case((disowned, col(Action.owner_agency)), else_=literal(AWAITING_OWNER))


def overdue_by_agency(*, session: Session, today: date) -> list[tuple[str, int]]:
    """How many open actions of open contexts are overdue, per agency (disowned ones apart), most first."""
    count = func.count(col(Action.id))
    agency = counted_agency()
    rows = session.execute(
        select(agency, count)
        .join(Context, col(Context.id) == col(Action.context_id))
        .where(
            col(Action.state) == ActionState.OPEN,
            col(Context.state) == ContextState.OPEN,
            col(Action.due_on) < today,
        )
        .group_by(agency)
        .order_by(count.desc(), agency)
    )
    return [(str(r[0] or "no agency"), int(r[1])) for r in rows]


def mark_done(
    *, session: Session, action_id: int, by: str, note: str, view_id: str | None, now: datetime
) -> bool:
    """Close an open action with a note; False if it was not open (a double submission changes nothing)."""
    result = session.execute(
        update(Action)
        .where(col(Action.id) == action_id, col(Action.state) == ActionState.OPEN)
        .values(state=ActionState.DONE, done_at=now, done_note=note)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    add_update(
        session=session, action_id=action_id, author=by, kind="done", text=note, view_id=view_id, now=now
    )
    return True


def add_update(
    *, session: Session, action_id: int, author: str, kind: str, text: str, view_id: str | None, now: datetime
) -> int | None:
    """Add a note to an action's record; None if this view was already stored."""
    row = insert_ignore(
        session,
        ActionUpdate.__table__,  # type: ignore[attr-defined]
        {
            "action_id": action_id,
            "author": author,
            "kind": kind,
            "text": text,
            "created_at": now,
            "view_id": view_id,
        },
        ["view_id"],
        returning=[ActionUpdate.__table__.c.id],  # type: ignore[attr-defined]
    ).first()
    return None if row is None else int(row[0])


def change_due(*, session: Session, action_id: int, due_on: date) -> bool:
    """Move an open action's due date (its reminder schedule restarts); False if not open."""
    result = session.execute(
        update(Action)
        .where(col(Action.id) == action_id, col(Action.state) == ActionState.OPEN)
        .values(due_on=due_on)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def create_extension(
    *, session: Session, action_id: int, by: str, proposed: date, reason: str, view_id: str, now: datetime
) -> int | None:
    """Record a request for more time; None if this view was already stored."""
    row = insert_ignore(
        session,
        ExtensionRequest.__table__,  # type: ignore[attr-defined]
        {
            "action_id": action_id,
            "requested_by": by,
            "proposed_due_on": proposed,
            "reason": reason,
            "state": "pending",
            "created_at": now,
            "view_id": view_id,
        },
        ["view_id"],
        returning=[ExtensionRequest.__table__.c.id],  # type: ignore[attr-defined]
    ).first()
    return None if row is None else int(row[0])


def decide_extension(*, session: Session, extension_id: int, approve: bool, by: str, now: datetime) -> bool:
    """Approve or decline a pending request; False if someone already decided it."""
    result = session.execute(
        update(ExtensionRequest)
        .where(col(ExtensionRequest.id) == extension_id, col(ExtensionRequest.state) == "pending")
        .values(state="approved" if approve else "declined", decided_by=by, decided_at=now)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def updates_of(*, session: Session, action_id: int) -> list[ActionUpdate]:
    """An action's notes, oldest first."""
    return list(
        session.exec(
            select(ActionUpdate).where(ActionUpdate.action_id == action_id).order_by(col(ActionUpdate.id))
        )
    )


def lock_action(*, session: Session, action_id: int) -> None:
    """Lock an action's row until the transaction ends: one change of an action at a time."""
    session.execute(select(col(Action.id)).where(col(Action.id) == action_id).with_for_update())


def has_update_from(*, session: Session, view_id: str) -> bool:
    """Whether a note from this submitted form is stored already (the same form submitted twice)."""
    stmt = select(col(ActionUpdate.id)).where(col(ActionUpdate.view_id) == view_id)
    return session.execute(stmt).first() is not None


def latest_update(*, session: Session, action_id: int, kind: str) -> ActionUpdate | None:
    """An action's most recent note of one kind (who marked it done, who moved its due date…), if any."""
    stmt = (
        select(ActionUpdate)
        .where(ActionUpdate.action_id == action_id, ActionUpdate.kind == kind)
        .order_by(col(ActionUpdate.id).desc())
    )
    return session.exec(stmt).first()


# --- created by panel decisions (owned by the meetings stage) ------------------------------------


@dataclass(frozen=True, slots=True)
class NewAction:
    """One action row of a decision, as the panel agreed it."""

    description: str
    owner_id: str
    owner_agency: str
    due_on: date
    kind: str
    target: str


def create_actions(
    *,
    session: Session,
    context_id: int,
    decision_id: int,
    rows: Sequence[NewAction],
    created_by: str,
    now: datetime,
) -> list[Action]:
    """Insert a decision's actions (open, unaccepted) and return them with their IDs."""
    created = [
        Action(
            context_id=context_id,
            decision_id=decision_id,
            description=r.description,
            owner_id=r.owner_id,
            owner_agency=r.owner_agency,
            due_on=r.due_on,
            kind=r.kind,
            target=r.target,
            state=ActionState.OPEN,
            created_by=created_by,
            created_at=now,
        )
        for r in rows
    ]
    session.add_all(created)
    session.flush()
    return created


# --- agencies --------------------------------------------------------------------------------------


def agency_spellings(*, session: Session) -> list[str]:
    """Every distinct owner agency stored (a handful: organisations, not people)."""
    return [str(r[0]) for r in session.execute(select(col(Action.owner_agency)).distinct())]


def rename_agency(*, session: Session, spelling: str, to: str) -> list[int]:
    """Store `to` as the agency of every action stored under `spelling`; the IDs of the actions changed."""
    rows = session.execute(
        update(Action)
        .where(col(Action.owner_agency) == spelling)
        .values(owner_agency=to)
        .returning(col(Action.id))
    )
    return [int(r[0]) for r in rows]
