"""An action form or button used after the action changed writes nothing: it says what changed, who and when.

The writers lock the action's row first (`storage.actions.lock_action`), so of two people acting at once
the second sees what the first did and is told so by name.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from bot.core.changed import at, by_at, name, refusal
from bot.core.deps import Deps
from bot.core.errors import Conflict
from bot.domain.enums import ActionState, ContextState
from bot.reviews.unchanged import check_open
from storage import actions as repo
from storage.actions import ActionBrief, ExtensionRequest
from storage.contexts import Context

__all__ = ["SINCE_OPENED", "check_action_open", "check_due_unchanged", "not_pending"]

SINCE_OPENED = " after you opened this form"
_DONE_AS = {ActionState.DONE.value: "marked done", ActionState.WITHDRAWN.value: "withdrawn"}


def check_action_open(deps: Deps, session: Session, found: ActionBrief, *, since: str = "") -> None:
    """Refuse (Conflict) when the action is done or withdrawn, or its context ended: who did it, and when."""
    now = deps.clock.now()
    if found.state != ActionState.OPEN:
        note = repo.latest_update(session=session, action_id=found.id, kind=found.state)
        who = by_at(deps, note.author, note.created_at, now=now) if note is not None else ""
        raise refusal(
            deps,
            f"That action for {found.ref} was {_DONE_AS.get(found.state, found.state)}{who}{since}, "
            "so nothing was changed.",
        )
    if found.context_state != ContextState.OPEN:
        context = session.get(Context, found.context_id)
        if context is not None:
            check_open(deps, session, context, now=now, since=since)
        raise Conflict(f"{found.ref} is no longer open; its actions can no longer change.")


def check_due_unchanged(deps: Deps, session: Session, found: ActionBrief, opened_due: date | None) -> None:
    """Refuse a request for more time when the due date moved after the form was opened."""
    if opened_due is None or found.due_on == opened_due:
        return
    moved = repo.latest_update(session=session, action_id=found.id, kind="due_changed")
    who = "" if moved is None else f"{name(moved.author)} "
    when = "" if moved is None else at(moved.created_at, tz=deps.settings.tz, now=deps.clock.now())
    raise refusal(
        deps,
        f"{who or 'Someone '}moved this action's due date to {found.due_on:%a %d %b}{when}{SINCE_OPENED}, "
        "so nothing was asked. Close this form and ask again if you still need more time.",
    )


def not_pending(deps: Deps, ext: ExtensionRequest, ref: str) -> Conflict:
    """The refusal for deciding a request for more time someone already decided: what, who and when."""
    who = by_at(deps, ext.decided_by, ext.decided_at, now=deps.clock.now())
    return refusal(
        deps, f"That request for more time on {ref} was already {ext.state}{who}; nothing was changed."
    )
