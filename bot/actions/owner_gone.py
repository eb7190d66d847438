"""An action owner who can no longer be reached: the coordinators are told at once, once a day."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.core import keys
from bot.core.owed import owed
from bot.core.settings import Settings
from bot.domain.calendar import local_date
from bot.domain.enums import ActionState
from storage import actions as repo
from storage import audit, outbox
from storage import reminders as store
from storage.outbox import Op

_ACTION_KEY = re.compile(r"^(?:reminder:action:|action:)(\d+):")


def _action_ids(key: str, payload: dict[str, Any] | None) -> list[int]:
    """The actions a failed DM was about: named in its key, or listed in it (a digest, a decision's DM)."""
    match = _ACTION_KEY.match(key)
    if match is not None:
        return [int(match.group(1))]
    items = ((payload or {}).get("data") or {}).get("items") or []
    return [int(i["action_id"]) for i in items if isinstance(i, dict) and "action_id" in i]


def owner_unreachable(
    session: Session,
    settings: Settings,
    *,
    key: str,
    op: str,
    error: str,
    now: datetime,
    payload: dict[str, Any] | None = None,
) -> bool:
    """A DM about actions could not reach their owner, who has left: tell the coordinators (once a day each).

    Takes the failed outbox row's fields; True when the coordinators are (or were already) told.
    """
    if op != Op.DM or not settings.panel_channel:
        return False
    found = repo.briefs(session=session, ids=_action_ids(key, payload))
    actions = [a for a in found.values() if a.state == ActionState.OPEN]
    if not actions:
        return False
    today = local_date(now, settings.tz)
    for a in actions:
        _tell(session, a, error, today, now)
    return True


def _tell(session: Session, a: repo.ActionBrief, error: str, today: date, now: datetime) -> None:
    """The coordinators told about one action whose owner is gone, unless already told today."""
    claimed = store.claim(
        session=session, keys=[(keys.reminder_subject_action(a.id), "owner_gone", today)], now=now
    )
    if not claimed:
        return  # already escalated today (several DMs to the same owner can fail)
    outbox.enqueue(
        session=session,
        key=claimed[0].outbox_key,
        op=Op.POST,
        channel=outbox.PANEL,
        payload=owed(
            "reminders.owner_gone",
            error=error,
            owner=a.owner_id,
            agency=a.owner_agency,
            ref=a.ref,
            description=a.description,
            due_on=a.due_on,
            action_id=a.id,
        ),
        now=now,
        summary=f"owner of action {a.id} unreachable",
    )
    audit.record(
        session=session,
        at=now,
        actor=audit.SYSTEM,
        action="action.owner_unreachable",
        record_type="action",
        record_id=a.id,
        ref=a.ref,
        detail={"error": error, "owner": a.owner_id},
    )
