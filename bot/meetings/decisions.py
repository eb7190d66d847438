"""Recording what the panel agreed for a context: level, focus, safety goals, actions with owners."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from bot.actions import assigned, reassign
from bot.actions.actions import panel_thread
from bot.actions.home import queue_refresh
from bot.core import keys
from bot.core.deps import Deps
from bot.core.errors import Conflict, NotFound, NotPermitted
from bot.core.owed import owed
from bot.meetings import agenda as agenda_service
from bot.meetings import minutes as minutes_service
from bot.meetings.forms import DecisionForm
from bot.meetings.unchanged import OpenedOn, check_unchanged
from bot.referrals import loop as referrers
from bot.reviews import scales
from storage import audit, goal_scores, outbox
from storage import decisions as repo
from storage import meetings as meeting_repo
from storage.actions import Action, ActionBrief, ActionUpdate, brief, create_actions
from storage.contexts import Context, lock_context
from storage.db import session_scope
from storage.decisions import Decision, SafetyGoal


@dataclass(frozen=True)
class Recorded:
    """What recording a decision stored (or found stored, after a double submission)."""

    decision_id: int
    version: int
    action_ids: tuple[int, ...]
    duplicate: bool


@dataclass(frozen=True)
class _Recording:
    """One decision being recorded: who, when, on what, from which form."""

    deps: Deps
    user: str
    now: datetime
    view_id: str
    form: DecisionForm
    opened_on: OpenedOn | None


def record_decision(
    deps: Deps,
    *,
    user: str,
    view_id: str,
    context_id: int,
    meeting_id: int | None,
    form: DecisionForm,
    opened_on: OpenedOn | None = None,
) -> Recorded:
    """Store a decision (a new version if one exists), goals and actions; owe DMs, Homes, agenda update.

    Refused (Conflict) when the context has ended, or, given what the form was opened on, when another
    decision was recorded meanwhile.
    """
    if not deps.is_coordinator(user):
        raise NotPermitted("Only the panel's coordinators can record decisions. Nothing was changed.")
    rec = _Recording(deps, user, deps.clock.now(), view_id, form, opened_on)
    try:
        return _record(rec, context_id, meeting_id)
    except IntegrityError:
        with session_scope(deps.engine) as s:  # the same view submitted twice at once: one was stored
            found = repo.by_view_id(session=s, view_id=view_id)
            if found is None:
                raise
            return Recorded(found.id or 0, found.version, (), True)


def _record(rec: _Recording, context_id: int, meeting_id: int | None) -> Recorded:
    with session_scope(rec.deps.engine) as s:
        if meeting_id is not None:
            meeting = meeting_repo.lock(session=s, meeting_id=meeting_id)
            if meeting is None or meeting.state == "cancelled":
                meeting_id = None
        ctx = lock_context(session=s, context_id=context_id)  # one decision version at a time
        if ctx is None:
            raise NotFound("That context no longer exists.")
        found = repo.by_view_id(session=s, view_id=rec.view_id)  # after the locks: a double submit waits here
        if found is not None:
            return Recorded(found.id or 0, found.version, (), True)
        previous = repo.latest(session=s, context_id=context_id)
        check_unchanged(rec.deps, s, ctx, previous, rec.opened_on)
        decision = _store_decision(s, rec, context_id, meeting_id, previous)
        retired = repo.retire_goals(session=s, context_id=context_id)
        _store_goals(s, rec, decision, ctx.ref)
        actions = create_actions(
            session=s,
            context_id=context_id,
            decision_id=decision.id or 0,
            rows=rec.form.actions,
            created_by=rec.user,
            now=rec.now,
        )
        _update_context(s, rec, context_id)
        if meeting_id is not None:
            meeting_repo.mark_discussed(session=s, meeting_id=meeting_id, context_id=context_id)
        _audit_decision(
            s, rec, decision, ctx.ref, amended=previous is not None, retired=retired, actions=actions
        )
        _owe_assignments(s, rec, actions, ctx.ref)
        _owe_panel_note(s, rec, decision, ctx.ref, actions=len(actions))
        referrers.decided(session=s, deps=rec.deps, context=ctx, decision=decision, now=rec.now)
        if actions:
            queue_refresh(session=s, deps=rec.deps, user_ids=[a.owner_id for a in actions], now=rec.now)
        agenda_service.refresh_if_posted(s, rec.deps, meeting_id, rec.now)
        if previous is not None:  # an earlier meeting's fixed minutes list the amendment as an addendum
            minutes_service.note_change(s, rec.deps, context_id=context_id, now=rec.now)
        return Recorded(decision.id or 0, decision.version, tuple(a.id or 0 for a in actions), False)


def _store_decision(
    s: Session, rec: _Recording, context_id: int, meeting_id: int | None, previous: Decision | None
) -> Decision:
    form = rec.form
    decision = Decision(
        context_id=context_id,
        meeting_id=meeting_id,
        version=(previous.version + 1) if previous else 1,
        supersedes_id=previous.id if previous else None,
        level=form.level.value,
        focus=[f.value for f in form.focus],
        partners=list(form.partners),
        partners_note=form.partners_note,
        next_review_on=form.review_on,
        decided_by=rec.user,
        decided_at=rec.now,
        view_id=rec.view_id,
    )
    s.add(decision)
    s.flush()
    return decision


def _store_goals(s: Session, rec: _Recording, decision: Decision, ref: str) -> None:
    """The goals, and where each stands now (the baseline of its scales)."""
    positives = {ind.positive: ind.id for ind in rec.deps.framework.concerns() if ind.positive}
    goals = [
        SafetyGoal(
            context_id=decision.context_id,
            decision_id=decision.id or 0,
            text=text,
            indicator_ids=[positives[text]] if text in positives else [],
            created_at=rec.now,
        )
        for text in rec.form.goals
    ]
    s.add_all(goals)
    s.flush()
    scales.record(
        s,
        context_id=decision.context_id,
        ref=ref,
        occasion=goal_scores.DECISION,
        occasion_id=decision.id or 0,
        scores={g.id or 0: rec.form.scales.get(g.text, {}) for g in goals},
        user=rec.user,
        now=rec.now,
    )


def _update_context(s: Session, rec: _Recording, context_id: int) -> None:
    form = rec.form
    s.execute(
        update(Context)
        .where(col(Context.id) == context_id)
        .values(level=form.level.value, focus=[f.value for f in form.focus], next_review_on=form.review_on)
    )
    s.execute(
        update(Context)
        .where(col(Context.id) == context_id, col(Context.first_discussed_at).is_(None))
        .values(first_discussed_at=rec.now)
    )


def _audit_decision(
    s: Session,
    rec: _Recording,
    decision: Decision,
    ref: str,
    *,
    amended: bool,
    retired: int,
    actions: Sequence[Action],
) -> None:
    audit.record(
        session=s,
        at=rec.now,
        actor=rec.user,
        action="decision.amended" if amended else "decision.recorded",
        record_type="decision",
        record_id=decision.id,
        ref=ref,
        detail={
            "version": decision.version,
            "level": decision.level,
            "focus": decision.focus,
            "goals": len(rec.form.goals),
            "goals_retired": retired,
            "goals_kept_as_written": rec.form.goals_kept_as_written,
            "actions": len(actions),
            "meeting_id": decision.meeting_id,
        },
    )


def _owe_assignments(s: Session, rec: _Recording, actions: Sequence[Action], ref: str) -> None:
    """Audit each assignment; each owner gets one DM with every action this decision gave them."""
    by_owner: dict[str, list[Action]] = {}
    for action in actions:
        audit.record(
            session=s,
            at=rec.now,
            actor=rec.user,
            action="action.assigned",
            record_type="action",
            record_id=action.id,
            ref=ref,
            detail={"owner": action.owner_id, "due_on": action.due_on.isoformat()},
        )
        by_owner.setdefault(action.owner_id, []).append(action)
    for owner, theirs in by_owner.items():
        slot = keys.decision_actions_dm(theirs[0].decision_id or 0, owner)
        assigned.owe(s, actions=theirs, slot=slot, by=rec.user, now=rec.now)


def _owe_panel_note(s: Session, rec: _Recording, decision: Decision, ref: str, *, actions: int) -> None:
    form = rec.form
    parent = keys.meeting_agenda(decision.meeting_id) if decision.meeting_id is not None else None
    if parent is not None and outbox.find(session=s, key=parent) is None:
        parent = None
    if parent is None:  # recorded outside a meeting (e.g. from the Home tab): in the referral's thread
        parent = panel_thread(session=s, context_id=decision.context_id)
    outbox.enqueue(
        session=s,
        key=keys.decision_panel(decision.id or 0),
        op=outbox.Op.POST,
        channel=outbox.PANEL,
        payload=owed(
            "meetings.decision",
            version=decision.version,
            ref=ref,
            by=rec.user,
            level=form.level,
            focus=list(form.focus),
            goals=len(form.goals),
            actions=actions,
            review_on=form.review_on,
        ),
        now=rec.now,
        thread_of=parent,
        summary=f"decision on {ref}",
    )


def check_can_answer(deps: Deps, *, user: str, action_id: int) -> ActionBrief:
    """The action, if this person (its owner) may still answer it; raises otherwise (nothing changes)."""
    with session_scope(deps.engine) as s:
        found = brief(session=s, action_id=action_id)
        action = s.get(Action, action_id)
    if found is None or action is None:
        raise NotFound("That action no longer exists.")
    if action.owner_id != user:
        raise NotPermitted("Only the action's owner can answer this. Nothing was changed.")
    if action.accepted_at is not None or action.disowned_at is not None or found.state != "open":
        raise Conflict(f"That action for {found.ref} was already answered; nothing was changed.")
    return found


def answer_assignment(
    deps: Deps, *, user: str, action_id: int, accept: bool, reason: str = "", view_id: str | None = None
) -> bool:
    """The owner accepts an action or says it is not theirs (and why); False if already answered."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        action = s.get(Action, action_id)
        if action is None:
            raise NotFound("That action no longer exists.")
        if action.owner_id != user:
            raise NotPermitted("Only the action's owner can answer this. Nothing was changed.")
        stamp = {"accepted_at": now} if accept else {"disowned_at": now}
        result = s.execute(
            update(Action)
            .where(
                col(Action.id) == action_id,
                col(Action.accepted_at).is_(None),
                col(Action.disowned_at).is_(None),
            )
            .values(**stamp)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return False
        s.refresh(action)
        ctx = s.get(Context, action.context_id)
        ref = ctx.ref if ctx else ""
        kind = "accepted" if accept else "not_mine"
        note = ActionUpdate(
            action_id=action_id, author=user, kind=kind, text=reason, created_at=now, view_id=view_id
        )
        s.add(note)
        s.flush()
        audit.record(
            session=s,
            at=now,
            actor=user,
            action=f"action.{kind}",
            record_type="action",
            record_id=action_id,
            ref=ref,
        )
        assigned.refresh(s, action, ref, now)
        if not accept:
            reassign.owe_not_mine(s, deps, action, ref, update_id=note.id or 0, reason=reason, now=now)
        queue_refresh(session=s, deps=deps, user_ids=[user], now=now)
    return True
