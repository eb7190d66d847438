"""Owners deliver actions: mark done, post an update, ask for more time; coordinators approve or decline."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.actions.home import queue_refresh
from bot.actions.unchanged import SINCE_OPENED, check_action_open, check_due_unchanged, not_pending
from bot.core import keys
from bot.core.deps import Deps
from bot.core.errors import Conflict, NotFound, NotPermitted
from bot.core.owed import owed
from bot.meetings import minutes
from storage import actions as repo
from storage import audit, outbox
from storage.actions import ActionBrief, ExtensionRequest
from storage.db import session_scope
from storage.referrals import Referral


def changeable(
    deps: Deps, session: Session, action_id: int, user: str, *, since: str = "", owner_may: bool = True
) -> ActionBrief:
    """The open action if this person (owner if `owner_may`, or coordinator) may change it; raises if not."""
    if not owner_may and not deps.is_coordinator(user):
        raise NotPermitted(
            "Only the panel's coordinators can reassign or withdraw actions. Nothing was changed."
        )
    found = repo.brief(session=session, action_id=action_id)
    if found is None:
        raise NotFound("I can't find that action any more. Nothing was changed.")
    if user != found.owner_id and not deps.is_coordinator(user):
        raise NotPermitted(
            "Only the action's owner or a coordinator can change this action. Nothing was changed."
        )
    check_action_open(deps, session, found, since=since)
    return found


def check_can_change(deps: Deps, *, action_id: int, user: str, submitted: bool = False) -> ActionBrief:
    """Whether this person may change the action (owner or coordinator, action open); raises if not.

    `submitted`: asked for a form being submitted, so a refusal says the change came after it was opened.
    """
    with session_scope(deps.engine) as s:
        return changeable(deps, s, action_id, user, since=SINCE_OPENED if submitted else "")


def panel_thread(*, session: Session, context_id: int) -> str | None:
    """The outbox key of the context's panel message (if it has one that was not lost), for thread replies."""
    referral_ids = session.exec(
        select(Referral.id).where(Referral.context_id == context_id).order_by(col(Referral.id))
    ).all()
    candidates = keys.context_threads(rid for rid in referral_ids if rid is not None)
    rows = session.exec(
        select(outbox.OutboxMessage.key, outbox.OutboxMessage.state).where(
            col(outbox.OutboxMessage.key).in_(candidates)
        )
    ).all()
    usable = {key for key, state in rows if state != outbox.State.FAILED}
    return next((k for k in candidates if k in usable), None)


def _refresh(session: Session, deps: Deps, users: Iterable[str], now: datetime) -> None:
    queue_refresh(session=session, deps=deps, user_ids=[*users, *deps.coordinator_ids()], now=now)


def _to_panel(
    session: Session,
    deps: Deps,
    *,
    slot: str,
    payload: dict[str, Any],
    now: datetime,
    summary: str,
    context_id: int | None,
) -> None:
    """Owe the panel a message (a reply in the context's thread when given one that can be had)."""
    if not deps.settings.panel_channel:
        return
    outbox.put_message(
        session=session,
        slot=slot,
        op=outbox.Op.POST,
        channel=outbox.PANEL,
        payload=payload,
        now=now,
        thread_of=None if context_id is None else panel_thread(session=session, context_id=context_id),
        summary=summary,
    )


def mark_done(deps: Deps, *, action_id: int, user: str, note: str, view_id: str) -> bool:
    """Close an action with what was delivered; False if it was already done (a double submission)."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        repo.lock_action(session=s, action_id=action_id)  # of two people marking it done, one is told
        if repo.has_update_from(session=s, view_id=view_id):
            return False  # the same form submitted twice: stored once already
        found = changeable(deps, s, action_id, user, since=SINCE_OPENED)
        if not repo.mark_done(session=s, action_id=action_id, by=user, note=note, view_id=view_id, now=now):
            return False
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="action.done",
            record_type="action",
            record_id=action_id,
            ref=found.ref,
            detail={"view_id": view_id},
        )
        payload = owed(
            "actions.done_panel", ref=found.ref, author=user, description=found.description, note=note
        )
        _to_panel(
            s,
            deps,
            slot=keys.action_panel(action_id, "done"),
            payload=payload,
            now=now,
            summary=f"action {action_id} done",
            context_id=found.context_id,
        )
        _refresh(s, deps, [found.owner_id, user], now)
    return True


def post_update(deps: Deps, *, action_id: int, user: str, text: str, view_id: str) -> bool:
    """Add an update to the record and post it to the panel; False if this view was stored before."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        repo.lock_action(session=s, action_id=action_id)
        if repo.has_update_from(session=s, view_id=view_id):
            return False  # the same form submitted twice: stored once already
        found = changeable(deps, s, action_id, user, since=SINCE_OPENED)
        update_id = repo.add_update(
            session=s, action_id=action_id, author=user, kind="progress", text=text, view_id=view_id, now=now
        )
        if update_id is None:
            return False
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="action.updated",
            record_type="action",
            record_id=action_id,
            ref=found.ref,
            detail={"update_id": update_id},
        )
        payload = owed(
            "actions.update_panel",
            ref=found.ref,
            author=user,
            description=found.description,
            due_on=found.due_on,
            text=text,
        )
        _to_panel(
            s,
            deps,
            slot=keys.action_update_panel(action_id, update_id),
            payload=payload,
            now=now,
            summary=f"update on action {action_id}",
            context_id=found.context_id,
        )
        _refresh(s, deps, [found.owner_id], now)
    return True


def _extension_owed(found: ActionBrief, ext: ExtensionRequest) -> dict[str, Any]:
    return owed(
        "actions.extension_panel",
        extension_id=ext.id,
        owner=ext.requested_by,
        ref=found.ref,
        description=found.description,
        due_on=found.due_on,
        proposed=ext.proposed_due_on,
        reason=ext.reason,
        state=ext.state,
        decided_by=ext.decided_by or "",
    )


def request_extension(
    deps: Deps,
    *,
    action_id: int,
    user: str,
    proposed: date,
    reason: str,
    view_id: str,
    opened_due: date | None = None,
) -> bool:
    """Record a request for more time and ask the coordinators in the panel; False if stored before.

    Refused (Conflict) when the due date moved after the form was opened (`opened_due`: it then).
    """
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        repo.lock_action(session=s, action_id=action_id)
        found = changeable(deps, s, action_id, user, since=SINCE_OPENED)
        check_due_unchanged(deps, s, found, opened_due)
        ext_id = repo.create_extension(
            session=s,
            action_id=action_id,
            by=user,
            proposed=proposed,
            reason=reason,
            view_id=view_id,
            now=now,
        )
        if ext_id is None:
            return False
        ext = s.get(ExtensionRequest, ext_id)
        assert ext is not None
        audit.record(
            session=s,
            at=now,
            actor=user,
            action="action.extension_requested",
            record_type="action",
            record_id=action_id,
            ref=found.ref,
            detail={"extension_id": ext_id, "proposed_due_on": proposed.isoformat()},
        )
        _to_panel(
            s,
            deps,
            slot=keys.extension_panel(ext_id),
            payload=_extension_owed(found, ext),
            now=now,
            summary=f"extension request {ext_id}",
            context_id=found.context_id,
        )
    return True


def decide_extension(deps: Deps, *, extension_id: int, user: str, approve: bool) -> None:
    """A coordinator approves (due date moves, schedule restarts) or declines; Conflict if already decided."""
    if not deps.is_coordinator(user):
        raise NotPermitted(
            "Only the panel's coordinators can decide requests for more time. Nothing was changed."
        )
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        ext = s.get(ExtensionRequest, extension_id)
        if ext is None:
            raise NotFound("I can't find that request any more. Nothing was changed.")
        repo.lock_action(session=s, action_id=ext.action_id)  # one due-date change of an action at a time
        found = repo.brief(session=s, action_id=ext.action_id)
        assert found is not None
        if not repo.decide_extension(session=s, extension_id=extension_id, approve=approve, by=user, now=now):
            s.refresh(ext)  # as the one who decided first left it
            raise not_pending(deps, ext, found.ref)
        s.refresh(ext)
        if approve:
            _move_due(s, found, ext, user, now)
        audit.record(
            session=s,
            at=now,
            actor=user,
            action=f"action.extension_{ext.state}",
            record_type="action",
            record_id=found.id,
            ref=found.ref,
            detail={
                "extension_id": extension_id,
                "from": found.due_on.isoformat(),
                "proposed": ext.proposed_due_on.isoformat(),
            },
        )
        _tell_decision(s, deps, found, ext, approve, now)
        if approve:  # the minutes of the meeting that agreed the action list the new date as an addendum
            minutes.note_change(s, deps, context_id=found.context_id, now=now)
        _refresh(s, deps, [found.owner_id, ext.requested_by], now)


def _move_due(s: Session, found: ActionBrief, ext: ExtensionRequest, user: str, now: datetime) -> None:
    """The approved date becomes the action's due date, noted on its record."""
    if not repo.change_due(session=s, action_id=found.id, due_on=ext.proposed_due_on):
        raise Conflict(f"That action for {found.ref} is no longer open; its due date was not changed.")
    repo.add_update(
        session=s,
        action_id=found.id,
        author=user,
        kind="due_changed",
        text=f"Due date moved from {found.due_on.isoformat()} to {ext.proposed_due_on.isoformat()}",
        view_id=None,
        now=now,
    )


def _tell_decision(
    s: Session, deps: Deps, found: ActionBrief, ext: ExtensionRequest, approve: bool, now: datetime
) -> None:
    """The request in the panel shows the decision; the owner is told in a DM."""
    assert ext.id is not None
    _to_panel(
        s,
        deps,
        slot=keys.extension_panel(ext.id),
        payload=_extension_owed(found, ext),
        now=now,
        summary=f"extension request {ext.id}",
        context_id=None,
    )
    outbox.enqueue(
        session=s,
        key=keys.extension_decided_dm(ext.id),
        op=outbox.Op.DM,
        channel=ext.requested_by,
        payload=owed(
            "actions.extension_decided_dm",
            approved=approve,
            decided_by=ext.decided_by or "",
            ref=found.ref,
            description=found.description,
            due_on=ext.proposed_due_on if approve else found.due_on,
        ),
        now=now,
        summary=f"extension {ext.id} decision",
    )
