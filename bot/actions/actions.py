"""Owners deliver actions: mark done, post an update, ask for more time; coordinators approve or decline."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.core.deps import Deps
from bot.core.errors import Conflict, NotFound, NotPermitted
from bot.core.templating import render
from bot.domain.enums import ActionState, ContextState
from handlers import blocks
from handlers.actions.forms import ActionId
from storage import actions as repo
from storage import audit, outbox
from storage.actions import ActionBrief, ExtensionRequest
from storage.db import session_scope
from storage.referrals import Referral

# --- permission ---------------------------------------------------------------------------------


def _changeable(deps: Deps, session: Session, action_id: int, user: str) -> ActionBrief:
    """The action if this person may change it now; typed errors otherwise (nothing changes)."""
    found = repo.brief(session=session, action_id=action_id)
    if found is None:
        raise NotFound("I can't find that action any more. Nothing was changed.")
    if user != found.owner_id and not deps.is_coordinator(user):
        raise NotPermitted(
            "Only the action's owner or a coordinator can change this action. Nothing was changed."
        )
    if found.state != ActionState.OPEN:
        raise Conflict(f"That action for {found.ref} is already {found.state}; nothing was changed.")
    if found.context_state != ContextState.OPEN:
        raise Conflict(
            f"{found.ref} is {found.context_state.replace('_', ' ')}; its actions can no longer change."
        )
    return found


def check_can_change(deps: Deps, *, action_id: int, user: str) -> ActionBrief:
    """Whether this person may change the action (owner or coordinator, action open); raises if not."""
    with session_scope(deps.engine) as s:
        return _changeable(deps, s, action_id, user)


# --- services -----------------------------------------------------------------------------------


def panel_thread(*, session: Session, context_id: int) -> str | None:
    """The outbox key of the context's panel message (if it has one that was not lost), for thread replies."""
    referral_ids = session.exec(
        select(Referral.id).where(Referral.context_id == context_id).order_by(col(Referral.id))
    ).all()
    keys = [f"context:{context_id}:panel"] + [f"referral:{rid}:panel" for rid in referral_ids]
    rows = session.exec(
        select(outbox.OutboxMessage.key, outbox.OutboxMessage.state).where(
            col(outbox.OutboxMessage.key).in_(keys)
        )
    ).all()
    usable = {key for key, state in rows if state != outbox.State.FAILED}
    return next((k for k in keys if k in usable), None)


def _refresh(session: Session, deps: Deps, users: Iterable[str], now: datetime) -> None:
    from handlers.home.views import queue_refresh

    queue_refresh(session=session, deps=deps, user_ids=[*users, *deps.settings.coordinators], now=now)


def _panel(
    session: Session,
    deps: Deps,
    *,
    key: str,
    found: ActionBrief,
    text: str,
    now: datetime,
    extra: list[blocks.Block] | None = None,
    summary: str,
) -> None:
    if not deps.settings.panel_channel:
        return
    body = [*blocks.sections(text), *(extra or [])]
    outbox.put_message(
        session=session,
        slot=key,
        op=outbox.Op.POST,
        channel=deps.settings.panel_channel,
        payload=blocks.message(text, body),
        now=now,
        thread_of=panel_thread(session=session, context_id=found.context_id),
        summary=summary,
    )


def mark_done(deps: Deps, *, action_id: int, user: str, note: str, view_id: str) -> bool:
    """Close an action with what was delivered; False if it was already done (a double submission)."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        found = repo.brief(session=s, action_id=action_id)
        if (
            found is not None
            and found.state == ActionState.DONE
            and (user == found.owner_id or deps.is_coordinator(user))
        ):
            return False  # the second click of a double submission: already stored once
        found = _changeable(deps, s, action_id, user)
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
        text = render(
            deps.jinja,
            "action_done_panel.j2",
            ref=found.ref,
            author=user,
            description=found.description,
            note=note,
        )
        _panel(
            s,
            deps,
            key=f"action:{action_id}:panel:done",
            found=found,
            text=text,
            now=now,
            summary=f"action {action_id} done",
        )
        _refresh(s, deps, [found.owner_id, user], now)
    return True


def post_update(deps: Deps, *, action_id: int, user: str, text: str, view_id: str) -> bool:
    """Add an update to the record and post it to the panel; False if this view was stored before."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        found = _changeable(deps, s, action_id, user)
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
        body = render(
            deps.jinja,
            "action_update_panel.j2",
            ref=found.ref,
            author=user,
            description=found.description,
            due_on=found.due_on,
            text=text,
        )
        _panel(
            s,
            deps,
            key=f"action:{action_id}:update:{update_id}:panel",
            found=found,
            text=body,
            now=now,
            summary=f"update on action {action_id}",
        )
        _refresh(s, deps, [found.owner_id], now)
    return True


def _extension_payload(deps: Deps, found: ActionBrief, ext: ExtensionRequest) -> dict[str, Any]:
    text = render(
        deps.jinja,
        "action_extension_panel.j2",
        owner=ext.requested_by,
        ref=found.ref,
        description=found.description,
        due_on=found.due_on,
        proposed=ext.proposed_due_on,
        reason=ext.reason,
        state=ext.state,
        decided_by=ext.decided_by or "",
    )
    extra: list[blocks.Block] = []
    if ext.state == "pending":
        extra.append(
            blocks.actions(
                [
                    blocks.button("Approve", ActionId.APPROVE_EXTENSION, str(ext.id), style="primary"),
                    blocks.button("Decline", ActionId.DECLINE_EXTENSION, str(ext.id), style="danger"),
                ],
                block_id=f"extension-{ext.id}",
            )
        )
    return blocks.message(text, [*blocks.sections(text), *extra])


def request_extension(
    deps: Deps, *, action_id: int, user: str, proposed: date, reason: str, view_id: str
) -> bool:
    """Record a request for more time and ask the coordinators in the panel; False if stored before."""
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        found = _changeable(deps, s, action_id, user)
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
        if deps.settings.panel_channel:
            outbox.put_message(
                session=s,
                slot=f"extension:{ext_id}:panel",
                op=outbox.Op.POST,
                channel=deps.settings.panel_channel,
                payload=_extension_payload(deps, found, ext),
                now=now,
                thread_of=panel_thread(session=s, context_id=found.context_id),
                summary=f"extension request {ext_id}",
            )
    return True


def decide_extension(deps: Deps, *, extension_id: int, user: str, approve: bool) -> bool:
    """A coordinator approves (due date moves, schedule restarts) or declines; False if already decided."""
    if not deps.is_coordinator(user):
        raise NotPermitted(
            "Only the panel's coordinators can decide requests for more time. Nothing was changed."
        )
    now = deps.clock.now()
    with session_scope(deps.engine) as s:
        ext = s.get(ExtensionRequest, extension_id)
        if ext is None:
            raise NotFound("I can't find that request any more. Nothing was changed.")
        if not repo.decide_extension(session=s, extension_id=extension_id, approve=approve, by=user, now=now):
            return False
        s.refresh(ext)
        found = repo.brief(session=s, action_id=ext.action_id)
        assert found is not None
        old_due = found.due_on
        if approve and not repo.change_due(session=s, action_id=found.id, due_on=ext.proposed_due_on):
            raise Conflict(f"That action for {found.ref} is no longer open; its due date was not changed.")
        if approve:
            repo.add_update(
                session=s,
                action_id=found.id,
                author=user,
                kind="due_changed",
                text=f"Due date moved from {old_due.isoformat()} to {ext.proposed_due_on.isoformat()}",
                view_id=None,
                now=now,
            )
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
                "from": old_due.isoformat(),
                "proposed": ext.proposed_due_on.isoformat(),
            },
        )
        if deps.settings.panel_channel:
            outbox.put_message(
                session=s,
                slot=f"extension:{extension_id}:panel",
                op=outbox.Op.POST,
                channel=deps.settings.panel_channel,
                payload=_extension_payload(deps, found, ext),
                now=now,
                summary=f"extension request {extension_id}",
            )
        text = render(
            deps.jinja,
            "action_extension_decided_dm.j2",
            approved=approve,
            decided_by=user,
            ref=found.ref,
            description=found.description,
            due_on=ext.proposed_due_on if approve else old_due,
        )
        outbox.enqueue(
            session=s,
            key=f"extension:{extension_id}:dm:decided",
            op=outbox.Op.DM,
            channel=ext.requested_by,
            payload=blocks.message(text, blocks.sections(text)),
            now=now,
            summary=f"extension {extension_id} decision",
        )
        _refresh(s, deps, [found.owner_id, ext.requested_by], now)
    return True
