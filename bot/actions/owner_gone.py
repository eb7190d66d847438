"""An action owner who can no longer be reached: the coordinators are told at once, once a day."""

from __future__ import annotations

import re
from datetime import datetime

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


def owner_unreachable(
    session: Session, settings: Settings, *, key: str, op: str, error: str, now: datetime
) -> bool:
    """A DM about an action could not reach its owner, who has left: tell the coordinators (once a day).

    Takes the failed outbox row's fields; True when the coordinators are (or were already) told.
    """
    if op != Op.DM or not settings.panel_channel:
        return False
    match = _ACTION_KEY.match(key)
    if match is None:
        return False
    a = repo.brief(session=session, action_id=int(match.group(1)))
    if a is None or a.state != ActionState.OPEN:
        return False
    today = local_date(now, settings.tz)
    claimed = store.claim(
        session=session, keys=[(keys.reminder_subject_action(a.id), "owner_gone", today)], now=now
    )
    if not claimed:
        return True  # already escalated today (several DMs to the same owner can fail)
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
    return True
