"""Reading what a meeting's agenda is assembled from: two queries, whatever the number of open contexts.

The contexts that can be on the agenda are read whole; their open actions are only counted, in the
database (`ActionTally`), as the agenda's sections, order and minutes need; the few items shown in full then
read their overdue actions (`overdue_actions`)."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, Connection, Date, and_, case, func, or_, type_coerce
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from bot.domain.agenda import (
    ActionTally,
    Agenda,
    AgendaAction,
    AgendaContext,
    ContextId,
    assemble_from_tallies,
    local_date,
    resolve_tz,
)
from bot.domain.enums import ActionState, ContextKind, ContextState, Level
from storage.actions import Action
from storage.contexts import Context
from storage.meetings import AgendaItem as AgendaItemRow
from storage.referrals import Referral
from storage.types import UTCDateTime


def _qualifying(meeting_at: datetime, meeting_date: date, meeting_id: int | None) -> ColumnElement[bool]:
    """Open contexts accepted by the meeting that may be on its agenda (the domain decides which are)."""
    # One range scan of overdue open actions, rather than a look at every open context's actions.
    overdue = sa_select(col(Action.context_id)).where(
        col(Action.state) == ActionState.OPEN, col(Action.due_on) < meeting_date
    )
    may_qualify = [
        col(Context.first_discussed_at).is_(None),
        col(Context.next_review_on) <= meeting_date,
        col(Context.id).in_(overdue),
    ]
    if meeting_id is not None:
        # What this meeting's agenda already holds stays loaded: a decided item is shown after it qualifies.
        may_qualify.append(
            col(Context.id).in_(
                sa_select(col(AgendaItemRow.context_id)).where(col(AgendaItemRow.meeting_id) == meeting_id)
            )
        )
    return and_(
        col(Context.state) == ContextState.OPEN, col(Context.accepted_at) <= meeting_at, or_(*may_qualify)
    )


def load_inputs(
    session: Session, meeting_at: datetime, tz: tzinfo | str, meeting_id: int | None = None
) -> tuple[list[AgendaContext], list[ActionTally]]:
    """The contexts that may be on a meeting's agenda and their open actions counted, in two queries."""
    # Only contexts that can qualify for a section are read (never discussed, review due by the meeting's
    # local date, an open action due before it) plus those already on `meeting_id`'s agenda, so the cost
    # follows the size of the agenda rather than the number of open contexts.
    meeting_date = local_date(meeting_at, resolve_tz(tz))
    where = _qualifying(meeting_at, meeting_date, meeting_id)
    # Core rows, not ORM entities: this is the one read that grows with the size of the agenda.
    conn = session.connection()
    return _read_contexts(conn, where), _read_tallies(conn, where, meeting_date)


def _read_contexts(conn: Connection, where: ColumnElement[bool]) -> list[AgendaContext]:
    """The contexts that meet `where`, in one query."""
    # Days are counted from the first referral; a context made without one counts from its creation.
    referred_at = type_coerce(
        func.coalesce(
            sa_select(func.min(col(Referral.created_at)))
            .where(col(Referral.context_id) == col(Context.id))
            .scalar_subquery(),
            col(Context.created_at),
        ),
        UTCDateTime(),
    )
    ctx_rows: Iterable[Any] = conn.execute(
        sa_select(
            col(Context.id),
            col(Context.ref),
            col(Context.name),
            col(Context.kind),
            col(Context.level),
            col(Context.accepted_at),
            referred_at,
            col(Context.first_discussed_at),
            col(Context.last_review_at),
            col(Context.next_review_on),
        ).where(where)
    ).all()
    # Positional, in the fields' order: keyword arguments cost as much again as building the record.
    return [
        AgendaContext(
            cid, ref, name, _KINDS[kind], _LEVELS[level], accepted, referred, discussed, reviewed, due, True
        )
        for cid, ref, name, kind, level, accepted, referred, discussed, reviewed, due in ctx_rows
    ]


def _read_tallies(conn: Connection, where: ColumnElement[bool], meeting_date: date) -> list[ActionTally]:
    """The open actions of the contexts that meet `where`, counted per context as of the meeting's date."""
    overdue = col(Action.due_on) < meeting_date
    rows: Iterable[Any] = conn.execute(
        sa_select(
            col(Action.context_id),
            func.count(),
            func.sum(case((overdue, 1), else_=0)),
            type_coerce(func.min(case((overdue, col(Action.due_on)), else_=None)), Date()),
        )
        .where(
            col(Action.state) == ActionState.OPEN,
            col(Action.context_id).in_(sa_select(col(Context.id)).where(where)),
        )
        .group_by(col(Action.context_id))
    ).all()
    return [ActionTally(cid, meeting_date, total - late, late, oldest) for cid, total, late, oldest in rows]


def overdue_actions(
    session: Session, context_ids: Sequence[int], meeting_date: date
) -> dict[int, list[AgendaAction]]:
    """The open actions due before the meeting's date of these few contexts (the items shown in full),
    oldest first."""
    if not context_ids:
        return {}
    rows: Iterable[Any] = session.connection().execute(
        sa_select(
            col(Action.id),
            col(Action.context_id),
            col(Action.description),
            col(Action.owner_id),
            col(Action.due_on),
            col(Action.disowned_at).is_(None),
        )
        .where(
            col(Action.state) == ActionState.OPEN,
            col(Action.due_on) < meeting_date,
            col(Action.context_id).in_(context_ids),
        )
        .order_by(col(Action.due_on), col(Action.id))
    )
    found: dict[int, list[AgendaAction]] = {}
    for aid, cid, text, owner, due_on, owned in rows:
        # An action its owner said is not theirs has no owner until the coordinators reassign it.
        found.setdefault(cid, []).append(AgendaAction(aid, cid, text, owner if owned else "", due_on, _OPEN))
    return found


_OPEN = ActionState.OPEN
_KINDS = {k.value: k for k in ContextKind}
_LEVELS = {v.value: v for v in Level}


@contextmanager
def bulk_records() -> Iterator[None]:
    """Pause the cyclic garbage collector while thousands of acyclic records are built."""
    # Reading and assembling a large agenda allocates tens of thousands of small objects, which sets off
    # repeated full passes of the collector over the whole heap; nothing built here forms a cycle, so those
    # passes find nothing (Mercurial's `util.nogc` does the same). The collector is enabled again on
    # leaving, if it was on.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_agenda(
    session: Session, meeting_at: datetime, tz: tzinfo | str, meeting_id: int | None = None
) -> tuple[Agenda, list[AgendaContext], dict[ContextId, ActionTally]]:
    """The agenda as of a meeting's start, with the contexts and action tallies it was assembled from."""
    with bulk_records():
        contexts, tallies = load_inputs(session, meeting_at, tz, meeting_id)
        agenda = assemble_from_tallies(contexts, tallies, meeting_at, tz)
        return agenda, contexts, {t.context_id: t for t in tallies}


def build_agenda(session: Session, meeting_at: datetime, tz: tzinfo | str) -> Agenda:
    """The agenda as of a meeting's start (constant number of queries)."""
    return read_agenda(session, meeting_at, tz)[0]
