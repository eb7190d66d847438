"""The DM asking an owner to accept their actions: one per owner per decision (or per reassignment).

Each action remembers the DM that carries its Accept / Not mine (`Action.assigned_dm`); answering one
action brings that whole DM up to date. Actions stored before this kept one DM each
(`keys.action_assigned_dm`), still answered in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.core import keys
from bot.core.owed import owed
from storage import outbox
from storage.actions import Action
from storage.contexts import Context


def _item(action: Action) -> dict[str, Any]:
    return {
        "action_id": action.id or 0,
        "description": action.description,
        "due_on": action.due_on,
        "agency": action.owner_agency,
        "action_kind": action.kind,
        "target": action.target,
        "accepted_at": action.accepted_at,
        "disowned_at": action.disowned_at,
        "state": action.state,
    }


def single(action: Action, ref: str, by: str) -> dict[str, Any]:
    """The first version's one-action DM (its own slot), for actions stored before `assigned_dm`."""
    return owed(
        "meetings.action_assigned_dm",
        action_id=action.id or 0,
        ref=ref,
        description=action.description,
        due_on=action.due_on,
        agency=action.owner_agency,
        action_kind=action.kind,
        target=action.target,
        by=by,
        accepted_at=action.accepted_at,
        disowned_at=action.disowned_at,
    )


def payload(
    session: Session, slot: str, *, near: Action, by: str, reassigned_from: str | None = None
) -> dict[str, Any]:
    """What the DM in this slot shows now: every action it carries (`near`, one of them; refs, due dates)."""
    # A DM carries one owner's share of a decision, or one reassigned action: read that decision's actions
    # (through its index) or that action, not every action, to find the ones it carries.
    same = Action.decision_id == near.decision_id if near.decision_id is not None else Action.id == near.id
    carried = select(Action).where(same, Action.assigned_dm == slot)
    actions = list(session.exec(carried.order_by(col(Action.id))))
    ref = ""
    if actions:
        ctx = session.get(Context, actions[0].context_id)
        ref = ctx.ref if ctx else ""
    return owed(
        "actions.assigned_dm",
        ref=ref,
        by=by,
        reassigned_from=reassigned_from or "",
        items=[_item(a) for a in actions],
    )


def owe(
    session: Session,
    *,
    actions: Sequence[Action],
    slot: str,
    by: str,
    now: datetime,
    reassigned_from: str | None = None,
) -> None:
    """Point these actions (one owner's) at one DM, and owe that DM; called in the change's transaction."""
    for action in actions:
        action.assigned_dm = slot
        session.add(action)
    session.flush()
    outbox.put_message(
        session=session,
        slot=slot,
        op=outbox.Op.DM,
        channel=actions[0].owner_id,
        payload=payload(session, slot, near=actions[0], by=by, reassigned_from=reassigned_from),
        now=now,
        summary=f"{len(actions)} action(s) for the owner to accept",
    )


def refresh(session: Session, action: Action, ref: str, now: datetime) -> None:
    """Bring the DM carrying this action's Accept / Not mine up to date (after an answer)."""
    if action.assigned_dm is None:
        slot, body = keys.action_assigned_dm(action.id or 0), single(action, ref, action.created_by)
    else:
        slot = action.assigned_dm
        first = outbox.find(session=session, key=slot)
        facts = (first.payload or {}).get("data", {}) if first is not None else {}
        body = payload(
            session,
            slot,
            near=action,
            by=str(facts.get("by") or action.created_by),
            reassigned_from=facts.get("reassigned_from"),
        )
    outbox.put_message(
        session=session,
        slot=slot,
        op=outbox.Op.DM,
        channel=action.owner_id,
        payload=body,
        now=now,
        summary=f"action {action.id} answered",
    )
