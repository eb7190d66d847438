"""Recording what the panel agreed for a context: level, focus, safety goals, actions with owners."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from bot.actions.home import queue_refresh
from bot.core.deps import Deps
from bot.core.errors import NotFound, NotPermitted
from bot.core.templating import render
from bot.domain import catalogue
from bot.domain.enums import ActionKind, ActionTarget
from bot.meetings import agenda as agenda_service
from handlers import blocks
from handlers.meetings.decision_form import DecisionForm
from handlers.meetings.ids import Button, ids_value
from storage import audit, outbox
from storage import decisions as repo
from storage import meetings as meeting_repo
from storage.actions import Action, ActionUpdate, create_actions
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


def record_decision(
    deps: Deps, *, user: str, view_id: str, meta: dict[str, Any], form: DecisionForm
) -> Recorded:
    """Store a decision (a new version if one exists), goals and actions; owe DMs, Homes, agenda update."""
    if not deps.is_coordinator(user):
        raise NotPermitted("Only the panel's coordinators can record decisions. Nothing was changed.")
    try:
        return _record(deps, user=user, view_id=view_id, meta=meta, form=form)
    except IntegrityError:
        with session_scope(deps.engine) as s:  # the same view submitted twice at once: one was stored
            found = repo.by_view_id(session=s, view_id=view_id)
            if found is None:
                raise
            return Recorded(found.id or 0, found.version, (), True)


def _record(deps: Deps, *, user: str, view_id: str, meta: dict[str, Any], form: DecisionForm) -> Recorded:
    now = deps.clock.now()
    context_id = int(meta.get("c") or 0)
    meeting_id = int(meta["m"]) if meta.get("m") else None
    with session_scope(deps.engine) as s:
        if meeting_id is not None:
            meeting = meeting_repo.lock(session=s, meeting_id=meeting_id)
            if meeting is None or meeting.state == "cancelled":
                meeting_id = None
        ctx = lock_context(session=s, context_id=context_id)  # one decision version at a time
        if ctx is None:
            raise NotFound("That context no longer exists.")
        found = repo.by_view_id(session=s, view_id=view_id)  # after the locks: a double submit waits here
        if found is not None:
            return Recorded(found.id or 0, found.version, (), True)
        previous = repo.latest(session=s, context_id=context_id)
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
            decided_by=user,
            decided_at=now,
            view_id=view_id,
        )
        s.add(decision)
        s.flush()
        retired = repo.retire_goals(session=s, context_id=context_id)
        positives = {ind.positive: ind.id for ind in catalogue.concerns() if ind.positive}
        for text in form.goals:
            s.add(
                SafetyGoal(
                    context_id=context_id,
                    decision_id=decision.id or 0,
                    text=text,
                    indicator_ids=[positives[text]] if text in positives else [],
                    created_at=now,
                )
            )
        actions = create_actions(
            session=s,
            context_id=context_id,
            decision_id=decision.id or 0,
            rows=form.actions,
            created_by=user,
            now=now,
        )
        s.execute(
            update(Context)
            .where(col(Context.id) == context_id)
            .values(
                level=form.level.value, focus=[f.value for f in form.focus], next_review_on=form.review_on
            )
        )
        s.execute(
            update(Context)
            .where(col(Context.id) == context_id, col(Context.first_discussed_at).is_(None))
            .values(first_discussed_at=now)
        )
        if meeting_id is not None:
            meeting_repo.mark_discussed(session=s, meeting_id=meeting_id, context_id=context_id)
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="decision.amended" if previous else "decision.recorded",
            record_type="decision",
            record_id=decision.id,
            ref=ctx.ref,
            detail={
                "version": decision.version,
                "level": decision.level,
                "focus": decision.focus,
                "goals": len(form.goals),
                "goals_retired": retired,
                "actions": len(actions),
                "meeting_id": meeting_id,
            },
        )
        for action in actions:
            audit.record(
                session=s,
                at=now,
                actor=user,
                action="action.assigned",
                record_type="action",
                record_id=action.id,
                ref=ctx.ref,
                detail={"owner": action.owner_id, "due_on": action.due_on.isoformat()},
            )
            outbox.enqueue(
                session=s,
                key=dm_key(action.id or 0),
                op=outbox.Op.DM,
                channel=action.owner_id,
                payload=action_dm(deps, action, ctx.ref, user),
                now=now,
                summary=f"action {action.id} assigned on {ctx.ref}",
            )
        note = render(
            deps.jinja,
            "decision_recorded.j2",
            version=decision.version,
            ref=ctx.ref,
            by=user,
            level=form.level.label,
            focus=[f.label for f in form.focus],
            goals=len(form.goals),
            actions=len(actions),
            review_on=form.review_on,
        )
        panel = deps.settings.panel_channel or ""
        parent = agenda_service.slot(meeting_id) if meeting_id is not None else None
        if parent is not None and outbox.find(session=s, key=parent) is None:
            parent = None
        outbox.enqueue(
            session=s,
            key=f"decision:{decision.id}:panel",
            op=outbox.Op.POST,
            channel=panel,
            payload={"text": note},
            now=now,
            thread_of=parent,
            summary=f"decision on {ctx.ref}",
        )
        if actions:
            queue_refresh(session=s, deps=deps, user_ids=[a.owner_id for a in actions], now=now)
        agenda_service.refresh_if_posted(s, deps, meeting_id, now)
        return Recorded(decision.id or 0, decision.version, tuple(a.id or 0 for a in actions), False)


def dm_key(action_id: int) -> str:
    """The outbox key (and slot) of the DM telling an owner about their new action."""
    return f"action:{action_id}:dm:assigned"


def action_dm(deps: Deps, action: Action, ref: str, by: str) -> dict[str, Any]:
    """The assignment DM: action, due date and context reference only; Accept / Not mine until answered."""
    text = render(
        deps.jinja,
        "decision_action_dm.j2",
        ref=ref,
        description=action.description,
        due_on=action.due_on,
        agency=action.owner_agency,
        kind=ActionKind(action.kind),
        target=ActionTarget(action.target),
        by=by,
        accepted_at=action.accepted_at,
        disowned_at=action.disowned_at,
    )
    body = [blocks.section(text, block_id=f"assigned-{action.id}")]
    if action.accepted_at is None and action.disowned_at is None:
        value = ids_value(a=action.id)
        body.append(
            blocks.actions(
                [
                    blocks.button("Accept", Button.ACCEPT_ACTION, value, style="primary"),
                    blocks.button("Not mine", Button.NOT_MINE, value),
                ],
                block_id=f"assigned-buttons-{action.id}",
            )
        )
    return blocks.message(f"New EFRP action on {ref}, due {action.due_on:%d %b %Y}", body)


def answer_assignment(deps: Deps, *, user: str, action_id: int, accept: bool) -> bool:
    """The owner accepts an action or says it is not theirs; False if already answered."""
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
        decider = action.created_by
        kind = "accepted" if accept else "not_mine"
        s.add(ActionUpdate(action_id=action_id, author=user, kind=kind, text="", created_at=now))
        audit.record(
            session=s,
            at=now,
            actor=user,
            action=f"action.{kind}",
            record_type="action",
            record_id=action_id,
            ref=ref,
        )
        outbox.put_message(
            session=s,
            slot=dm_key(action_id),
            op=outbox.Op.DM,
            channel=user,
            payload=action_dm(deps, action, ref, decider),
            now=now,
            summary=f"action {action_id} answered",
        )
        if not accept:
            text = render(
                deps.jinja,
                "decision_not_mine.j2",
                owner=user,
                ref=ref,
                description=action.description,
                due_on=action.due_on,
                coordinators=sorted(deps.settings.coordinators),
            )
            outbox.enqueue(
                session=s,
                key=f"action:{action_id}:panel:not_mine",
                op=outbox.Op.POST,
                channel=deps.settings.panel_channel or "",
                payload={"text": text},
                now=now,
                summary=f"action {action_id} disowned",
            )
        queue_refresh(session=s, deps=deps, user_ids=[user], now=now)
    return True
