"""Closing a meeting and its minutes: attendance, each decision with goals and actions, items not reached."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.core import keys
from bot.core.deps import Deps
from bot.core.errors import InvalidInput, NotFound, NotPermitted
from bot.core.owed import owed
from bot.domain.enums import ActionKind, ActionTarget, Focus, Level
from bot.meetings import agenda as agenda_service
from bot.meetings import schedule as meeting_service
from bot.meetings.minutes_model import (
    Addendum,
    Minutes,
    MinutesAction,
    MinutesDecision,
    NotReached,
    addenda_of,
    from_snapshot,
    snapshot,
)
from storage import audit, outbox
from storage import decisions as decision_repo
from storage import meetings as repo
from storage.actions import Action
from storage.contexts import Context
from storage.db import session_scope
from storage.decisions import Decision, SafetyGoal
from storage.meetings import Meeting

__all__ = [
    "Addendum",
    "Minutes",
    "MinutesAction",
    "MinutesDecision",
    "NotReached",
    "close_meeting",
    "load_minutes",
    "minutes_owed",
    "note_change",
]


def load_minutes(session: Session, meeting_id: int) -> Minutes:
    """A meeting's minutes: as fixed when it closed, later changes as addenda; else as they stand now."""
    meeting = repo.get(session=session, meeting_id=meeting_id)
    if meeting is None:
        raise NotFound(f"There is no meeting {meeting_id}.")
    if meeting.minutes is not None:
        fixed = from_snapshot(meeting, meeting.minutes)
        return dataclasses.replace(fixed, addenda=addenda_of(session, fixed))
    return _live_minutes(session, meeting)


def _live_minutes(session: Session, meeting: Meeting) -> Minutes:
    """The minutes from the record as it stands (a fixed number of queries)."""
    meeting_id = meeting.id or 0
    versions = decision_repo.of_meeting(session=session, meeting_id=meeting_id)
    latest = {d.context_id: d for d in versions}
    items = repo.items_of(session=session, meeting_id=meeting_id)
    context_ids = set(latest) | {i.context_id for i in items}
    contexts = {c.id: c for c in session.exec(select(Context).where(col(Context.id).in_(context_ids)))}
    goals = decision_repo.goals_of(session=session, decision_ids=[d.id or 0 for d in latest.values()])
    by_context = _actions_by_context(session, versions)
    decided = [
        _minutes_decision(d, contexts.get(cid), cid, goals, by_context.get(cid, []))
        for cid, d in latest.items()
    ]
    order = {i.context_id: i.position for i in items}
    decided.sort(key=lambda m: (order.get(_cid(contexts, m.ref), 10_000), m.ref))
    not_reached = tuple(
        NotReached(contexts[i.context_id].ref, contexts[i.context_id].name, i.section)
        for i in items
        if not i.discussed and i.context_id not in latest and i.context_id in contexts
    )
    return Minutes(
        meeting,
        tuple(a.user_id for a in repo.attendance_of(session=session, meeting_id=meeting_id)),
        tuple(decided),
        not_reached,
        chair=meeting.chair_id,
        apologies=tuple(
            a.user_id
            for a in repo.attendance_of(session=session, meeting_id=meeting_id, status=repo.APOLOGIES)
        ),
        guests=tuple((g.name, g.role) for g in repo.guests_of(session=session, meeting_id=meeting_id)),
        action_ids=tuple(a.id or 0 for acts in by_context.values() for a in acts),
    )


def _actions_by_context(session: Session, versions: list[Decision]) -> dict[int, list[Action]]:
    """The actions of the decisions taken at a meeting, by context, in the order they were made."""
    if not versions:
        return {}
    actions = session.exec(
        select(Action).where(col(Action.decision_id).in_([d.id for d in versions])).order_by(col(Action.id))
    )
    out: dict[int, list[Action]] = {}
    for a in actions:
        out.setdefault(a.context_id, []).append(a)
    return out


def _minutes_decision(
    d: Decision, ctx: Context | None, cid: int, goals: Sequence[SafetyGoal], actions: list[Action]
) -> MinutesDecision:
    return MinutesDecision(
        ref=ctx.ref if ctx else str(cid),
        name=ctx.name if ctx else "",
        version=d.version,
        level=Level(d.level),
        focus=tuple(Focus(f) for f in d.focus),
        partners=tuple(d.partners),
        partners_note=d.partners_note,
        review_on=d.next_review_on,
        decided_by=d.decided_by,
        decided_at=d.decided_at,
        goals=tuple(g.text for g in goals if g.decision_id == d.id),
        actions=tuple(
            MinutesAction(
                a.description,
                a.owner_id,
                a.owner_agency,
                a.due_on,
                ActionKind(a.kind).label,
                ActionTarget(a.target).label,
            )
            for a in actions
        ),
    )


def _cid(contexts: dict[Any, Context], ref: str) -> int:
    for cid, c in contexts.items():
        if c.ref == ref:
            return int(cid)
    return -1


def minutes_owed(deps: Deps, minutes: Minutes) -> dict[str, Any]:
    """The minutes the panel is owed: attendance, each decision, the items not reached, later addenda."""
    m = minutes.meeting
    return owed(
        "meetings.minutes",
        meeting_id=m.id or 0,
        starts_at=m.starts_at.astimezone(deps.settings.tz),
        location=m.location,
        closed_by=m.closed_by,
        closed_at=m.closed_at,
        present=list(minutes.present),
        chair=minutes.chair,
        apologies=list(minutes.apologies),
        guests=[list(g) for g in minutes.guests],
        decided=[asdict(d) for d in minutes.decided],
        not_reached=[asdict(n) for n in minutes.not_reached],
        addenda=[asdict(a) for a in minutes.addenda],
    )


def close_meeting(deps: Deps, *, user: str, meeting_id: int | None = None) -> Minutes:
    """Close a meeting (coordinators): whoever closes it was there; the minutes are fixed and posted."""
    if user != "cli" and not deps.is_coordinator(user):
        raise NotPermitted("Only the panel's coordinators can close meetings. Nothing was changed.")
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        if meeting_id is None:
            found = meeting_service.current_meeting(s, deps)
            if found is None:
                raise NotFound("There is no scheduled meeting to close.")
            meeting_id = found.id or 0
        meeting = repo.lock(session=s, meeting_id=meeting_id)
        if meeting is None:
            raise NotFound(f"There is no meeting {meeting_id}.")
        if not repo.close(session=s, meeting_id=meeting_id, by=user, now=now):
            raise InvalidInput(f"Meeting {meeting_id} is already {meeting.state}; nothing was changed.")
        if user != "cli":
            repo.mark_present(session=s, meeting_id=meeting_id, user_id=user, now=now)
        s.refresh(meeting)
        minutes = _live_minutes(s, meeting)
        repo.fix_minutes(session=s, meeting_id=meeting_id, minutes=snapshot(minutes))
        _put_minutes(s, deps, minutes, now)
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="meeting.closed",
            record_type="meeting",
            record_id=meeting_id,
            detail={
                "decided": len(minutes.decided),
                "not_reached": len(minutes.not_reached),
                "present": len(minutes.present),
            },
        )
        agenda_service.refresh_if_posted(s, deps, meeting_id, now)
    return minutes


def _put_minutes(s: Session, deps: Deps, minutes: Minutes, now: datetime) -> None:
    meeting_id = minutes.meeting.id or 0
    outbox.put_message(
        session=s,
        slot=keys.meeting_minutes(meeting_id),
        op=outbox.Op.POST,
        channel=outbox.PANEL,
        payload=minutes_owed(deps, minutes),
        now=now,
        summary=f"minutes of meeting {meeting_id}",
    )


def note_change(session: Session, deps: Deps, *, context_id: int, now: datetime) -> None:
    """After a change to what a closed meeting agreed on a context: its posted minutes show the addendum."""
    held_at = {d.meeting_id for d in decision_repo.history(session=session, context_id=context_id)}
    for meeting_id in sorted(m for m in held_at if m is not None):
        meeting = repo.get(session=session, meeting_id=meeting_id)
        if meeting is None or meeting.minutes is None:
            continue
        _put_minutes(session, deps, load_minutes(session, meeting_id), now)
