"""Coordinators reassign an action (to a new owner, who is asked to accept it) or withdraw it, with a reason.

A disowned action ("Not mine") is put to the coordinators in the panel with Reassign and Withdraw; that
post shows what became of it. A disowned action does not count against an agency; a withdrawn one does
only when the coordinators say the agency did not deliver it (circumstances changed: it does not).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.actions import assigned, forms
from bot.actions.actions import changeable
from bot.actions.home import queue_refresh
from bot.core import keys
from bot.core.deps import Deps
from bot.core.errors import Conflict, InvalidInput
from bot.core.owed import owed
from bot.domain.enums import ActionState, WithdrawnBecause
from storage import actions as repo
from storage import audit, outbox
from storage.actions import Action, ActionBrief, ActionUpdate
from storage.db import session_scope

NEW_OWNER = forms.NEW_OWNER  # the reassign form's owner field, for its field error


def owe_not_mine(
    s: Session, deps: Deps, action: Action, ref: str, *, update_id: int, reason: str, now: datetime
) -> None:
    """Tell the panel an owner says the action is not theirs (and why), with Reassign and Withdraw."""
    outbox.put_message(
        session=s,
        slot=keys.action_not_mine_panel(action.id or 0, update_id),
        op=outbox.Op.POST,
        channel=outbox.PANEL,
        payload=owed(
            "meetings.not_mine",
            action_id=action.id or 0,
            owner=action.owner_id,
            ref=ref,
            description=action.description,
            due_on=action.due_on,
            reason=reason,
            coordinators=sorted(deps.coordinator_ids()),
        ),
        now=now,
        summary=f"action {action.id} disowned",
    )


def _settle_not_mine(s: Session, deps: Deps, found: ActionBrief, now: datetime, **outcome: Any) -> None:
    """The latest "not mine" post about this action, if any, shows what the coordinators did."""
    latest = s.exec(
        select(ActionUpdate)
        .where(ActionUpdate.action_id == found.id, ActionUpdate.kind == "not_mine")
        .order_by(col(ActionUpdate.id).desc())
    ).first()
    if latest is None or latest.id is None:
        return
    slot = keys.action_not_mine_panel(found.id, latest.id)
    if outbox.find(session=s, key=slot) is None:
        return  # disowned before this version: its post has no buttons to settle
    outbox.put_message(
        session=s,
        slot=slot,
        op=outbox.Op.POST,
        channel=outbox.PANEL,
        payload=owed(
            "meetings.not_mine",
            action_id=found.id,
            owner=latest.author,
            ref=found.ref,
            description=found.description,
            due_on=found.due_on,
            reason=latest.text,
            coordinators=sorted(deps.coordinator_ids()),
            **outcome,
        ),
        now=now,
        summary=f"action {found.id} {outcome.get('outcome', '')}",
    )


def _tell_owner(
    s: Session, found: ActionBrief, what: str, *, key: str, by: str, now: datetime, **facts: Any
) -> None:
    """Tell the owner (before the change) by DM that the action was `what` (reassigned, withdrawn)."""
    outbox.enqueue(
        session=s,
        key=key,
        op=outbox.Op.DM,
        channel=found.owner_id,
        payload=owed(
            f"actions.{what}_dm",
            ref=found.ref,
            description=found.description,
            due_on=found.due_on,
            by=by,
            **facts,
        ),
        now=now,
        summary=f"action {found.id} {what}",
    )


def _note(
    s: Session, action_id: int, user: str, kind: str, text: str, view_id: str, now: datetime
) -> int | None:
    """The change noted on the action's record; None if this form was stored before (a double submit)."""
    return repo.add_update(
        session=s, action_id=action_id, author=user, kind=kind, text=text, view_id=view_id, now=now
    )


def check_coordinator_may_change(deps: Deps, *, action_id: int, user: str) -> ActionBrief:
    """The action, if this person (a coordinator) may reassign or withdraw it now; raises if not."""
    with session_scope(deps.engine) as s:
        return changeable(deps, s, action_id, user, owner_may=False)


def reassign(deps: Deps, *, action_id: int, user: str, new_owner: str, agency: str, view_id: str) -> bool:
    """Give the action to a new owner (asked to accept it); both owners told by DM. False if stored before."""
    now = deps.clock.now()
    # Names are looked up before the write: the directory may store what it learns in its own session.
    before = check_coordinator_may_change(deps, action_id=action_id, user=user)
    names = deps.names([before.owner_id, new_owner])
    with session_scope(deps.engine) as s:
        found = changeable(deps, s, action_id, user, owner_may=False)
        action = s.get(Action, action_id)
        assert action is not None
        text = f"Reassigned from {names.get(found.owner_id, 'the previous owner')} to {names[new_owner]}"
        update_id = _note(s, action_id, user, "reassigned", text, view_id, now)
        if update_id is None:
            return False  # this form was stored before (a double click)
        if new_owner == found.owner_id and action.disowned_at is None:
            said = "That is who has it now: choose someone else."
            raise InvalidInput(said, {NEW_OWNER: said})  # the note above is rolled back with it
        from_agency = action.owner_agency
        s.execute(
            update(Action)
            .where(col(Action.id) == action_id)
            .values(owner_id=new_owner, owner_agency=agency, accepted_at=None, disowned_at=None)
        )
        s.refresh(action)
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="action.reassigned",
            record_type="action",
            record_id=action_id,
            ref=found.ref,
            detail={"from": found.owner_id, "to": new_owner, "agency": agency, "from_agency": from_agency},
        )
        slot = keys.action_reassigned_dm(action_id, update_id, "new")
        assigned.owe(s, actions=[action], slot=slot, by=user, now=now, reassigned_from=found.owner_id)
        old_dm = keys.action_reassigned_dm(action_id, update_id, "old")
        _tell_owner(s, found, "reassigned", key=old_dm, by=user, now=now, to=new_owner)
        _settle_not_mine(s, deps, found, now, outcome="reassigned", outcome_by=user, new_owner=new_owner)
        queue_refresh(
            session=s, deps=deps, user_ids=[found.owner_id, new_owner, *deps.coordinator_ids()], now=now
        )
    return True


def withdraw(
    deps: Deps, *, action_id: int, user: str, reason: str, because: WithdrawnBecause, view_id: str
) -> bool:
    """Withdraw the action, why (not delivered: against its agency) and a reason. False if stored before."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        if s.exec(select(ActionUpdate.id).where(ActionUpdate.view_id == view_id)).first() is not None:
            return False  # this form was stored before (a double click): the action is withdrawn already
        found = changeable(deps, s, action_id, user, owner_may=False)
        update_id = _note(s, action_id, user, "withdrawn", reason, view_id, now)
        if update_id is None:
            return False
        changed = s.execute(
            update(Action)
            .where(col(Action.id) == action_id, col(Action.state) == ActionState.OPEN)
            .values(state=ActionState.WITHDRAWN, withdrawn_at=now)
        )
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            raise Conflict(f"That action for {found.ref} is no longer open; nothing was changed.")
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="action.withdrawn",
            record_type="action",
            record_id=action_id,
            ref=found.ref,
            detail={"update_id": update_id, "because": because.value},
        )
        _tell_owner(
            s,
            found,
            "withdrawn",
            key=keys.action_withdrawn_dm(action_id),
            by=user,
            now=now,
            reason=reason,
            because=because.label,
        )
        _settle_not_mine(
            s,
            deps,
            found,
            now,
            outcome="withdrawn",
            outcome_by=user,
            outcome_reason=reason,
            because=because.label,
        )
        queue_refresh(session=s, deps=deps, user_ids=[found.owner_id, *deps.coordinator_ids()], now=now)
    return True
